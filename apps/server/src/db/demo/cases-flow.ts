/**
 * The people around a case and what they do next: registrars register (some reject or merge), assign down
 * or dispatch to the grid worker, a department (吹哨派单), a property company or a linked unit (事项转批卡);
 * handlers accept (some return, some never answer), resolve, sometimes ask for a suspension or escalate;
 * registrars or grid workers verify (some rework) and close; residents rate and a few reopen. Each step
 * happens in working time after the last one; a step that would fall after now leaves the case open.
 */
import { actorFor, dispatchTarget, gridWorkerOf } from './cases-people.js';
import type { ActionInput, CaseSim, SimEnv } from './cases-sim.js';
import { phrases, resultFor } from './cases-text.js';
import type { PlaceInfo } from './cases-world.js';
import type { Rng } from './random.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** A working day is 7 hours (08:30–12:00, 14:00–17:30). */
const WORKDAY = 7 * HOUR;

export interface CaseSpec {
  place: PlaceInfo | null;
  /** The resident who may rate and reopen (the submitter, or a member of the linked household). */
  rater: number | null;
  /** Slow at every tier: climbs to the top and stays overdue. */
  hard: boolean;
}

export interface FlowEnv extends SimEnv {
  rng: Rng;
  /** An open case of the same category and place submitted in the 30 days before `at`, if one is known. */
  duplicateOf(categoryId: number, place: PlaceInfo | null, at: number): { id: number; number: string } | null;
}

interface Memory {
  assigned: boolean;
  handEscalated: boolean;
  suspendAsked: boolean;
  reworked: boolean;
  rateDecided: boolean;
  reopened: boolean;
  returns: number;
  lastHandler: { kind: 'account' | 'organisation'; id: number } | null;
}

interface Step {
  at: number;
  run(at: number): void;
}

export class Flow {
  private readonly m: Memory = {
    assigned: false,
    handEscalated: false,
    suspendAsked: false,
    reworked: false,
    rateDecided: false,
    reopened: false,
    returns: 0,
    lastHandler: null,
  };

  constructor(
    private readonly env: FlowEnv,
    private readonly sim: CaseSim,
    private readonly spec: CaseSpec,
  ) {}

  private get w() {
    return this.env.world;
  }

  /** Lives the case up to now (at most a few dozen steps). */
  live() {
    for (let guard = 0; guard < 80; guard++) {
      const step = this.next();
      if (!step) break;
      if (this.sim.runJobs(step.at)) continue;
      if (step.at > this.env.now) break;
      step.run(step.at);
    }
    this.sim.settleWarning();
  }

  // --- time ---

  private work(min: number, max: number) {
    const { rng, work } = this.env;
    return Math.max(work.add(this.sim.last, Math.round(min + rng.next() * (max - min))), this.sim.last + 1000);
  }

  /** Residents act in the daytime, any day. */
  private wall(min: number, max: number) {
    const t = this.sim.last + Math.round(min + this.env.rng.next() * (max - min));
    const hour = new Date(t + 8 * HOUR).getUTCHours();
    return hour < 7 ? t + (8 - hour) * HOUR : hour >= 22 ? t + (32 - hour) * HOUR : t;
  }

  // --- who ---

  private gridWorker() {
    return gridWorkerOf(this.w, this.spec);
  }

  // --- what next ---

  private next(): Step | null {
    switch (this.sim.status) {
      case 'submitted':
        return this.registration();
      case 'registered':
        return this.routing();
      case 'dispatched':
        return this.answer();
      case 'accepted':
        return this.handling();
      case 'suspended':
        return this.step(this.work(WORKDAY, 6 * WORKDAY), (at) => {
          const byHandler = this.env.rng.chance(0.7);
          this.act('resume', byHandler ? 'handler' : 'upperRegistrar', at, {
            note: byHandler ? '条件具备，恢复办理' : '',
          });
        });
      case 'resolved':
        return this.verification();
      case 'verified':
        return this.step(this.work(10 * MIN, WORKDAY), (at) =>
          this.act('close', 'registrar', at, { note: this.env.rng.pick(phrases.closeNotes) }),
        );
      case 'closed':
        return this.afterClose();
      default:
        return null;
    }
  }

  private step(at: number, run: (at: number) => void): Step {
    return { at, run };
  }

  /** One action by whoever holds `cap` toward this case (scripts call it too). */
  act(action: Parameters<CaseSim['act']>[0], cap: Parameters<CaseSim['act']>[1], at: number, b?: ActionInput) {
    const actor = actorFor(this.w, this.sim, this.spec, cap);
    this.sim.act(action, cap, at, actor, b);
  }

  private registration(): Step {
    const { rng } = this.env;
    const at = rng.chance(0.1) ? this.work(3 * HOUR, 2 * WORKDAY) : this.work(5 * MIN, 3 * HOUR);
    const roll = rng.next();
    return this.step(at, (t) => {
      const dup = roll >= 0.05 && roll < 0.08 ? this.env.duplicateOf(this.sim.category.id, this.spec.place, t) : null;
      if (roll < 0.05) this.act('reject', 'registrar', t, { reason: rng.pick(phrases.rejectReasons) });
      else if (dup) this.act('merge', 'registrar', t, { duplicateOf: dup.id, note: `重复诉求，已并入 ${dup.number}` });
      else this.act('register', 'registrar', t);
    });
  }

