import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  type CaseAction,
  type CaseCapacity,
  type CaseFacts,
  type CaseStatus,
  type CaseTier,
  caseActions,
  caseActionsFrom,
  caseCapacities,
  caseStatuses,
  lowerTier,
  nextTier,
  REOPEN_WINDOW_MS,
  requiredInputs,
  transition,
} from './cases.lifecycle.js';

/*
 * The expected table, written out by hand from DOMAIN.md section 3 — NOT derived from the implementation.
 * One row per allowed (from, action): [from, action, to, capacities]. Capacity letters:
 * R registrar · U upperRegistrar · H handler · G gridWorker · S submitter · Y system.
 * Every (status, action) pair not listed must be INVALID_TRANSITION for everyone.
 */
const EXPECTED: [CaseStatus, CaseAction, CaseStatus, string][] = [
  ['submitted', 'register', 'registered', 'R'],
  ['submitted', 'reject', 'rejected', 'R'],
  ['submitted', 'merge', 'rejected', 'R'],
  ['registered', 'assign', 'registered', 'R'],
  ['registered', 'dispatch', 'dispatched', 'R'],
  ['registered', 'escalate', 'registered', 'RHY'],
  ['dispatched', 'accept', 'accepted', 'H'],
  ['dispatched', 'return', 'registered', 'HY'],
  ['dispatched', 'escalate', 'registered', 'RHY'],
  ['accepted', 'resolve', 'resolved', 'H'],
  ['accepted', 'escalate', 'registered', 'RHY'],
  ['accepted', 'requestSuspend', 'accepted', 'H'],
  ['accepted', 'approveSuspend', 'suspended', 'U'],
  ['accepted', 'denySuspend', 'accepted', 'U'],
  ['suspended', 'resume', 'accepted', 'HU'],
  ['resolved', 'verify', 'verified', 'RG'],
  ['resolved', 'rework', 'accepted', 'RG'],
  ['verified', 'close', 'closed', 'R'],
  ['closed', 'rate', 'closed', 'S'],
  ['closed', 'reopen', 'registered', 'S'],
];
const LETTER: Record<CaseCapacity, string> = {
  registrar: 'R',
  upperRegistrar: 'U',
  handler: 'H',
  gridWorker: 'G',
  submitter: 'S',
  system: 'Y',
};

const NOW = Date.UTC(2025, 5, 10, 4, 0, 0);
const HOUR = 3600_000;

/** Facts that satisfy every guard of `action` (the guards get their own tests below). */
function factsFor(status: CaseStatus, action: CaseAction): CaseFacts {
  const pending = action === 'approveSuspend' || action === 'denySuspend';
  return {
    status,
    tier: 'street',
    suspensionPending: status === 'accepted' && pending,
    closedAt: NOW - HOUR,
    ratedAt: null,
    now: NOW,
  };
}

