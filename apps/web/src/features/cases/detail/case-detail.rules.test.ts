import { describe, expect, it } from 'vitest';
import {
  areaSubtree,
  consoleActions,
  deadlineRows,
  isConflict,
  mergeNumber,
  pickMergeTarget,
  toActionBody,
} from './case-detail.rules';

const at = (iso: string) => ({ toISOString: () => iso });

describe('toActionBody', () => {
  it('sends the loaded version and trims text, dropping blanks', () => {
    expect(toActionBody('reject', 4, { reason: '  重复  ', note: '   ' })).toEqual({
      version: 4,
      note: undefined,
      reason: '重复',
      target: undefined,
      acceptBy: undefined,
      resolveBy: undefined,
      duplicateOf: undefined,
      attachmentIds: undefined,
    });
  });

  it('splits a dispatch target and passes the deadline overrides', () => {
    const body = toActionBody('dispatch', 1, {
      target: 'organisation:7',
      acceptBy: at('2026-01-05T02:00:00.000Z'),
      resolveBy: null,
    });
    expect(body.target).toEqual({ kind: 'organisation', id: '7' });
    expect(body.acceptBy).toBe('2026-01-05T02:00:00.000Z');
    expect(body.resolveBy).toBeUndefined();
    expect(toActionBody('dispatch', 1, { target: 'account:12' }).target).toEqual({ kind: 'account', id: '12' });
    expect(toActionBody('dispatch', 1, { target: 'area:3' }).target).toBeUndefined();
  });

  it('uses each field only for its own action', () => {
    expect(toActionBody('assign', 2, { areaId: '15', target: 'account:1' }).target).toEqual({ kind: 'area', id: '15' });
    expect(toActionBody('register', 2, { areaId: '15', duplicateOf: '9', attachmentIds: ['1'] })).toMatchObject({
      target: undefined,
      duplicateOf: undefined,
      attachmentIds: undefined,
    });
    expect(toActionBody('merge', 2, { duplicateOf: '9' }).duplicateOf).toBe('9');
    expect(toActionBody('resolve', 2, { note: '已处理', attachmentIds: ['5', '6'] })).toMatchObject({
      note: '已处理',
      attachmentIds: ['5', '6'],
    });
    expect(toActionBody('resolve', 2, { note: '已处理', attachmentIds: [] }).attachmentIds).toBeUndefined();
  });
});

describe('consoleActions', () => {
  it('keeps the server order and drops the resident-only rating', () => {
    expect(consoleActions(['rate', 'reopen'])).toEqual(['reopen']);
    expect(consoleActions(['register', 'reject', 'merge'])).toEqual(['register', 'reject', 'merge']);
  });
});

describe('deadlineRows', () => {
  const deadlines = { acceptBy: 'A', respondBy: 'R', resolveBy: 'S' };
  const rows = (
    status: Parameters<typeof deadlineRows>[0]['status'],
    d: typeof deadlines | Omit<typeof deadlines, 'acceptBy'> = deadlines,
  ) =>
    deadlineRows({ status, deadlines: d }).map((r) => `${r.key}:${r.done ? 'done' : r.paused ? 'paused' : 'running'}`);

  it('shows the accept deadline only while dispatched', () => {
    expect(rows('dispatched')).toEqual(['accept:running', 'respond:running', 'resolve:running']);
    expect(rows('registered')).toEqual(['respond:running', 'resolve:running']);
    expect(rows('dispatched', { respondBy: 'R', resolveBy: 'S' })).toEqual(['respond:running', 'resolve:running']);
  });

  it('marks steps done and pauses the rest while suspended', () => {
    expect(rows('accepted')).toEqual(['respond:done', 'resolve:running']);
    expect(rows('suspended')).toEqual(['respond:done', 'resolve:paused']);
    expect(rows('resolved')).toEqual(['respond:done', 'resolve:done']);
    expect(rows('rejected')).toEqual(['respond:done', 'resolve:done']);
  });
});

describe('areaSubtree', () => {
  const f = (id: string, parentId: string | null, kind: 'street' | 'community' | 'grid') => ({
    type: 'Feature' as const,
    geometry: null,
    properties: { id, parentId, kind, name: id },
  });
  const fc = {
    type: 'FeatureCollection' as const,
    features: [
      f('3', null, 'street'),
      f('7', '3', 'community'),
      f('15', '7', 'grid'),
      f('16', '7', 'grid'),
      f('8', '3', 'community'),
      f('20', '8', 'grid'),
    ],
  };
  const ids = (x: { features: { properties: { id: string } }[] }) => x.features.map((g) => g.properties.id);

  it('keeps the area and everything below it', () => {
    expect(ids(areaSubtree(fc, '7'))).toEqual(['7', '15', '16']);
    expect(ids(areaSubtree(fc, '3'))).toEqual(['3', '7', '15', '16', '8', '20']);
    expect(ids(areaSubtree(fc, '20'))).toEqual(['20']);
  });

  it('falls back to the whole scope when the area is not in it', () => {
    expect(ids(areaSubtree(fc, '99'))).toEqual(ids(fc));
  });
});

describe('isConflict', () => {
  it('treats every 409 as the case having moved on', () => {
    expect(isConflict({ status: 409, code: 'VERSION_CONFLICT' })).toBe(true);
    expect(isConflict({ status: 409, code: 'INVALID_TRANSITION' })).toBe(true);
    expect(isConflict({ status: 400, code: 'VALIDATION' })).toBe(false);
    expect(isConflict({ status: 403 })).toBe(false);
    expect(isConflict(new Error('network'))).toBe(false);
    expect(isConflict(null)).toBe(false);
  });
});

describe('merge look-up', () => {
  const hit = (id: string, number: string, status: 'submitted' | 'rejected' | 'closed' = 'submitted') => ({
    id,
    number,
    status,
  });

  it('normalises the typed number and refuses what is not one', () => {
    expect(mergeNumber(' 20261123000042 ')).toBe('20261123-000042');
    expect(mergeNumber('２０２６１１２３－００００４２')).toBe('20261123-000042');
    expect(mergeNumber('000042')).toEqual({ ok: false, number: '000042', why: 'format' });
    expect(mergeNumber('')).toEqual({ ok: false, number: '', why: 'format' });
  });

  it('picks only the exact number among the search hits', () => {
    const hits = [hit('5', '20261123-000041'), hit('6', '20261123-000042'), hit('7', '20261124-000042')];
    expect(pickMergeTarget(hits, '20261123-000042', '1')).toEqual({ ok: true, target: hits[1] });
    expect(pickMergeTarget(hits, '20261123-000043', '1')).toEqual({
      ok: false,
      number: '20261123-000043',
      why: 'notFound',
    });
    expect(pickMergeTarget([], '20261123-000042', '1')).toMatchObject({ ok: false, why: 'notFound' });
  });

  it('refuses the case itself and a case already rejected or merged', () => {
    const hits = [
      hit('1', '20261123-000001'),
      hit('2', '20261123-000002', 'rejected'),
      hit('3', '20261123-000003', 'closed'),
    ];
    expect(pickMergeTarget(hits, '20261123-000001', '1')).toMatchObject({ ok: false, why: 'self' });
    expect(pickMergeTarget(hits, '20261123-000002', '1')).toMatchObject({ ok: false, why: 'closed' });
    expect(pickMergeTarget(hits, '20261123-000003', '1')).toMatchObject({ ok: true, target: hits[2] });
  });
});
