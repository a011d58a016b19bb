/**
 * The case lifecycle (DOMAIN.md section 3): ONE transition table, pure. `CasesService.transition()` on the
 * server is the only code that writes a case's status, and it asks this file what is allowed.
 */

type Label = { 'zh-CN': string; en: string };

export const CaseStatus = {
  submitted: 'submitted',
  registered: 'registered',
  rejected: 'rejected',
  dispatched: 'dispatched',
  accepted: 'accepted',
  suspended: 'suspended',
  resolved: 'resolved',
  verified: 'verified',
  closed: 'closed',
} as const;
export type CaseStatus = (typeof CaseStatus)[keyof typeof CaseStatus];
export const caseStatuses = Object.values(CaseStatus) as [CaseStatus, ...CaseStatus[]];

export const caseStatusLabels: Record<CaseStatus, Label> = {
  submitted: { 'zh-CN': '待受理', en: 'Submitted' },
  registered: { 'zh-CN': '已立案', en: 'Registered' },
  rejected: { 'zh-CN': '不予立案', en: 'Rejected' },
  dispatched: { 'zh-CN': '已派遣', en: 'Dispatched' },
  accepted: { 'zh-CN': '办理中', en: 'In progress' },
  suspended: { 'zh-CN': '挂起/延期', en: 'Suspended' },
  resolved: { 'zh-CN': '已处置', en: 'Resolved' },
  verified: { 'zh-CN': '已核查', en: 'Verified' },
  closed: { 'zh-CN': '已结案', en: 'Closed' },
};

export const CaseAction = {
  register: 'register',
  reject: 'reject',
  merge: 'merge',
  assign: 'assign',
  dispatch: 'dispatch',
  accept: 'accept',
  return: 'return',
  resolve: 'resolve',
  verify: 'verify',
  rework: 'rework',
  close: 'close',
  rate: 'rate',
  reopen: 'reopen',
  escalate: 'escalate',
  requestSuspend: 'requestSuspend',
  approveSuspend: 'approveSuspend',
  denySuspend: 'denySuspend',
  resume: 'resume',
} as const;
export type CaseAction = (typeof CaseAction)[keyof typeof CaseAction];
export const caseActions = Object.values(CaseAction) as [CaseAction, ...CaseAction[]];

export const caseActionLabels: Record<CaseAction, Label> = {
  register: { 'zh-CN': '立案', en: 'Register' },
  reject: { 'zh-CN': '不予立案', en: 'Reject' },
  merge: { 'zh-CN': '合并', en: 'Merge as duplicate' },
  assign: { 'zh-CN': '指派', en: 'Assign down' },
  dispatch: { 'zh-CN': '派遣', en: 'Dispatch' },
  accept: { 'zh-CN': '接单', en: 'Accept' },
  return: { 'zh-CN': '退回', en: 'Return' },
  resolve: { 'zh-CN': '处置反馈', en: 'Report result' },
  verify: { 'zh-CN': '核查', en: 'Verify' },
  rework: { 'zh-CN': '返工', en: 'Rework' },
  close: { 'zh-CN': '结案/销号', en: 'Close' },
  rate: { 'zh-CN': '评价', en: 'Rate' },
  reopen: { 'zh-CN': '重新打开', en: 'Reopen' },
  escalate: { 'zh-CN': '上报', en: 'Escalate' },
  requestSuspend: { 'zh-CN': '申请挂起/延期', en: 'Request suspension' },
  approveSuspend: { 'zh-CN': '批准挂起', en: 'Approve suspension' },
  denySuspend: { 'zh-CN': '驳回挂起', en: 'Deny suspension' },
  resume: { 'zh-CN': '恢复办理', en: 'Resume' },
};

/** Handling tiers (分级处理), lowest first. */
export const caseTiers = ['community', 'street', 'city'] as const;
export type CaseTier = (typeof caseTiers)[number];

export const caseTierLabels: Record<CaseTier, Label> = {
  community: { 'zh-CN': '社区', en: 'Community' },
  street: { 'zh-CN': '街道', en: 'Street' },
  city: { 'zh-CN': '市指挥中心', en: 'City centre' },
};
/** For property categories the same tiers carry these names (社区调处 → 街道调处 → 物业管理服务中心). */
export const propertyTierLabels: Record<CaseTier, Label> = {
  community: { 'zh-CN': '社区调处', en: 'Community mediation' },
  street: { 'zh-CN': '街道调处', en: 'Street mediation' },
  city: { 'zh-CN': '物业管理服务中心', en: 'Property centre' },
};