describe('transition table — exhaustive', () => {
  const cells = caseStatuses.flatMap((s) => caseActions.map((a) => [s, a] as const));
  it('covers 9 statuses × 18 actions', () => {
    expect(caseStatuses).toHaveLength(9);
    expect(caseActions).toHaveLength(18);
    expect(cells).toHaveLength(162);
  });

  it.each(cells)('%s × %s, for each single capacity and for none', (status, action) => {
    const row = EXPECTED.find(([s, a]) => s === status && a === action);
    const facts = factsFor(status, action);
    for (const cap of [...caseCapacities, null]) {
      const caps = cap ? [cap] : [];
      const got = transition(facts, action, caps);
      if (!row) expect(got, `${cap}`).toEqual({ ok: false, reason: 'INVALID_TRANSITION' });
      else if (cap && row[3].includes(LETTER[cap])) expect(got.ok && got.to, `${cap}`).toBe(row[2]);
      else expect(got, `${cap}`).toEqual({ ok: false, reason: 'FORBIDDEN' });
    }
  });

  it('has exactly the expected rows, seen per status', () => {
    for (const s of caseStatuses)
      expect([...caseActionsFrom[s]].sort()).toEqual(
        EXPECTED.filter(([f]) => f === s)
          .map(([, a]) => a)
          .sort(),
      );
    expect(caseActionsFrom.rejected).toEqual([]);
  });

  it('lists required inputs', () => {
    expect(requiredInputs('register')).toEqual(['version']);
    expect(requiredInputs('reject')).toEqual(['version', 'reason']);
    expect(requiredInputs('return')).toEqual(['version', 'reason']);
    expect(requiredInputs('rework')).toEqual(['version', 'reason']);
    expect(requiredInputs('denySuspend')).toEqual(['version', 'reason']);
    expect(requiredInputs('dispatch')).toEqual(['version', 'target']);
    expect(requiredInputs('assign')).toEqual(['version', 'target']);
    expect(requiredInputs('merge')).toEqual(['version', 'duplicateOf']);
    expect(requiredInputs('rate')).toEqual(['version', 'rating']);
  });

  it('gives allowedActions per capacity', () => {
    const f = (status: CaseStatus, pending = false): CaseFacts => ({
      ...factsFor(status, 'register'),
      suspensionPending: pending,
    });
    expect(allowedActions(f('submitted'), ['registrar'])).toEqual(['register', 'reject', 'merge']);
    expect(allowedActions(f('registered'), ['registrar'])).toEqual(['assign', 'dispatch', 'escalate']);
    expect(allowedActions(f('dispatched'), ['handler'])).toEqual(['accept', 'return', 'escalate']);
    expect(allowedActions(f('accepted'), ['handler'])).toEqual(['resolve', 'escalate', 'requestSuspend']);
    expect(allowedActions(f('accepted', true), ['handler'])).toEqual(['resolve', 'escalate']);
    expect(allowedActions(f('accepted', true), ['upperRegistrar'])).toEqual(['approveSuspend', 'denySuspend']);
    expect(allowedActions(f('resolved'), ['gridWorker'])).toEqual(['verify', 'rework']);
    expect(allowedActions(f('closed'), ['submitter'])).toEqual(['rate', 'reopen']);
    expect(allowedActions(f('closed'), ['registrar', 'handler', 'system'])).toEqual([]);
    expect(allowedActions(f('rejected'), [...caseCapacities])).toEqual([]);
  });
});

describe('guards', () => {
  const closed = (closedAt: number | null, now: number, ratedAt: number | null = null): CaseFacts => ({
    status: 'closed',
    tier: 'community',
    suspensionPending: false,
    closedAt,
    ratedAt,
    now,
  });

  it('reopens only within 7 × 24 h of closing, boundary inclusive', () => {
    const t = Date.UTC(2025, 0, 1);
    expect(REOPEN_WINDOW_MS).toBe(604_800_000);
    expect(transition(closed(t, t), 'reopen', ['submitter'])).toMatchObject({ ok: true, to: 'registered' });
    expect(transition(closed(t, t + REOPEN_WINDOW_MS), 'reopen', ['submitter']).ok).toBe(true);
    expect(transition(closed(t, t + REOPEN_WINDOW_MS + 1), 'reopen', ['submitter'])).toEqual({
      ok: false,
      reason: 'INVALID_TRANSITION',
    });
    expect(transition(closed(null, t), 'reopen', ['submitter']).ok).toBe(false);
    // No capacity beats an expired window: 403, not 409.
    expect(transition(closed(t, t + 8 * 24 * HOUR), 'reopen', ['registrar'])).toEqual({
      ok: false,
      reason: 'FORBIDDEN',
    });
  });

  it('rates once', () => {
    const t = Date.UTC(2025, 0, 1);
    expect(transition(closed(t, t + HOUR), 'rate', ['submitter'])).toEqual({ ok: true, to: 'closed', effects: {} });
    expect(transition(closed(t, t + HOUR, t + 1), 'rate', ['submitter'])).toEqual({
      ok: false,
      reason: 'INVALID_TRANSITION',
    });
    // Rating does not depend on the reopen window.
    expect(transition(closed(t, t + 30 * 24 * HOUR), 'rate', ['submitter']).ok).toBe(true);
  });

  it('orders the tiers', () => {
    expect(nextTier('community')).toBe('street');
    expect(nextTier('street')).toBe('city');
    expect(nextTier('city')).toBeNull();
    expect(lowerTier('city')).toBe('street');
    expect(lowerTier('street')).toBe('community');
    expect(lowerTier('community')).toBeNull();
  });

  const at = (status: CaseStatus, tier: CaseTier): CaseFacts => ({ ...closed(null, NOW), status, tier });
  it.each([
    ['community', 'street'],
    ['street', 'city'],
  ] as const)('escalates from %s to %s, from each escalatable state', (tier, up) => {
    for (const s of ['registered', 'dispatched', 'accepted'] as const)
      expect(transition(at(s, tier), 'escalate', ['system'])).toEqual({
        ok: true,
        to: 'registered',
        effects: { tier: up },
      });
  });
  it('cannot escalate above the city', () => {
    for (const s of ['registered', 'dispatched', 'accepted'] as const)
      expect(transition(at(s, 'city'), 'escalate', ['registrar'])).toEqual({ ok: false, reason: 'INVALID_TRANSITION' });
  });

  it('assigns one tier down, never below the community', () => {
    expect(transition(at('registered', 'city'), 'assign', ['registrar'])).toEqual({
      ok: true,
      to: 'registered',
      effects: { tier: 'street' },
    });
    expect(transition(at('registered', 'street'), 'assign', ['registrar'])).toMatchObject({
      effects: { tier: 'community' },
    });
    expect(transition(at('registered', 'community'), 'assign', ['registrar'])).toEqual({
      ok: false,
      reason: 'INVALID_TRANSITION',
    });
  });
});

