/**
 * Repeat warnings (前响应): the same building, compound or address with ≥ N cases of one leaf category in a
 * 30-day window (shared detectRepeats). A case counts at its building (its own, or its household's) and that
 * building's compound; a case at no building counts at its address key (warnings.address.ts) — so a case with
 * a building and an address is never in two warnings of the same level. A new compound warning whose cases are
 * exactly those of one of its buildings' warnings (same category, window and count) is left out: it would say
 * the same thing twice.
 * An address has no area of its own: its warning sits at the deepest area holding every case it counts (their
 * place, or else handling area), so whoever sees the warning can see each of its cases in the drill-down.
 */
import {
  DAY_MS,
  dayStartOf,
  detectRepeats,
  type RepeatEvent,
  type RepeatOptions,
  type Window,
} from '@grassroots/shared/warnings/warnings.detect';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { buildingsByIds, compoundsByIds, dailyAddressCounts, dailyBuildingCounts } from './warnings.counts.js';
import type { Found } from './warnings.scan.js';

type K = Kysely<Database>;
type RepeatKind = 'building' | 'compound' | 'address';

/** `kind:category:subject` — the subject (an id, or an address key which may hold ':') last. */
const pairKey = (kind: string, categoryId: number, subject: string | number) => `${kind}:${categoryId}:${subject}`;
function parsePair(key: string) {
  const a = key.indexOf(':');
  const b = key.indexOf(':', a + 1);
  return { kind: key.slice(0, a) as RepeatKind, categoryId: Number(key.slice(a + 1, b)), subject: key.slice(b + 1) };
}

/** The deepest area path above (or at) every one of `paths`; '/' (no area's path) when they share no root. */
export function commonAreaPath(paths: readonly string[]): string {
  let common = paths[0] ?? '';
  for (const p of paths.slice(1)) {
    let i = 0;
    while (i < common.length && i < p.length && common[i] === p[i]) i++;
    common = common.slice(0, common.lastIndexOf('/', i - 1) + 1);
  }
  return common;
}

const unique = <T>(xs: T[]) => [...new Set(xs)];

export async function findRepeats(k: K, now: number, categoryIds: number[], opts: RepeatOptions): Promise<Found[]> {
  const lookBack = dayStartOf(now) - (opts.windowDays - 1) * DAY_MS;
  const byBuilding = await dailyBuildingCounts(k, categoryIds, lookBack);
  const byAddress = await dailyAddressCounts(k, categoryIds, lookBack);
  if (!byBuilding.length && !byAddress.length) return [];
  const buildings = new Map(
    (await buildingsByIds(k, unique(byBuilding.map((r) => r.buildingId)))).map((b) => [b.id, b]),
  );
  const compoundIds = unique([...buildings.values()].map((b) => b.compoundId).filter((id) => id != null));
  const compounds = new Map((await compoundsByIds(k, compoundIds)).map((c) => [c.id, c]));

  const events: RepeatEvent[] = [];
  for (const r of byBuilding) {
    events.push({ pair: pairKey('building', r.categoryId, r.buildingId), at: r.at, count: r.n });
    const cid = buildings.get(r.buildingId)?.compoundId;
    if (cid != null) events.push({ pair: pairKey('compound', r.categoryId, cid), at: r.at, count: r.n });
  }
  const placesOf = new Map<string, { at: number; path: string }[]>();
  for (const r of byAddress) {
    const pair = pairKey('address', r.categoryId, r.address);
    events.push({ pair, at: r.at, count: r.n });
    const places = placesOf.get(pair);
    if (places) places.push({ at: r.at, path: r.path });
    else placesOf.set(pair, [{ at: r.at, path: r.path }]);
  }
  const hits = detectRepeats(events, now, await previousWindows(k, lookBack), opts);

  // The compound windows a building warning already tells in full.
  const told = new Set<string>();
  for (const h of hits) {
    const p = parsePair(h.pair);
    const cid = p.kind === 'building' ? buildings.get(Number(p.subject))?.compoundId : null;
    if (cid != null) told.add(`${pairKey('compound', p.categoryId, cid)}|${h.window.from}|${h.observed}`);
  }
  const addressPaths = new Map(
    hits
      .filter((h) => parsePair(h.pair).kind === 'address')
      .map((h) => {
        const inWindow = (placesOf.get(h.pair) ?? []).filter((x) => x.at >= h.window.from && x.at < h.window.to);
        return [h.pair, commonAreaPath(inWindow.map((x) => x.path))] as const;
      }),
  );
  const areaIds = await areaIdsByPath(k, unique([...addressPaths.values()].filter(Boolean)));

  const out: Found[] = [];
  for (const hit of hits) {
    const { kind, categoryId, subject } = parsePair(hit.pair);
    if (kind === 'compound' && !hit.existing && told.has(`${hit.pair}|${hit.window.from}|${hit.observed}`)) continue;
    const place = placeOf(kind, subject, hit.pair);
    if (!place) continue;
    out.push({
      kind: 'repeat',
      ...place,
      categoryId,
      subjectKind: kind,
      window: hit.window,
      observed: hit.observed,
      baseline: opts.minCount,
      numbers: { observed: hit.observed, minCount: opts.minCount, windowDays: opts.windowDays },
    });
  }
  return out;

  function placeOf(kind: RepeatKind, subject: string, pair: string) {
    if (kind === 'building') {
      const b = buildings.get(Number(subject));
      const name = b?.compoundName ? `${b.compoundName} ${b.name}` : b?.name;
      return b && { areaId: b.gridId, areaPath: b.areaPath, subjectId: b.id, subjectName: name! };
    }
    if (kind === 'compound') {
      const c = compounds.get(Number(subject));
      return c && { areaId: c.areaId, areaPath: c.areaPath, subjectId: c.id, subjectName: c.name };
    }
    const areaPath = addressPaths.get(pair) ?? '';
    const areaId = areaIds.get(areaPath);
    // An address key is at most as long as the address column (200): it is kept whole as the name.
    return areaId === undefined ? null : { areaId, areaPath, subjectId: null, subjectName: subject };
  }
}

/** Each repeat pair's latest window that may still matter (it ends after the look-back starts). */
async function previousWindows(k: K, lookBack: number) {
  const rows = await k
    .selectFrom('warnings')
    .select(['subjectKind', 'subjectId', 'subjectName', 'categoryId', 'windowFrom', 'windowTo'])
    .where('kind', '=', 'repeat')
    .where('windowTo', '>', lookBack)
    .execute();
  const out = new Map<string, Window>();
  for (const r of rows) {
    // An address warning's subject is its key, kept as its name.
    const key = pairKey(r.subjectKind, r.categoryId, r.subjectKind === 'address' ? r.subjectName : r.subjectId);
    const w = { from: Number(r.windowFrom), to: Number(r.windowTo) };
    if ((out.get(key)?.from ?? Number.NEGATIVE_INFINITY) < w.from) out.set(key, w);
  }
  return out;
}

async function areaIdsByPath(k: K, paths: string[]) {
  if (!paths.length) return new Map<string, number>();
  const rows = await k.selectFrom('areas').select(['id', 'path']).where('path', 'in', paths).execute();
  return new Map(rows.map((a) => [a.path, a.id]));
}
