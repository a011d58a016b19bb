import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  parseCaseFilters,
  sortFrom,
  sortOrderOf,
  toFilterQuery,
  toListQuery,
  toSearchParams,
  withFilter,
} from './filters';

const parse = (qs: string) => parseCaseFilters(new URLSearchParams(qs));

describe('case list filters in the URL', () => {
  it('reads repeated and comma-separated lists, dropping unknown values and duplicates', () => {
    const f = parse('status=submitted,dispatched&status=bogus&status=submitted&source=visit&source=x');
    expect(f.status).toEqual(['submitted', 'dispatched']);
    expect(f.source).toEqual(['visit']);
  });

  it('keeps only well-formed ids, handler keys, dates, sorts and page sizes', () => {
    const f = parse(
      'category=0&area=12&handler=account:7&from=2026-01-01&to=tomorrow&sort=-resolveBy&page=3&pageSize=13',
    );
    expect(f).toMatchObject({ category: undefined, area: '12', handler: 'account:7', from: '2026-01-01' });
    expect(f.to).toBeUndefined();
    expect(f.sort).toBe('-resolveBy');
    expect(f.page).toBe(3);
    expect(f.pageSize).toBe(20);
    expect(parse('handler=area:3&sort=drop table').handler).toBeUndefined();
    expect(parse('sort=nonsense').sort).toBe('-createdAt');
  });

  it('round-trips through the URL and leaves defaults out', () => {
    expect(toSearchParams(parse('')).toString()).toBe('');
    const qs = 'status=accepted&status=resolved&area=4&overdue=true&q=%E6%BC%8F%E6%B0%B4&sort=number&page=2';
    const f = parse(qs);
    expect(parse(toSearchParams(f).toString())).toEqual(f);
    expect(toSearchParams(f).getAll('status')).toEqual(['accepted', 'resolved']);
    expect(f.q).toBe('漏水');
  });

  it('goes back to page 1 when a filter changes', () => {
    const f = parse('page=4&pageSize=50');
    const g = withFilter(f, { overdue: true });
    expect(g.page).toBe(1);
    expect(g.pageSize).toBe(50);
    expect(activeFilterCount(g)).toBe(1);
  });

  it('sends lists comma-joined and omits empty filters', () => {
    const q = toListQuery(parse('status=accepted&status=resolved&page=2'));
    expect(q).toMatchObject({ status: 'accepted,resolved', page: 2, pageSize: 20, sort: '-createdAt' });
    expect(q.source).toBeUndefined();
    expect(q.overdue).toBeUndefined();
  });

  it('maps table sorting both ways', () => {
    expect(sortOrderOf('-resolveBy', 'resolveBy')).toBe('descend');
    expect(sortOrderOf('-resolveBy', 'createdAt')).toBeNull();
    expect(sortFrom('number', 'ascend')).toBe('number');
    expect(sortFrom('resolveBy', 'descend')).toBe('-resolveBy');
    expect(sortFrom('createdAt', null)).toBe('-createdAt');
    expect(sortFrom('description', 'ascend')).toBe('-createdAt');
  });

  it('keeps the drill-down filters (figure, building, compound) and drops unknown figures', () => {
    const f = parseCaseFilters(new URLSearchParams('figure=closedOnTime&building=12&compound=x&area=3'));
    expect([f.figure, f.building, f.compound]).toEqual(['closedOnTime', '12', undefined]);
    expect(toSearchParams(f).toString()).toBe('area=3&figure=closedOnTime&building=12');
    expect(toFilterQuery(f)).toMatchObject({ figure: 'closedOnTime', building: '12' });
    expect(activeFilterCount(f)).toBe(3);
    expect(parseCaseFilters(new URLSearchParams('figure=bogus')).figure).toBeUndefined();
  });

  it('keeps an address drill-down (trimmed, at most 200 characters) through the URL and into the API query', () => {
    const f = parseCaseFilters(new URLSearchParams('address=%20站前路8号%203单元%20&category=4'));
    expect(f.address).toBe('站前路8号 3单元');
    expect(toSearchParams(f).get('address')).toBe('站前路8号 3单元');
    expect(toListQuery(f)).toMatchObject({ address: '站前路8号 3单元', category: '4' });
    expect(activeFilterCount(f)).toBe(2);
    expect(parseCaseFilters(new URLSearchParams('address=%20%20')).address).toBeUndefined();
    expect(parseCaseFilters(new URLSearchParams(`address=${'路'.repeat(250)}`)).address).toHaveLength(200);
  });
});