export const nextTier = (t: CaseTier): CaseTier | null => caseTiers[caseTiers.indexOf(t) + 1] ?? null;
export const lowerTier = (t: CaseTier): CaseTier | null => {
  const i = caseTiers.indexOf(t);
  return i > 0 ? caseTiers[i - 1]! : null;
};

/**
 * What the caller IS toward one case. The server computes these per request (role, scope, case facts);
 * this file never looks at roles, so the table stays readable and testable.
 * - registrar: registrar of the case's current tier over its area (community_secretary/cadre at community,
 *   leader at street, center — or property_center for property categories — at city).
 * - upperRegistrar: registrar of the tier above the current one; decides suspensions.
 * - handler: the dispatched person, or staff of the dispatched organisation.
 * - gridWorker: a grid worker of the case's grid.
 * - submitter: the resident who submitted, or a member of the linked household.
 * - system: jobs (accept-deadline return, overdue escalation).
 */
export const caseCapacities = ['registrar', 'upperRegistrar', 'handler', 'gridWorker', 'submitter', 'system'] as const;
export type CaseCapacity = (typeof caseCapacities)[number];

/** Ratings (满意 / 基本满意 / 不满意), given once by the submitter of a closed case. */
export const caseRatings = ['satisfied', 'basic', 'unsatisfied'] as const;
export type CaseRating = (typeof caseRatings)[number];
export const caseRatingLabels: Record<CaseRating, Label> = {
  satisfied: { 'zh-CN': '满意', en: 'Satisfied' },
  basic: { 'zh-CN': '基本满意', en: 'Mostly satisfied' },
  unsatisfied: { 'zh-CN': '不满意', en: 'Unsatisfied' },
};

/** Inputs an action body must carry besides `version`, which every action needs. */
export type CaseActionInput = 'reason' | 'target' | 'duplicateOf' | 'rating';
export type CaseTargetKind = 'account' | 'organisation' | 'area';

/** The facts about a case that guards need. Times are epoch ms. */
export interface CaseFacts {
  status: CaseStatus;
  tier: CaseTier;
  suspensionPending: boolean;
  closedAt: number | null;
  ratedAt: number | null;
  now: number;
}

/** The resident may reopen a closed case for 7 × 24 h after closing (inclusive). */
export const REOPEN_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export interface CaseActionRule {
  from: readonly CaseStatus[];
  /** 'same' keeps the status (rate, assign, requestSuspend, denySuspend). */
  to: CaseStatus | 'same';
  who: readonly CaseCapacity[];
  needs: readonly CaseActionInput[];
  /** Target kinds accepted when `needs` has 'target'. */
  targetKinds?: readonly CaseTargetKind[];
  /** Tier change: assign moves down, escalate up. */
  tier?: 'lower' | 'next';
  /** Guard on case facts, checked after status and capacity. */
  guard?: (f: CaseFacts) => boolean;
}

const isPending = (f: CaseFacts) => f.suspensionPending;

/** THE table. Order is the order of buttons in `allowedActions`. */
export const caseTransitions = {
  register: { from: ['submitted'], to: 'registered', who: ['registrar'], needs: [] },
  reject: { from: ['submitted'], to: 'rejected', who: ['registrar'], needs: ['reason'] },
  merge: { from: ['submitted'], to: 'rejected', who: ['registrar'], needs: ['duplicateOf'] },
  assign: {
    from: ['registered'],
    to: 'same',
    who: ['registrar'],
    needs: ['target'],
    targetKinds: ['area'],
    tier: 'lower',
    guard: (f) => lowerTier(f.tier) !== null,
  },
  dispatch: {
    from: ['registered'],
    to: 'dispatched',
    who: ['registrar'],
    needs: ['target'],
    targetKinds: ['account', 'organisation'],
  },
  accept: { from: ['dispatched'], to: 'accepted', who: ['handler'], needs: [] },
  // The system returns a dispatch nobody accepted by its accept deadline.
  return: { from: ['dispatched'], to: 'registered', who: ['handler', 'system'], needs: ['reason'] },
  resolve: { from: ['accepted'], to: 'resolved', who: ['handler'], needs: [] },
  verify: { from: ['resolved'], to: 'verified', who: ['registrar', 'gridWorker'], needs: [] },
  rework: { from: ['resolved'], to: 'accepted', who: ['registrar', 'gridWorker'], needs: ['reason'] },
  close: { from: ['verified'], to: 'closed', who: ['registrar'], needs: [] },
  rate: { from: ['closed'], to: 'same', who: ['submitter'], needs: ['rating'], guard: (f) => f.ratedAt === null },
  reopen: {
    from: ['closed'],
    to: 'registered',
    who: ['submitter'],
    needs: [],
    guard: (f) => f.closedAt !== null && f.now - f.closedAt <= REOPEN_WINDOW_MS && f.now >= f.closedAt,
  },
  escalate: {
    from: ['registered', 'dispatched', 'accepted'],
    to: 'registered',
    who: ['registrar', 'handler', 'system'],
    needs: [],
    tier: 'next',
    guard: (f) => nextTier(f.tier) !== null,
  },
  requestSuspend: { from: ['accepted'], to: 'same', who: ['handler'], needs: [], guard: (f) => !isPending(f) },
  approveSuspend: { from: ['accepted'], to: 'suspended', who: ['upperRegistrar'], needs: [], guard: isPending },
  denySuspend: { from: ['accepted'], to: 'same', who: ['upperRegistrar'], needs: ['reason'], guard: isPending },
  resume: { from: ['suspended'], to: 'accepted', who: ['handler', 'upperRegistrar'], needs: [] },
} as const satisfies Record<CaseAction, CaseActionRule>;

