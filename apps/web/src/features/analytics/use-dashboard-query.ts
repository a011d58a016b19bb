/** The dashboard's filters in the URL (a copied link shows the same figures); this month by default. */
import { type CaseSource, caseSources } from '@grassroots/shared/cases/cases.schema';
import { shanghaiDate } from '@grassroots/shared/common/shanghai-time';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { DashboardQuery } from './kpi-figures';

const ID = /^[1-9][0-9]{0,15}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const KEYS = ['areaId', 'from', 'to', 'category', 'source'] as const;

/** The first day of this month and today, in Shanghai. */
export function thisMonth(now = Date.now()): { from: string; to: string } {
  const today = shanghaiDate(now);
  return { from: `${today.slice(0, 8)}01`, to: today };
}

export function parseDashboardQuery(params: URLSearchParams, now = Date.now()): DashboardQuery {
  const get = (k: string, re: RegExp) => {
    const v = params.get(k);
    return v && re.test(v) ? v : undefined;
  };
  const month = thisMonth(now);
  const from = get('from', DATE) ?? month.from;
  const to = get('to', DATE) ?? month.to;
  return {
    areaId: get('areaId', ID),
    from: from <= to ? from : to,
    to,
    category: get('category', ID),
    source: caseSources.find((s): s is CaseSource => s === params.get('source')),
  };
}

export function useDashboardQuery() {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseDashboardQuery(params), [params]);
  const change = useCallback(
    (patch: Partial<DashboardQuery>) => {
      const next = { ...query, ...patch };
      const p = new URLSearchParams();
      for (const k of KEYS) if (next[k]) p.set(k, String(next[k]));
      setParams(p, { replace: true });
    },
    [query, setParams],
  );
  return [query, change] as const;
}
