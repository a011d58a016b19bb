/**
 * The live wall (/screen): what GET /api/live/stream sends and GET /api/live/today answers. Case happenings
 * carry no personal data — no description, address, names or phones — only what a wall may show to a room.
 */
import { z } from 'zod';
import { idParam } from '../common/ids.js';

/** SSE event names. */
export const liveEventTypes = ['case.created', 'case.changed', 'resync'] as const;
export type LiveEventType = (typeof liveEventTypes)[number];

export interface LiveCaseCreated {
  type: 'case.created';
  number: string;
  categoryName: string;
  areaId: string;
  areaName: string;
  source: string;
  status: string;
  createdAt: string;
}

export interface LiveCaseChanged {
  type: 'case.changed';
  number: string;
  areaId: string;
  action: string;
  from: string;
  to: string;
  at: string;
}

/** A case happening. */
export type LiveEvent = LiveCaseCreated | LiveCaseChanged;

/**
 * The server may have missed happenings (on PostgreSQL its node lost and regained the LISTEN connection that
 * brings other nodes' happenings): the wall refetches its figures and today's cases.
 */
export interface LiveResync {
  type: 'resync';
  at: string;
}

/** The wall's area: a subtree inside the caller's scope (default: all of it). */
export const liveAreaQuery = z.object({ areaId: idParam.optional() });
export type LiveAreaQuery = z.infer<typeof liveAreaQuery>;

const liveCase = z.object({
  number: z.string(),
  categoryName: z.string(),
  areaId: z.string(),
  areaName: z.string(),
  source: z.string(),
  status: z.string(),
  createdAt: z.string(),
});

export const liveToday = z.object({
  /** The Shanghai date counted, 'YYYY-MM-DD'. */
  date: z.string(),
  /** Cases submitted today in the area. */
  intake: z.number().int(),
  /** Cases closed (结案) today in the area. */
  closed: z.number().int(),
  /** The newest cases of today, newest first (at most 12): what the ticker shows before events arrive. */
  latest: z.array(liveCase),
  asOf: z.string(),
});
export type LiveToday = z.infer<typeof liveToday>;
