import { describe, expect, it } from 'vitest';
import { levelFitsArea, levelOfRole, levelsAssignableOn, levelsShownFor, roleOfLevel } from './chain.rules.js';

describe('chain rules', () => {
  it('maps levels to roles and back', () => {
    expect(roleOfLevel(1)).toBe('leader');
    expect(roleOfLevel(5)).toBe('party_member');
    expect(levelOfRole('grid_worker')).toBe(4);
    expect(levelOfRole('resident')).toBeNull();
  });

  it('places each level on its own area kind only', () => {
    expect(levelFitsArea(1, 'street')).toBe(true);
    expect(levelFitsArea(1, 'community')).toBe(false);
    expect(levelFitsArea(2, 'community')).toBe(true);
    expect(levelFitsArea(3, 'grid')).toBe(true);
    expect(levelFitsArea(4, 'community')).toBe(false);
    expect(levelsAssignableOn('grid')).toEqual([3, 4, 5]);
    expect(levelsAssignableOn('street')).toEqual([1]);
    expect(levelsAssignableOn('city')).toEqual([]);
  });

  it('shows five levels below a street and two above', () => {
    expect(levelsShownFor('grid')).toEqual([1, 2, 3, 4, 5]);
    expect(levelsShownFor('community')).toEqual([1, 2, 3, 4, 5]);
    expect(levelsShownFor('street')).toEqual([1, 2]);
    expect(levelsShownFor('district')).toEqual([1, 2]);
  });
});
