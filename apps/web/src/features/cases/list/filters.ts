/**
 * The case list's filters live in the URL query, so a copied link reproduces the list and the analytics pages
 * can drill down with `/console/cases?status=dispatched&area=12`. Pure: parse, serialise, and turn into the
 * API query of GET /api/cases (and of the CSV export, which takes the same filters without paging).
 */

import { type DrillFigure, drillFigures } from '@grassroots/shared/analytics/analytics.facts';
import { type CaseStatus, caseStatuses } from '@grassroots/shared/cases/cases.lifecycle';
import { type CaseSort, type CaseSource, caseSorts, caseSources } from '@grassroots/shared/cases/cases.schema';

export interface CaseFilters {
  status: CaseStatus[];
  source: CaseSource[];
  category?: string;
  area?: string;
  /** 'account:ID' | 'organisation:ID' */
  handler?: string;
  overdue?: boolean;
  /** YYYY-MM-DD (whole Shanghai days on the server). */
  from?: string;
  to?: string;
  q?: string;
  /**
   * Drill-down only (from analytics and warnings): the cases one figure counts, one building or compound, or one
   * address (cases at no building; the server compares it normalised).
   */
  figure?: DrillFigure;
  building?: string;
  compound?: string;
  address?: string;
  sort: CaseSort;
  page: number;
  pageSize: number;
}

export const DEFAULT_SORT: CaseSort = '-createdAt';
export const DEFAULT_PAGE_SIZE = 20;
const PAGE_SIZES = [10, 20, 50, 100];

const ID = /^[1-9][0-9]{0,15}$/;
const HANDLER = /^(account|organisation):[1-9][0-9]{0,15}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Repeated (`?status=a&status=b`) or comma-separated (`?status=a,b`) values, unknown ones dropped. */
function listParam<T extends string>(params: URLSearchParams, key: string, allowed: readonly T[]): T[] {
  const values = params
    .getAll(key)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim());
  return [...new Set(values.filter((v): v is T => (allowed as readonly string[]).includes(v)))];
}

const matching = (v: string | null, re: RegExp) => (v && re.test(v) ? v : undefined);

function positiveInt(v: string | null, fallback: number, allowed?: number[]) {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) return fallback;
  return allowed && !allowed.includes(n) ? fallback : n;
}

export function parseCaseFilters(params: URLSearchParams): CaseFilters {
  const sort = params.get('sort');
  const q = params.get('q')?.trim().slice(0, 100);
  const address = params.get('address')?.trim().slice(0, 200);
  const overdue = params.get('overdue');
  return {
    status: listParam(params, 'status', caseStatuses),
    source: listParam(params, 'source', caseSources),
    category: matching(params.get('category'), ID),
    area: matching(params.get('area'), ID),
    handler: matching(params.get('handler'), HANDLER),
    overdue: overdue === 'true' ? true : undefined,
    from: matching(params.get('from'), DATE),
    to: matching(params.get('to'), DATE),
    q: q || undefined,
    figure: drillFigures.find((d) => d === params.get('figure')),
    building: matching(params.get('building'), ID),
    compound: matching(params.get('compound'), ID),
    address: address || undefined,
    sort: (caseSorts as readonly string[]).includes(sort ?? '') ? (sort as CaseSort) : DEFAULT_SORT,
    page: positiveInt(params.get('page'), 1),
    pageSize: positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE, PAGE_SIZES),
  };
}

/** The URL query for `f`; defaults are left out so a plain list has a plain URL. */
export function toSearchParams(f: CaseFilters): URLSearchParams {
  const p = new URLSearchParams();
  for (const s of f.status) p.append('status', s);
  for (const s of f.source) p.append('source', s);
  if (f.category) p.set('category', f.category);
  if (f.area) p.set('area', f.area);
  if (f.handler) p.set('handler', f.handler);
  if (f.overdue) p.set('overdue', 'true');
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.q) p.set('q', f.q);
  if (f.figure) p.set('figure', f.figure);
  if (f.building) p.set('building', f.building);
  if (f.compound) p.set('compound', f.compound);
  if (f.address) p.set('address', f.address);
  if (f.sort !== DEFAULT_SORT) p.set('sort', f.sort);
  if (f.page !== 1) p.set('page', String(f.page));
  if (f.pageSize !== DEFAULT_PAGE_SIZE) p.set('pageSize', String(f.pageSize));
  return p;
}

/** A changed filter starts again from page 1: page 5 of the old results may not exist. */
export function withFilter(f: CaseFilters, change: Partial<Omit<CaseFilters, 'page' | 'pageSize'>>): CaseFilters {
  return { ...f, ...change, page: 1 };
}

export type ApiQuery = Record<string, string | number | string[] | undefined>;

/** The filters as GET /api/cases/export.csv takes them (no paging). */
export function toFilterQuery(f: CaseFilters): ApiQuery {
  return {
    status: f.status.length ? f.status.join(',') : undefined,
    source: f.source.length ? f.source.join(',') : undefined,
    category: f.category,
    area: f.area,
    handler: f.handler,
    overdue: f.overdue ? 'true' : undefined,
    from: f.from,
    to: f.to,
    q: f.q,
    figure: f.figure,
    building: f.building,
    compound: f.compound,
    address: f.address,
    sort: f.sort,
  };
}

/** The filters as GET /api/cases takes them. */
export const toListQuery = (f: CaseFilters): ApiQuery => ({
  ...toFilterQuery(f),
  page: f.page,
  pageSize: f.pageSize,
});

/** How many filters narrow the list (shown on the reset button). */
export const activeFilterCount = (f: CaseFilters) =>
  [
    f.status.length,
    f.source.length,
    f.category,
    f.area,
    f.handler,
    f.overdue,
    f.from || f.to,
    f.q,
    f.figure,
    f.building,
    f.compound,
    f.address,
  ].filter(Boolean).length;

type SortableField = 'createdAt' | 'resolveBy' | 'number';
export type SortOrder = 'ascend' | 'descend' | null;

/** The antd column sort order of `field` under `sort`. */
export function sortOrderOf(sort: CaseSort, field: SortableField): SortOrder {
  if (sort === field) return 'ascend';
  if (sort === `-${field}`) return 'descend';
  return null;
}

/** An antd sorter change back to a sort key; cleared sorting returns to the default. */
export function sortFrom(field: unknown, order: SortOrder | undefined): CaseSort {
  if (!order || typeof field !== 'string') return DEFAULT_SORT;
  const key = order === 'ascend' ? field : `-${field}`;
  return (caseSorts as readonly string[]).includes(key) ? (key as CaseSort) : DEFAULT_SORT;
}
