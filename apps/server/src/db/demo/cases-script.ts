/**
 * Cases written for the demo accounts, so every role has something to do on first login: the resident has a
 * case closed three days ago and not yet rated (rate or reopen it), one in progress, older rated ones, a new
 * one and a rejected one; the secretary (高家沟社区) has cases to register, dispatch, verify and close; the
 * worker has dispatched tasks to accept and accepted ones to resolve; the leader has two suspension requests,
 * a street-tier case and an escalated one; the company and 城建局 have tasks; the centre has an old case the
 * deadline job pushed up to the city and that is overdue there. Same engine, same table, fixed times.
 */
import type { CaseAction, CaseCapacity, CaseStatus } from '@grassroots/shared/cases/cases.lifecycle';
import type { CaseSource } from '@grassroots/shared/cases/cases.schema';
import { dayOf, dayStartMs } from '@grassroots/shared/worktime/calendar';
import { addWorkingDays } from '@grassroots/shared/worktime/worktime';
import { Flow, type FlowEnv } from './cases-flow.js';
import { answersFor, type CaseDraft, dayKey, draftOf, type Intake, startCase } from './cases-intake.js';
import type { ActionInput } from './cases-sim.js';
import { describe, slotsOf } from './cases-text.js';
import type { PlaceInfo } from './cases-world.js';

/** [days ago, 'HH:MM'] on a past day, or minutes before now. */
type When = [number, string] | number;
type Target = 'worker' | 'company' | 'dept';
type Step = [When, CaseAction, CaseCapacity, (ActionInput & { to?: Target; hold?: boolean })?];
interface Script {
  code: string;
  source: CaseSource;
  by: 'resident' | 'worker' | 'secretary' | 'center';
  place: 'home' | 'grid' | 'noSmartphone';
  at: When;
  text?: string;
  steps: Step[];
  expect: CaseStatus;
}

const W = { to: 'worker' as const };
const CO = { to: 'company' as const };
const DEPT = { to: 'dept' as const };
const HOLD = { hold: true };

