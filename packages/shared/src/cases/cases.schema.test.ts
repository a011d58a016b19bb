import { describe, expect, it } from 'vitest';
import { caseActions } from './cases.lifecycle.js';
import {
  boundToMs,
  caseActionBody,
  caseListQuery,
  caseSourceLabels,
  caseSources,
  caseView,
  createCaseBody,
  missingActionInputs,
  missingForSource,
} from './cases.schema.js';

describe('create body', () => {
  it('accepts a resident case and labels every source', () => {
    const b = createCaseBody.parse({
      categoryId: '3',
      description: ' 楼道灯坏了 ',
      location: { lng: 111.14, lat: 37.52 },
    });
    expect(b.description).toBe('楼道灯坏了');
    expect(caseSources).toHaveLength(8);
    for (const s of caseSources) expect(caseSourceLabels[s]['zh-CN']).toBeTruthy();
  });
  it('rejects bad input', () => {
    expect(createCaseBody.safeParse({ categoryId: '3', description: '' }).success).toBe(false);
    expect(createCaseBody.safeParse({ categoryId: 'x', description: 'a' }).success).toBe(false);
    expect(
      createCaseBody.safeParse({ categoryId: '3', description: 'a', location: { lng: 200, lat: 0 } }).success,
    ).toBe(false);
    expect(createCaseBody.safeParse({ categoryId: '3', description: 'a', source: 'fax' }).success).toBe(false);
    const tooMany = Array.from({ length: 10 }, (_, i) => String(i + 1));
    expect(createCaseBody.safeParse({ categoryId: '3', description: 'a', attachmentIds: tooMany }).success).toBe(false);
  });
  it('needs a household and a reason on behalf', () => {
    const r = createCaseBody.safeParse({ categoryId: '3', description: 'a', source: 'on_behalf' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['householdId', 'onBehalfReason']);
    expect(missingForSource({ categoryId: '3', description: 'a', householdId: '9' }, 'on_behalf')).toEqual([
      'onBehalfReason',
    ]);
    expect(missingForSource({ categoryId: '3', description: 'a' }, 'hotline')).toEqual([]);
  });
});

describe('action body', () => {
  it('requires version', () => {
    expect(caseActionBody.safeParse({}).success).toBe(false);
    expect(caseActionBody.safeParse({ version: 0 }).success).toBe(true);
    expect(caseActionBody.safeParse({ version: 1, rating: 'great' }).success).toBe(false);
  });
  it('reports inputs an action lacks', () => {
    const v = { version: 3 };
    expect(missingActionInputs('register', v)).toEqual([]);
    expect(missingActionInputs('reject', v)).toEqual(['reason']);
    expect(missingActionInputs('merge', v)).toEqual(['duplicateOf']);
    expect(missingActionInputs('rate', { ...v, rating: 'basic' })).toEqual([]);
    expect(missingActionInputs('dispatch', { ...v, target: { kind: 'account', id: '4' } })).toEqual([]);
    expect(missingActionInputs('dispatch', { ...v, target: { kind: 'area', id: '4' } })).toEqual(['target']);
    expect(missingActionInputs('assign', { ...v, target: { kind: 'area', id: '4' } })).toEqual([]);
    expect(missingActionInputs('assign', { ...v, target: { kind: 'organisation', id: '4' } })).toEqual(['target']);
    const needy = caseActions.filter((a) => missingActionInputs(a, v).length > 0).sort();
    expect(needy).toEqual(['assign', 'denySuspend', 'dispatch', 'merge', 'rate', 'reject', 'return', 'rework'].sort());
  });
});

describe('view and list query', () => {
  it('parses a case view', () => {
    const view = {
      id: '1',
      number: 'GR20250303-0001',
      status: 'registered',
      version: 2,
      tier: 'community',
      areaId: '42',
      categoryId: '3',
      categoryName: '路灯',
      areaName: '高家沟社区',
      source: 'resident',
      description: '楼道灯坏了',
      createdAt: '2025-03-03T08:00:00+08:00',
      deadlines: { respondBy: '2025-03-03T10:00:00+08:00', resolveBy: '2025-03-04T08:00:00+08:00' },
      overdue: false,
      allowedActions: ['dispatch'],
      events: [
        { action: 'create', from: null, to: 'submitted', actorId: '7', at: '2025-03-03T08:00:00+08:00', note: null },
      ],
    };
    expect(caseView.parse(view).events).toHaveLength(1);
    expect(caseView.safeParse({ ...view, allowedActions: ['fly'] }).success).toBe(false);
  });
  it('parses list filters from a query string', () => {
    const q = caseListQuery.parse({
      status: 'registered,dispatched',
      source: ['hotline'],
      overdue: 'true',
      from: '2025-03-01',
      handler: 'organisation:7',
    });
    expect(q).toMatchObject({
      status: ['registered', 'dispatched'],
      source: ['hotline'],
      overdue: true,
      page: 1,
      pageSize: 20,
      sort: '-createdAt',
    });
    expect(caseListQuery.parse({ overdue: 'false' }).overdue).toBe(false);
    expect(caseListQuery.safeParse({ status: 'open' }).success).toBe(false);
    expect(caseListQuery.safeParse({ handler: 'user:1' }).success).toBe(false);
    expect(caseListQuery.safeParse({ from: '2025-3-1' }).success).toBe(false);
    expect(caseListQuery.safeParse({ to: '2025-03-01T10:00:00+08:00' }).success).toBe(true);
  });
  it('turns bounds into Shanghai-day instants', () => {
    expect(boundToMs('2025-03-01', 'from')).toBe(Date.UTC(2025, 1, 28, 16));
    expect(boundToMs('2025-03-31', 'to')).toBe(Date.UTC(2025, 2, 31, 16));
    expect(boundToMs('2025-03-01T10:00:00+08:00', 'to')).toBe(Date.UTC(2025, 2, 1, 2) + 1);
  });
});
