/**
 * The live wall's server side: turns committed case writes (CasesService.onCommitted) into happenings without
 * personal data, resolves which subtrees a caller's wall may show, and answers today's headline figures.
 */
import { AppError } from '@grassroots/shared/common/errors';
import { shanghaiDate } from '@grassroots/shared/common/shanghai-time';
import type { LiveEvent, LiveToday } from '@grassroots/shared/live/live.schema';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import { coversPath } from '../../core/scope.js';
import type { CaseCommitted, CasesService } from '../cases/cases.service.js';
import { type Envelope, LiveHub } from './live.hub.js';
import { liveRepository as repo } from './live.repository.js';

const iso = (ms: number) => new Date(ms).toISOString();
/** Midnight of the Shanghai day holding `ms`. */
export const shanghaiDayStart = (ms: number) => Date.parse(`${shanghaiDate(ms)}T00:00:00+08:00`);

/** What the wall may know of a committed case write: numbers, names of category and area, states — no more. */
export function envelopeOf(c: CaseCommitted): Envelope {
  const { row } = c;
  const paths = [c.areaPath, row.placePath].filter((x): x is string => !!x);
  const event: LiveEvent =
    c.action === 'create'
      ? {
          type: 'case.created',
          number: row.number,
          categoryName: c.names?.category ?? '',
          areaId: String(row.areaId),
          areaName: c.names?.area ?? '',
          source: row.source,
          status: c.to,
          createdAt: iso(c.at),
        }
      : {
          type: 'case.changed',
          number: row.number,
          areaId: String(row.areaId),
          action: c.action,
          from: row.status,
          to: c.to,
          at: iso(c.at),
        };
  return { paths, event };
}

export class LiveService {
  readonly hub: LiveHub;
  /** Where today's case ids start, for the day it was found (see live.repository.ts). */
  private firstId: { since: number; id: number } | null = null;

  constructor(
    private ctx: AppContext,
    cases: CasesService,
  ) {
    this.hub = new LiveHub(ctx.db, (m) => console.error(m));
    cases.onCommitted = (c) => this.publishCase(c);
  }

  /** Fire and forget, after commit: a failure here must never reach the case write that already succeeded. */
  publishCase(c: CaseCommitted) {
    try {
      this.hub.publish(envelopeOf(c));
    } catch (e) {
      console.error(`live: publish failed (${(e as Error).message})`);
    }
  }

  /** The subtrees a wall of `p` shows: the chosen area (which must be in scope: 404 otherwise) or the scope. */
  async areaPaths(p: Principal, areaId?: string): Promise<string[]> {
    if (!areaId) return p.scope.areaPaths;
    const area = await repo.findAreaPath(this.ctx.db.kysely, Number(areaId));
    if (!area || !coversPath(p.scope, area.path)) throw new AppError('NOT_FOUND');
    return [area.path];
  }

  async today(p: Principal, areaId?: string): Promise<LiveToday> {
    const paths = await this.areaPaths(p, areaId);
    const now = this.ctx.clock.now();
    const since = shanghaiDayStart(now);
    const k = this.ctx.db.kysely;
    if (this.firstId?.since !== since) this.firstId = { since, id: await repo.firstCaseIdSince(k, since) };
    const fromId = this.firstId.id;
    const intake = await repo.intakeSince(k, fromId, since, paths);
    const closed = await repo.closedSince(k, since, paths);
    const latest = await repo.latestSince(k, fromId, since, paths);
    return {
      date: shanghaiDate(now),
      intake,
      closed,
      latest: latest.map((r) => ({
        number: r.number,
        categoryName: r.categoryName,
        areaId: String(r.areaId),
        areaName: r.areaName,
        source: r.source,
        status: r.status,
        createdAt: iso(r.createdAt),
      })),
      asOf: iso(now),
    };
  }

  close() {
    return this.hub.close();
  }
}