// biome-ignore format: one case a line reads best
const scripts: Script[] = [
  // The resident (赵丽萍, 新城壹号).
  { code: 'lj.leak', source: 'resident', by: 'resident', place: 'home', at: [6, '19:40'], expect: 'closed',
    text: '卫生间顶部漏水，系楼上住户防水层损坏，多次沟通未修，请社区协调处理。',
    steps: [[[5, '09:10'], 'register', 'registrar'], [[5, '09:25'], 'dispatch', 'registrar', W],
      [[5, '10:02'], 'accept', 'handler'],
      [[4, '16:30'], 'resolve', 'handler', { note: '已协调楼上住户更换防水层，渗水问题已解决，墙面由责任方修复。' }],
      [[3, '10:15'], 'verify', 'registrar', { note: '电话回访居民，确认问题已解决' }], [[3, '11:00'], 'close', 'registrar']] },
  { code: 'wy.repair', source: 'resident', by: 'resident', place: 'home', at: [2, '20:15'], expect: 'accepted',
    steps: [[[1, '08:50'], 'register', 'registrar'], [[1, '09:05'], 'dispatch', 'registrar', CO], [[1, '09:40'], 'accept', 'handler']] },
  { code: 'lj.noise', source: 'resident', by: 'resident', place: 'home', at: [63, '21:30'], expect: 'closed',
    steps: [[[62, '09:00'], 'register', 'registrar'], [[62, '09:20'], 'dispatch', 'registrar', W],
      [[62, '09:50'], 'accept', 'handler'], [[61, '15:00'], 'resolve', 'handler', { note: '已上门劝导，住户承诺不再夜间施工。' }],
      [[60, '10:00'], 'verify', 'registrar'], [[60, '10:30'], 'close', 'registrar'],
      [[59, '20:10'], 'rate', 'submitter', { rating: 'satisfied', note: '网格员很负责，谢谢' }]] },
  { code: 'wy.parking', source: 'resident', by: 'resident', place: 'home', at: [150, '18:00'], expect: 'closed',
    steps: [[[149, '09:00'], 'register', 'registrar'], [[149, '09:30'], 'dispatch', 'registrar', CO],
      [[149, '11:00'], 'return', 'handler', { reason: '需社区先行协调业主，请重新派遣' }],
      [[149, '14:00'], 'dispatch', 'registrar', W], [[149, '14:20'], 'accept', 'handler'],
      [[147, '16:00'], 'resolve', 'handler', { note: '已联系车主挪走车辆，物业加强巡查。' }],
      [[146, '09:30'], 'verify', 'registrar'], [[146, '10:00'], 'close', 'registrar'],
      [[145, '19:00'], 'rate', 'submitter', { rating: 'basic', note: '问题基本解决，但处理时间有点长' }]] },
  { code: 'hj.garbage', source: 'resident', by: 'resident', place: 'home', at: 35, expect: 'submitted', steps: [] },
  { code: 'ms.certificates', source: 'resident', by: 'resident', place: 'home', at: [200, '10:00'], expect: 'rejected',
    steps: [[[199, '09:00'], 'reject', 'registrar', { reason: '已通过其他渠道办结' }]] },
  // The secretary (李秀英, 高家沟社区): register, dispatch, verify, close.
  { code: 'ms.elderly', source: 'on_behalf', by: 'worker', place: 'noSmartphone', at: [1, '16:40'], expect: 'submitted', steps: [] },
  { code: 'hj.garbage', source: 'hotline', by: 'center', place: 'grid', at: [1, '10:30'], expect: 'submitted', steps: [] },
  { code: 'aq.ebike_charging', source: 'self_inspection', by: 'worker', place: 'grid', at: [1, '15:10'], expect: 'registered',
    steps: [[[1, '15:40'], 'register', 'registrar']] },
  { code: 'hj.dumping', source: 'visit', by: 'secretary', place: 'grid', at: [1, '10:00'], expect: 'registered',
    steps: [[[1, '10:05'], 'register', 'registrar']] },
  { code: 'lj.leak', source: 'on_behalf', by: 'worker', place: 'noSmartphone', at: [4, '10:00'], expect: 'resolved',
    steps: [[[4, '10:30'], 'register', 'registrar'], [[4, '10:40'], 'dispatch', 'registrar', W],
      [[4, '11:00'], 'accept', 'handler'], [[1, '16:00'], 'resolve', 'handler', { note: '已关闭漏水阀门并维修管道，楼下不再渗水。' }]] },
  { code: 'wy.greening', source: 'visit', by: 'secretary', place: 'grid', at: [6, '09:30'], expect: 'resolved',
    steps: [[[6, '10:00'], 'register', 'registrar'], [[6, '10:20'], 'dispatch', 'registrar', CO],
      [[6, '11:00'], 'accept', 'handler'], [[1, '11:00'], 'resolve', 'handler', { note: '物业已修剪树木并补植草坪。' }]] },
  { code: 'lj.occupation', source: 'letter', by: 'secretary', place: 'grid', at: [5, '09:00'], expect: 'verified',
    steps: [[[5, '09:20'], 'register', 'registrar'], [[5, '09:40'], 'dispatch', 'registrar', W],
      [[5, '10:00'], 'accept', 'handler'], [[2, '15:00'], 'resolve', 'handler', { note: '已协调住户清理楼道杂物。' }],
      [[1, '17:00'], 'verify', 'registrar', { note: '现场核查属实，已处理到位' }]] },
  { code: 'wy.cleaning', source: 'visit', by: 'secretary', place: 'grid', at: [7, '14:00'], expect: 'verified',
    steps: [[[7, '14:30'], 'register', 'registrar'], [[7, '15:00'], 'dispatch', 'registrar', CO],
      [[7, '15:30'], 'accept', 'handler'], [[5, '10:00'], 'resolve', 'handler', { note: '物业已安排保洁人员清扫楼道。' }],
      [[1, '10:00'], 'verify', 'gridWorker']] },
  // The worker (张丽娟): accept, resolve.
  { code: 'lj.pets', source: 'letter', by: 'secretary', place: 'grid', at: [2, '09:00'], expect: 'dispatched',
    steps: [[[2, '09:10'], 'register', 'registrar'], [[1, '17:00'], 'dispatch', 'registrar', { ...W, ...HOLD }]] },
  { code: 'lj.occupation', source: 'hotline', by: 'center', place: 'grid', at: [1, '09:30'], expect: 'dispatched',
    steps: [[[1, '10:00'], 'register', 'registrar'], [[1, '10:20'], 'dispatch', 'registrar', { ...W, ...HOLD }]] },
  { code: 'hj.dumping', source: 'visit', by: 'secretary', place: 'grid', at: [2, '14:00'], expect: 'accepted',
    steps: [[[2, '14:10'], 'register', 'registrar'], [[2, '14:30'], 'dispatch', 'registrar', W], [[2, '15:00'], 'accept', 'handler']] },
  { code: 'ms.subsidy', source: 'on_behalf', by: 'worker', place: 'noSmartphone', at: [3, '10:00'], expect: 'accepted',
    steps: [[[3, '11:00'], 'register', 'registrar'], [[3, '11:20'], 'dispatch', 'registrar', W], [[3, '11:40'], 'accept', 'handler']] },
  // The leader (王建平, 交口街道): suspension requests, a street-tier case, an escalated one.
  { code: 'wy.repair', source: 'visit', by: 'secretary', place: 'grid', at: [2, '09:00'], expect: 'accepted',
    steps: [[[2, '09:30'], 'register', 'registrar'], [[2, '09:45'], 'dispatch', 'registrar', CO], [[2, '10:10'], 'accept', 'handler'],
      [[1, '15:00'], 'requestSuspend', 'handler', { note: '需等待配件到货，申请延期' }]] },
  { code: 'lj.leak', source: 'on_behalf', by: 'worker', place: 'grid', at: [3, '09:00'], expect: 'accepted',
    steps: [[[3, '09:20'], 'register', 'registrar'], [[3, '09:40'], 'dispatch', 'registrar', W], [[3, '10:00'], 'accept', 'handler'],
      [[1, '16:20'], 'requestSuspend', 'handler', { note: '需业主配合入户，业主暂时外出' }]] },
  { code: 'wy.fees', source: 'visit', by: 'secretary', place: 'grid', at: [5, '10:00'], expect: 'suspended',
    steps: [[[5, '10:30'], 'register', 'registrar'], [[5, '11:00'], 'dispatch', 'registrar', W], [[5, '11:30'], 'accept', 'handler'],
      [[3, '15:00'], 'requestSuspend', 'handler', { note: '涉及维修资金使用，需业主表决' }],
      [[2, '10:00'], 'approveSuspend', 'upperRegistrar', { note: '同意挂起' }]] },
  { code: 'sz.sewer', source: 'hotline', by: 'center', place: 'grid', at: [1, '11:00'], expect: 'registered',
    steps: [[[1, '11:30'], 'register', 'registrar']] },
  { code: 'lj.noise', source: 'visit', by: 'secretary', place: 'grid', at: [2, '10:00'], expect: 'registered',
    steps: [[[2, '10:20'], 'register', 'registrar'], [[2, '10:40'], 'dispatch', 'registrar', W], [[2, '11:00'], 'accept', 'handler'],
      [[1, '14:00'], 'escalate', 'handler', { note: '涉及多个部门，社区无法协调，申请上报街道' }]] },
  // 留义物业 and 城建局: tasks to accept and to resolve.
  { code: 'wy.parking', source: 'hotline', by: 'center', place: 'grid', at: [1, '09:00'], expect: 'dispatched',
    steps: [[[1, '09:20'], 'register', 'registrar'], [[1, '09:40'], 'dispatch', 'registrar', { ...CO, ...HOLD }]] },
  { code: 'sz.streetlight', source: 'self_inspection', by: 'worker', place: 'grid', at: [2, '10:00'], expect: 'accepted',
    steps: [[[2, '10:30'], 'register', 'registrar'], [[2, '11:00'], 'dispatch', 'registrar', DEPT], [[2, '11:30'], 'accept', 'handler']] },
  { code: 'sz.sewer', source: 'visit', by: 'secretary', place: 'grid', at: [1, '14:00'], expect: 'dispatched',
    steps: [[[1, '14:30'], 'register', 'registrar'], [[1, '15:00'], 'dispatch', 'registrar', { ...DEPT, ...HOLD }]] },
  // The centre: an old case the deadline job escalated twice; overdue at the city tier now.
  { code: 'lj.noise', source: 'hotline', by: 'center', place: 'grid', at: [45, '09:00'], expect: 'registered',
    steps: [[[45, '09:20'], 'register', 'registrar'], [[45, '09:40'], 'dispatch', 'registrar', W], [[45, '10:00'], 'accept', 'handler']] },
];