/** The same table seen per status: which actions may start from it (ARCHITECTURE rule 3's view). */
export const caseActionsFrom: Record<CaseStatus, readonly CaseAction[]> = Object.fromEntries(
  caseStatuses.map((s) => [
    s,
    caseActions.filter((a) => (caseTransitions[a].from as readonly CaseStatus[]).includes(s)),
  ]),
) as Record<string, readonly CaseAction[]> as Record<CaseStatus, readonly CaseAction[]>;

export interface CaseEffects {
  /** Set when the flag changes: true on requestSuspend, false whenever a pending request is settled or dropped. */
  suspensionPending?: boolean;
  /** Set when the tier changes (assign, escalate). */
  tier?: CaseTier;
}
export type TransitionResult =
  | { ok: true; to: CaseStatus; effects: CaseEffects }
  | { ok: false; reason: 'INVALID_TRANSITION' | 'FORBIDDEN' };

const rule = (a: CaseAction): CaseActionRule => caseTransitions[a];

/**
 * Order of checks: status, then capacity, then guards. A caller with no capacity toward the action gets
 * FORBIDDEN whatever the facts; a guard failing on facts (window passed, already rated, top tier, pending
 * flag) is a state problem: INVALID_TRANSITION.
 */
export function transition(
  facts: CaseFacts,
  action: CaseAction,
  capacities: readonly CaseCapacity[],
): TransitionResult {
  const r = rule(action);
  if (!r.from.includes(facts.status)) return { ok: false, reason: 'INVALID_TRANSITION' };
  if (!r.who.some((c) => capacities.includes(c))) return { ok: false, reason: 'FORBIDDEN' };
  if (r.guard && !r.guard(facts)) return { ok: false, reason: 'INVALID_TRANSITION' };
  const to = r.to === 'same' ? facts.status : r.to;
  const effects: CaseEffects = {};
  if (action === 'requestSuspend') effects.suspensionPending = true;
  // A pending request is settled by approve/deny, or dropped when the case leaves "accepted" (resolve, escalate).
  else if (facts.suspensionPending && (action === 'approveSuspend' || action === 'denySuspend' || to !== 'accepted'))
    effects.suspensionPending = false;
  if (r.tier === 'lower') effects.tier = lowerTier(facts.tier)!;
  if (r.tier === 'next') effects.tier = nextTier(facts.tier)!;
  return { ok: true, to, effects };
}

/** The actions this caller may take now, in table order (the `allowedActions` field of responses). */
export const allowedActions = (facts: CaseFacts, capacities: readonly CaseCapacity[]): CaseAction[] =>
  caseActions.filter((a) => transition(facts, a, capacities).ok);

/** Inputs an action needs, `version` first (every action compares it). */
export const requiredInputs = (a: CaseAction): readonly ('version' | CaseActionInput)[] => [
  'version',
  ...rule(a).needs,
];

/** Statuses in which the case is still being worked on (deadlines run, overdue can apply). */
export const openStatuses = ['submitted', 'registered', 'dispatched', 'accepted', 'suspended'] as const;
export const isOpenStatus = (s: CaseStatus) => (openStatuses as readonly CaseStatus[]).includes(s);