describe('suspension sub-flow', () => {
  const accepted = (pending: boolean): CaseFacts => ({
    status: 'accepted',
    tier: 'community',
    suspensionPending: pending,
    closedAt: null,
    ratedAt: null,
    now: NOW,
  });

  it('request → approve → resume', () => {
    expect(transition(accepted(false), 'requestSuspend', ['handler'])).toEqual({
      ok: true,
      to: 'accepted',
      effects: { suspensionPending: true },
    });
    expect(transition(accepted(true), 'requestSuspend', ['handler'])).toEqual({
      ok: false,
      reason: 'INVALID_TRANSITION',
    });
    expect(transition(accepted(true), 'approveSuspend', ['handler']).ok).toBe(false);
    expect(transition(accepted(true), 'approveSuspend', ['registrar'])).toEqual({ ok: false, reason: 'FORBIDDEN' });
    expect(transition(accepted(true), 'approveSuspend', ['upperRegistrar'])).toEqual({
      ok: true,
      to: 'suspended',
      effects: { suspensionPending: false },
    });
    const suspended = { ...accepted(false), status: 'suspended' as const };
    expect(transition(suspended, 'resume', ['handler'])).toEqual({ ok: true, to: 'accepted', effects: {} });
    expect(transition(suspended, 'resume', ['upperRegistrar']).ok).toBe(true);
    expect(transition(suspended, 'resolve', ['handler'])).toEqual({ ok: false, reason: 'INVALID_TRANSITION' });
    expect(transition(suspended, 'escalate', ['system'])).toEqual({ ok: false, reason: 'INVALID_TRANSITION' });
  });

  it('request → deny keeps accepted and clears the flag', () => {
    expect(transition(accepted(true), 'denySuspend', ['upperRegistrar'])).toEqual({
      ok: true,
      to: 'accepted',
      effects: { suspensionPending: false },
    });
    expect(transition(accepted(false), 'denySuspend', ['upperRegistrar'])).toEqual({
      ok: false,
      reason: 'INVALID_TRANSITION',
    });
    expect(transition(accepted(false), 'approveSuspend', ['upperRegistrar']).ok).toBe(false);
  });

  it('drops a pending request when the case leaves accepted', () => {
    expect(transition(accepted(true), 'resolve', ['handler'])).toEqual({
      ok: true,
      to: 'resolved',
      effects: { suspensionPending: false },
    });
    expect(transition(accepted(true), 'escalate', ['handler'])).toEqual({
      ok: true,
      to: 'registered',
      effects: { suspensionPending: false, tier: 'street' },
    });
    expect(transition(accepted(false), 'resolve', ['handler'])).toEqual({ ok: true, to: 'resolved', effects: {} });
  });
});