  private routing(): Step {
    const { rng } = this.env;
    const s = this.sim;
    const at = this.work(10 * MIN, 4 * HOUR);
    const lower = this.lowerArea();
    if (lower && !this.m.assigned && rng.chance(0.3)) {
      this.m.assigned = true;
      return this.step(at, (t) => this.act('assign', 'registrar', t, { target: { kind: 'area', id: lower } }));
    }
    if (s.tier === 'community' && !this.m.handEscalated && rng.chance(0.02)) {
      this.m.handEscalated = true;
      return this.step(at, (t) => this.act('escalate', 'registrar', t, { note: rng.pick(phrases.escalateNotes) }));
    }
    return this.step(at, (t) => {
      const target = dispatchTarget(this.w, this.sim, this.spec, this.env.rng, this.m.lastHandler);
      this.m.lastHandler = target;
      this.act('dispatch', 'registrar', t, { target, note: rng.pick(phrases.dispatchNotes) });
    });
  }

  /** The area one tier down on the place's path (street → community, city → street), for assign. */
  private lowerArea(): number | null {
    const s = this.sim;
    if (!s.placePath || s.tier === 'community') return null;
    const kind = s.tier === 'street' ? 'community' : 'street';
    const ids = s.placePath.split('/').filter(Boolean).map(Number);
    const hit = ids.map((id) => this.w.areas.get(id)).find((a) => a?.kind === kind);
    return hit?.path.startsWith(s.areaPath) ? hit.id : null;
  }

  private answer(): Step {
    const { rng, work } = this.env;
    const s = this.sim;
    // Nobody answers: the job returns it at the accept deadline.
    if (s.acceptBy != null && rng.chance(0.02))
      return this.step(s.acceptBy + HOUR, (t) => this.act('accept', 'handler', t));
    if (this.m.returns < 2 && rng.chance(0.05)) {
      this.m.returns++;
      return this.step(this.work(10 * MIN, 90 * MIN), (t) =>
        this.act('return', 'handler', t, { reason: rng.pick(phrases.returnReasons) }),
      );
    }
    const window = s.acceptBy != null ? work.between(s.last, s.acceptBy) : 2 * HOUR;
    const at = this.work(Math.min(3 * MIN, window * 0.5), Math.max(3 * MIN, window * 0.9));
    return this.step(at, (t) => this.act('accept', 'handler', t));
  }

  private handling(): Step {
    const { rng, work } = this.env;
    const s = this.sim;
    if (s.suspensionPending === 1)
      return this.step(this.work(HOUR, WORKDAY), (t) => {
        if (rng.chance(0.7)) this.act('approveSuspend', 'upperRegistrar', t, { note: '同意挂起' });
        else this.act('denySuspend', 'upperRegistrar', t, { reason: rng.pick(phrases.denyReasons) });
      });
    if (s.tier !== 'city' && !this.m.suspendAsked && rng.chance(0.04)) {
      this.m.suspendAsked = true;
      return this.step(this.work(2 * HOUR, 2 * WORKDAY), (t) =>
        this.act('requestSuspend', 'handler', t, { note: rng.pick(phrases.suspendNotes) }),
      );
    }
    if (s.tier !== 'city' && !this.m.handEscalated && rng.chance(0.03)) {
      this.m.handEscalated = true;
      return this.step(this.work(2 * HOUR, 1.5 * WORKDAY), (t) =>
        this.act('escalate', 'handler', t, { note: rng.pick(phrases.escalateNotes) }),
      );
    }
    const avail = Math.max(work.between(s.last, s.resolveBy), 10 * MIN);
    const slow = this.spec.hard || rng.chance(0.06);
    // A hard case stalls at the top tier too: it stays open there, overdue, for weeks.
    const stuck = this.spec.hard && s.tier === 'city';
    const share = stuck ? 3 + rng.next() * 12 : slow ? 1.1 + rng.next() * 1.2 : 0.03 + rng.next() ** 1.4 * 0.77;
    const at = Math.max(work.add(s.last, Math.round(share * avail)), s.last + 1000);
    return this.step(at, (t) => this.act('resolve', 'handler', t, { note: resultFor(s.category.code, rng) }));
  }

  private verification(): Step {
    const { rng } = this.env;
    // The grid's worker checks others' results, never their own (cases.capacity).
    const worker = this.gridWorker();
    const byWorker = worker !== undefined && worker !== this.sim.handlerAccountId && rng.chance(0.4);
    const cap = byWorker ? 'gridWorker' : 'registrar';
    const rework = !this.m.reworked && rng.chance(0.06);
    return this.step(this.work(30 * MIN, WORKDAY), (t) => {
      if (rework) {
        this.m.reworked = true;
        this.act('rework', cap, t, { reason: rng.pick(phrases.reworkReasons) });
      } else this.act('verify', cap, t, { note: rng.pick(phrases.verifyNotes) });
    });
  }

  private afterClose(): Step | null {
    const { rng } = this.env;
    const s = this.sim;
    if (this.spec.rater == null || s.closedAt == null) return null;
    if (!this.m.rateDecided && s.ratedAt == null) {
      this.m.rateDecided = true;
      if (rng.chance(0.8)) {
        const roll = rng.next();
        const rating = roll < 0.82 ? 'satisfied' : roll < 0.95 ? 'basic' : 'unsatisfied';
        return this.step(this.wall(HOUR, 4 * DAY), (t) =>
          this.act('rate', 'submitter', t, { rating, note: rng.pick(phrases.comments[rating]) }),
        );
      }
    }
    if (this.m.reopened) return null;
    this.m.reopened = true;
    const chance = s.rating === 'unsatisfied' ? 0.35 : s.rating ? 0.005 : 0.02;
    const latest = s.closedAt + 7 * DAY - HOUR;
    if (!rng.chance(chance) || s.last + 2 * HOUR >= latest) return null;
    const at = Math.min(this.wall(2 * HOUR, 5 * DAY), latest);
    return this.step(at, (t) => this.act('reopen', 'submitter', t, { note: rng.pick(phrases.reopenNotes) }));
  }
}
