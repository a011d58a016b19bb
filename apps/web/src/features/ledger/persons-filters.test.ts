import { describe, expect, it } from 'vitest';
import { activeFilterCount, emptyPersonFilters, exportQuery, filterQuery, listQuery } from './persons-filters';

describe('person filters', () => {
  it('leaves blank filters out and keeps the default order', () => {
    expect(filterQuery(emptyPersonFilters)).toEqual({
      gridId: undefined,
      q: undefined,
      tag: undefined,
      ageGroup: undefined,
      gender: undefined,
      movedOut: undefined,
      sort: 'birthDate',
    });
    expect(activeFilterCount(emptyPersonFilters)).toBe(0);
  });

  it('maps every filter, custom fields as custom.<code>', () => {
    const f = {
      ...emptyPersonFilters,
      gridId: '7',
      q: ' 王 ',
      tags: ['党员', '低保'],
      ageGroup: '60-79' as const,
      gender: 'female' as const,
      movedOut: 'all' as const,
      sort: '-birthDate' as const,
      custom: { vaccine: '已接种', empty: '' },
    };
    expect(listQuery(f, 2, 50)).toEqual({
      gridId: '7',
      q: '王',
      tag: ['党员', '低保'],
      ageGroup: '60-79',
      gender: 'female',
      movedOut: 'all',
      sort: '-birthDate',
      'custom.vaccine': '已接种',
      page: 2,
      pageSize: 50,
    });
    expect(activeFilterCount(f)).toBe(7);
  });

  it('asks for clear values only with a reason', () => {
    const f = { ...emptyPersonFilters, ageGroup: '80+' as const };
    expect(exportQuery(f, null)).not.toHaveProperty('unmasked');
    expect(exportQuery(f, { reason: ' 走访核对 ' })).toMatchObject({
      ageGroup: '80+',
      unmasked: 'true',
      reason: '走访核对',
    });
    expect(exportQuery(f, null)).not.toHaveProperty('page');
  });
});
