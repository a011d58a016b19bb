/**
 * The loader writes its events' data as hand-built JSON for the common shapes (cases-sim.ts `eventData`): it must
 * be exactly what JSON.stringify of the general shape gives — the service's format — for every mix of fields.
 */
import { caseTiers } from '@grassroots/shared/cases/cases.lifecycle';
import { describe, expect, it } from 'vitest';
import { type ActionInput, eventData } from './cases-sim.js';

const reasons = [undefined, '无人接听', '含"引号"和\\反斜杠', '换行\n后'];
const targets: ActionInput['target'][] = [undefined, { kind: 'account', id: 7 }, { kind: 'organisation', id: 12 }];
const ratings: ActionInput['rating'][] = [undefined, 'satisfied', 'unsatisfied'];
const duplicates = [undefined, 42];
const tiers = [undefined, ...caseTiers];

describe('loader event data', () => {
  it('equals JSON.stringify of the general shape for every mix of fields, twice (the cache)', () => {
    let shapes = 0;
    for (let pass = 0; pass < 2; pass++)
      for (const reason of reasons)
        for (const target of targets)
          for (const rating of ratings)
            for (const duplicateOf of duplicates)
              for (const tier of tiers) {
                const expected = JSON.stringify({
                  reason,
                  target: target && { kind: target.kind, id: String(target.id) },
                  rating,
                  duplicateOf: duplicateOf === undefined ? undefined : String(duplicateOf),
                  tier,
                });
                expect(eventData({ reason, target, rating, duplicateOf }, tier)).toBe(expected);
                shapes++;
              }
    expect(shapes).toBe(2 * 4 * 3 * 3 * 2 * tiers.length);
  });
});