describe('property: random action sequences', () => {
  // Most steps pick among the caller's allowed actions (rarely the absorbing reject/merge), so walks get far;
  // the rest try any action.
  const step = fc.record({
    pick: fc.nat(),
    fromAllowed: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
    caps: fc.subarray([...caseCapacities], { minLength: 1, maxLength: 3 }),
    advance: fc.integer({ min: 0, max: 5 * 24 * HOUR }),
  });
  let closedRuns = 0;
  let reopenedRuns = 0;

  it('stays in a defined state; closes only from verified, after resolve and verify since the last reopen', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 120, size: 'max' }), (steps) => {
        const c: CaseFacts = {
          status: 'submitted',
          tier: 'community',
          suspensionPending: false,
          closedAt: null,
          ratedAt: null,
          now: NOW,
        };
        const events: { action: CaseAction; from: CaseStatus; to: CaseStatus }[] = [];
        for (const s of steps) {
          c.now += s.advance;
          const allowed = allowedActions(c, s.caps);
          const walk = allowed.filter((a) => s.pick % 10 === 0 || (a !== 'reject' && a !== 'merge'));
          const action =
            s.fromAllowed && walk.length ? walk[s.pick % walk.length]! : caseActions[s.pick % caseActions.length]!;
          const r = transition({ ...c }, action, s.caps);
          expect(r.ok).toBe(allowed.includes(action));
          if (!r.ok) continue;
          events.push({ action, from: c.status, to: r.to });
          c.status = r.to;
          if (r.effects.tier) c.tier = r.effects.tier;
          if (r.effects.suspensionPending !== undefined) c.suspensionPending = r.effects.suspensionPending;
          if (action === 'close') c.closedAt = c.now;
          if (action === 'rate') c.ratedAt = c.now;

          expect(caseStatuses).toContain(c.status);
          expect(['community', 'street', 'city']).toContain(c.tier);
          if (c.suspensionPending) expect(c.status).toBe('accepted');
        }
        events.forEach((e, i) => {
          if (e.to !== 'closed' || e.from === 'closed') return;
          expect(e.action).toBe('close');
          expect(e.from).toBe('verified');
          const before = events.slice(0, i);
          const lastReopen = before.map((x) => x.action).lastIndexOf('reopen');
          const since = before.slice(lastReopen + 1).map((x) => x.action);
          expect(since).toContain('resolve');
          expect(since).toContain('verify');
          expect(since.lastIndexOf('verify')).toBeGreaterThan(since.lastIndexOf('resolve'));
        });
        if (c.status === 'closed') expect(events.some((e) => e.action === 'close')).toBe(true);
        if (events.some((e) => e.action === 'close')) closedRuns++;
        if (events.some((e) => e.action === 'reopen')) reopenedRuns++;
      }),
      { numRuns: 500 },
    );
    // The property must not hold vacuously: many runs close, some reopen.
    expect(closedRuns).toBeGreaterThan(60);
    expect(reopenedRuns).toBeGreaterThan(15);
  });

  it('reaches closed in a realistic run (the property is not vacuous)', () => {
    const c: CaseFacts = {
      status: 'submitted',
      tier: 'community',
      suspensionPending: false,
      closedAt: null,
      ratedAt: null,
      now: NOW,
    };
    const path: [CaseAction, CaseCapacity][] = [
      ['register', 'registrar'],
      ['dispatch', 'registrar'],
      ['accept', 'handler'],
      ['resolve', 'handler'],
      ['verify', 'gridWorker'],
      ['close', 'registrar'],
    ];
    for (const [a, cap] of path) {
      const r = transition(c, a, [cap]);
      expect(r.ok, a).toBe(true);
      if (r.ok) c.status = r.to;
    }
    expect(c.status).toBe('closed');
  });
});
