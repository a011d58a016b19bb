import { createCaseBody } from '@grassroots/shared/cases/cases.schema';
import type { CategoryQuestion } from '@grassroots/shared/categories/categories.schema';
import { describe, expect, it } from 'vitest';
import { defaultIntakeSource, intakeSources, toAnswers, toCreateBody } from './intake';

const q = (code: string, datatype: CategoryQuestion['datatype'], required = false): CategoryQuestion => ({
  code,
  datatype,
  required,
  order: 1,
  description: code,
  ...(datatype.endsWith('valuelist') ? { values: [{ key: 'a', name: 'A' }] } : {}),
});

describe('staff intake', () => {
  it('offers 代居民上报 to grid workers only, and makes it their default', () => {
    expect(intakeSources(['community_secretary'])).not.toContain('on_behalf');
    expect(intakeSources(['grid_worker'])[0]).toBe('on_behalf');
    expect(defaultIntakeSource(['grid_worker'])).toBe('on_behalf');
    expect(defaultIntakeSource(['leader'])).toBe('visit');
  });

  it('keeps answers of the chosen category only, trimmed, dates as ISO with offset, blanks dropped', () => {
    const when = { format: () => '2026-11-23T21:30:00+08:00' };
    const answers = toAnswers([q('unit', 'string'), q('n', 'number'), q('at', 'datetime'), q('m', 'multivaluelist')], {
      unit: ' 3号楼 ',
      n: 2,
      at: when,
      m: [],
      stale: 'from another category',
    });
    expect(answers).toEqual({ unit: '3号楼', n: 2, at: '2026-11-23T21:30:00+08:00' });
    expect(toAnswers([q('x', 'string')], { x: '  ' })).toBeUndefined();
  });

  it('sends only what the source and place mode use, and the body passes the shared schema', () => {
    const base = { categoryId: '7', description: ' 楼道漏水 ', address: ' ', lng: 111.1, lat: 37.5 };
    const visit = toCreateBody(
      { ...base, source: 'visit', placeMode: 'point', externalNo: 'X1', householdId: '9', buildingId: '3' },
      [],
    );
    expect(visit).toEqual({
      categoryId: '7',
      description: '楼道漏水',
      source: 'visit',
      location: { lng: 111.1, lat: 37.5 },
    });
    expect(createCaseBody.safeParse(visit).success).toBe(true);

    const hotline = toCreateBody(
      { ...base, source: 'hotline', placeMode: 'building', buildingId: '3', externalNo: ' 12345-1 ' },
      [],
    );
    expect(hotline).toMatchObject({ externalNo: '12345-1', buildingId: '3' });
    expect(hotline.location).toBeUndefined();

    // 代居民上报: the household is used even when another place mode was picked before.
    const onBehalf = toCreateBody(
      { ...base, source: 'on_behalf', placeMode: 'point', householdId: '9', onBehalfReason: ' 老人不会用手机 ' },
      [],
    );
    expect(onBehalf).toMatchObject({ householdId: '9', onBehalfReason: '老人不会用手机' });
    expect(onBehalf.location).toBeUndefined();
    expect(createCaseBody.safeParse(onBehalf).success).toBe(true);
    expect(
      createCaseBody.safeParse(toCreateBody({ ...base, source: 'on_behalf', placeMode: 'none' }, [])).success,
    ).toBe(false);
  });
});
