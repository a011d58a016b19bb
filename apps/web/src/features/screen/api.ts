/**
 * Data of the wall (everything under the ['screen'] query key): figures poll on their own, and every
 * (re)connection of the live stream refetches them — a server restart heals without anyone touching the wall.
 */
import type { AreaFeatureProps, AreaTreeNode, FeatureCollectionOf } from '@grassroots/shared/areas/areas.schema';
import type { LiveEvent, LiveToday } from '@grassroots/shared/live/live.schema';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../../lib/api';
import type { ScreenKpis } from './screen-options';

/** The analytics routes answer 404 ROUTE_NOT_FOUND until they are deployed: "数据准备中", not an error. */
export const isNotReady = (e: unknown) => e instanceof ApiError && e.status === 404 && e.code === 'ROUTE_NOT_FOUND';

export interface ScreenWarning {
  id: string;
  kind: 'hotspot' | 'repeat';
  title: string;
  areaName: string;
  categoryName: string;
  observed: number;
  baseline: number;
  createdAt: string;
}

/** Warnings the wall cycles through, WARNINGS_PER_PAGE at a time. */
export const WARNINGS_MAX = 12;
export const WARNINGS_PER_PAGE = 3;
const slow = { refetchInterval: 60_000, staleTime: 30_000, retry: (n: number, e: unknown) => !isNotReady(e) && n < 2 };

export const useAreaTree = () =>
  useQuery({ queryKey: ['screen', 'tree'], queryFn: () => api.get<{ nodes: AreaTreeNode[] }>('/api/areas/tree') });

export const useChildGeo = (areaId: string | undefined) =>
  useQuery({
    queryKey: ['screen', 'geo', areaId],
    queryFn: () => api.get<FeatureCollectionOf<AreaFeatureProps>>('/api/areas/geojson', { rootId: areaId }),
    enabled: !!areaId,
    staleTime: 10 * 60_000,
  });

/** Figures of the month grouped by child area or by day; asked again soon while the roll-ups are not built yet. */
const useFigures = (groupBy: 'area' | 'day', areaId: string | undefined, from: string, to: string) =>
  useQuery({
    queryKey: ['screen', 'kpis', groupBy, areaId, from, to],
    queryFn: () => api.get<ScreenKpis>('/api/analytics/kpis', { areaId, from, to, groupBy }),
    enabled: !!areaId,
    ...slow,
    refetchInterval: (q) => (q.state.data && q.state.data.asOf === null ? 5_000 : slow.refetchInterval),
  });
export const useKpis = (areaId: string | undefined, from: string, to: string) => useFigures('area', areaId, from, to);
export const useTrend = (areaId: string | undefined, from: string, to: string) => useFigures('day', areaId, from, to);

export const useWarnings = (areaId: string | undefined) =>
  useQuery({
    queryKey: ['screen', 'warnings', areaId],
    queryFn: () =>
      api.get<{ items: ScreenWarning[]; total: number }>('/api/analytics/warnings', {
        status: 'open',
        areaId,
        page: 1,
        pageSize: WARNINGS_MAX,
      }),
    enabled: !!areaId,
    ...slow,
  });

export const useToday = (areaId: string | undefined) =>
  useQuery({
    queryKey: ['screen', 'today', areaId],
    queryFn: () => api.get<LiveToday>('/api/live/today', { areaId }),
    enabled: !!areaId,
    refetchInterval: 30_000,
    staleTime: 10_000,
  });

export type LiveState = 'connecting' | 'live' | 'reconnecting';
const REOPEN_MS = 5_000;

/**
 * The live stream of `areaId`. The browser's EventSource reconnects by itself while the server is away; when
 * it gives up (a non-stream answer, e.g. a proxy's 502 or a 401) it is opened again after REOPEN_MS. Each
 * `ready` after a reconnection, and each `resync` the server sends, refetch the wall's figures.
 */
export function useLiveStream(areaId: string | undefined, onEvent: (e: LiveEvent) => void): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const qc = useQueryClient();
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!areaId) return;
    let es: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let everReady = false;
    const open = () => {
      es = new EventSource(`/api/live/stream?areaId=${encodeURIComponent(areaId)}`, { withCredentials: true });
      es.addEventListener('ready', () => {
        setState('live');
        if (everReady) void qc.invalidateQueries({ queryKey: ['screen'] });
        everReady = true;
      });
      // The server may have missed happenings (its node lost the cross-node LISTEN connection for a while).
      es.addEventListener('resync', () => void qc.invalidateQueries({ queryKey: ['screen'] }));
      for (const type of ['case.created', 'case.changed'])
        es.addEventListener(type, (m) => handler.current(JSON.parse((m as MessageEvent).data) as LiveEvent));
      es.onerror = () => {
        setState('reconnecting');
        if (es?.readyState === EventSource.CLOSED) {
          es.close();
          // The session may have ended: let the page find out (it sends a signed-out wall to the login).
          void qc.invalidateQueries({ queryKey: ['me'] });
          timer = setTimeout(open, REOPEN_MS);
        }
      };
    };
    open();
    return () => {
      clearTimeout(timer);
      es?.close();
    };
  }, [areaId, qc]);
  return state;
}