export function scriptedCases(env: FlowEnv): CaseDraft[] {
  const { world, now, rng, cal } = env;
  const id = (username: string) => {
    const v = world.usernames.get(username);
    if (v === undefined) throw new Error(`demo cases: no demo account ${username}`);
    return v;
  };
  const org = (name: string) => world.orgs.find((o) => o.name === name)?.id as number;
  const resident = id('resident');
  const worker = id('worker');
  const home = world.residents.find((r) => r.accountId === resident)?.place;
  if (!home) throw new Error('demo cases: the demo resident has no household');
  const inGrid = world.places.filter((p) => p.gridId === home.gridId && p.householdId !== home.householdId);
  const sameCompound = inGrid.filter((p) => p.compound === home.compound);
  const noSmart = inGrid.filter((p) => p.noSmartphone);
  const secretary = id('secretary');
  const by = { resident, worker, secretary, center: id('center') };
  const targets = {
    worker: { kind: 'account' as const, id: worker },
    company: { kind: 'organisation' as const, id: org('留义物业') },
    dept: { kind: 'organisation' as const, id: org('城建局') },
  };
  const time = (w: When) =>
    typeof w === 'number' ? now - w * 60_000 : dayStartMs(dayOf(now) - w[0]) + Date.parse(`1970-01-01T${w[1]}:00Z`);
  const hold = addWorkingDays(cal, now, 1);
  return scripts.map((s, i) => {
    const pool = s.place === 'home' ? [home] : s.place === 'noSmartphone' && noSmart.length ? noSmart : sameCompound;
    const list = pool.length ? pool : inGrid;
    const place = list[(i * 37) % Math.max(1, list.length)] ?? home;
    const at = time(s.at);
    const slots = slotsOf(place.address, place.compound, place.building, rng);
    const category = world.categories.find((c) => c.code === s.code);
    if (!category) throw new Error(`demo cases: no category ${s.code}`);
    const intake: Intake = {
      at,
      category,
      source: s.source,
      submitter: by[s.by],
      place,
      by: s.source === 'hotline' || s.source === 'self_inspection' ? 'building' : 'household',
      description: s.text ?? describe(s.code, category.name, s.source, slots, rng),
      answers: answersFor(category, slots, at, rng),
      ...(s.source === 'hotline' ? { externalNo: `LS${dayKey(at)}9${String(i).padStart(6, '0')}` } : {}),
      ...(s.source === 'on_behalf' ? { onBehalfReason: '独居老人无智能手机' } : {}),
    };
    const rater = s.by === 'resident' ? resident : (world.residentOf.get(place.householdId ?? -1) ?? null);
    const sim = startCase(env, intake);
    const flow = new Flow(env, sim, { place: place as PlaceInfo, rater, hard: false });
    for (const [when, action, cap, input = {}] of s.steps) {
      const t = time(when);
      if (sim.runJobs(t)) throw new Error(`demo case script ${i}: the deadline job got there first`);
      const { to, hold: held, ...b } = input;
      flow.act(action, cap, t, { ...b, ...(to ? { target: targets[to] } : {}), ...(held ? { acceptBy: hold } : {}) });
    }
    sim.runJobs(Number.POSITIVE_INFINITY);
    sim.settleWarning();
    if (sim.status !== s.expect) throw new Error(`demo case script ${i}: ended ${sim.status}, not ${s.expect}`);
    return draftOf(intake, sim);
  });
}

export const scriptedCount = scripts.length;
