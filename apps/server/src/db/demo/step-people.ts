/**
 * Step 6: people. The demo accounts on their one-line chain, generated staff for every other street,
 * community and grid (so lists and 亮身份 pages are alive), 包联 links (leader → community, party
 * member → no-smartphone households), one confirmed resident and two pending link requests.
 * Private phones are encrypted + hashed; duty phones are public office lines.
 */
import { dutyLabels } from '@grassroots/shared/auth/roles';
import { normalisePhone } from '@grassroots/shared/places/places.rules';
import { demoAccounts, pendingResidents, workerDutyLabels } from './accounts.js';
import type { AreaNode, GenState, Step } from './generator.js';
import { chunked } from './generator.js';
import { dutyPhone, mobilePhone, personName } from './random.js';

interface AccountDraft {
  username: string;
  displayName: string;
  phone: string;
  duty: string | null;
  grant: { role: string; areaId?: number; orgId?: number; labels?: string[] } | null;
}

function chainOf(s: GenState) {
  const street = s.streets.find((x) => x.name === s.plan.chain.street);
  const community = street?.communities.find((x) => x.name === s.plan.chain.community);
  const grid = community?.grids[0];
  if (!street || !community || !grid) throw new Error('demo plan has no chain street/community/grid');
  return { street, community, grid };
}

function orgId(s: GenState, name: string) {
  const id = s.orgs.get(name);
  if (id === undefined) throw new Error(`demo plan has no organisation ${name}`);
  return id;
}

function demoDrafts(s: GenState, chain: ReturnType<typeof chainOf>, residentPhone: string): AccountDraft[] {
  const grants: Record<string, AccountDraft['grant']> = {
    admin: { role: 'admin' },
    center: { role: 'center', areaId: s.city.id },
    leader: { role: 'leader', areaId: chain.street.id },
    secretary: { role: 'community_secretary', areaId: chain.community.id },
    cadre: { role: 'cadre', areaId: chain.grid.id },
    worker: { role: 'grid_worker', areaId: chain.grid.id, labels: workerDutyLabels },
    member: { role: 'party_member', areaId: chain.grid.id },
    dept: { role: 'department', orgId: orgId(s, '城建局') },
    company: { role: 'property_company', orgId: orgId(s, '留义物业') },
    propcenter: { role: 'property_center', orgId: orgId(s, '物业管理服务中心') },
    unit: { role: 'unit', orgId: orgId(s, '离石区税务局') },
    resident: { role: 'resident' },
  };
  const demo = demoAccounts.map((a) => ({
    username: a.username,
    displayName: a.displayName,
    phone: a.role === 'resident' ? residentPhone : mobilePhone(s.rng),
    duty: a.role === 'resident' ? null : dutyPhone(s.rng), // residents are not on duty
    grant: grants[a.username] ?? null,
  }));
  const pending = pendingResidents.map((r) => ({
    ...r,
    phone: mobilePhone(s.rng),
    duty: null,
    grant: { role: 'resident' },
  }));
  return [...demo, ...pending];
}

/** One L1 per other street, one L2 per other community, one L3 and one L4 per other grid. */
function staffDrafts(s: GenState, chain: ReturnType<typeof chainOf>): AccountDraft[] {
  const person = (username: string, role: string, area: AreaNode, labels?: string[]): AccountDraft => ({
    username,
    displayName: personName(s.rng),
    phone: mobilePhone(s.rng),
    duty: dutyPhone(s.rng),
    grant: { role, areaId: area.id, labels },
  });
  const pickLabels = () => [...dutyLabels].filter(() => s.rng.chance(0.3)).slice(0, 3);
  return [
    ...s.streets.filter((x) => x !== chain.street).map((x) => person(`leader-${x.code}`, 'leader', x)),
    ...s.communities
      .filter((x) => x !== chain.community)
      .map((x) => person(`secretary-${x.code}`, 'community_secretary', x)),
    ...s.grids.filter((g) => g !== chain.grid).map((g) => person(`cadre-${g.code}`, 'cadre', g)),
    ...s.grids.filter((g) => g !== chain.grid).map((g) => person(`worker-${g.code}`, 'grid_worker', g, pickLabels())),
  ];
}

async function buildPeople(s: GenState) {
  const chain = chainOf(s);
  const homes = await s.trx
    .selectFrom('households as h')
    .leftJoin('buildings as b', 'b.id', 'h.buildingId')
    .leftJoin('compounds as c', 'c.id', 'b.compoundId')
    .select(['h.id', 'h.noSmartphone', 'h.phoneEnc', 'c.name as compound'])
    .where('h.gridId', '=', chain.grid.id)
    .orderBy('h.id')
    .execute();
  const home = homes.find((h) => h.compound === s.plan.chain.compound);
  if (!home) throw new Error(`no household of ${s.plan.chain.compound} in the chain grid`);
  const residentPhone = normalisePhone(s.ctx.pii.decrypt(home.phoneEnc as string));
  const resident = demoAccounts.find((a) => a.role === 'resident')!;
  await s.trx.updateTable('households').set({ headName: resident.displayName }).where('id', '=', home.id).execute();

  const drafts = [...demoDrafts(s, chain, residentPhone), ...staffDrafts(s, chain)];
  const ids = await insertAccounts(s, drafts);
  const id = (username: string) => ids.get(username) as number;

  const grants = drafts
    .filter((d) => d.grant)
    .map((d) => ({
      accountId: id(d.username),
      role: d.grant!.role,
      areaId: d.grant!.areaId ?? null,
      orgId: d.grant!.orgId ?? null,
      dutyLabels: JSON.stringify(d.grant!.labels ?? []),
      createdAt: s.now,
    }));
  for (const part of chunked(grants)) await s.trx.insertInto('roleAssignments').values(part).execute();
  s.counts.roleAssignments = grants.length;

  // 包联: each street leader is linked to the first community of the street (the demo leader to 高家沟社区).
  const communityLinks = s.streets.map((st) => ({
    accountId: id(st === chain.street ? 'leader' : `leader-${st.code}`),
    areaId: (st === chain.street ? chain.community : (st.communities[0] as AreaNode)).id,
    createdAt: s.now,
  }));
  await s.trx.insertInto('communityLinks').values(communityLinks).execute();

  const others = homes.filter((h) => h.id !== home.id);
  const offline = [...others.filter((h) => h.noSmartphone), ...others.filter((h) => !h.noSmartphone)].slice(0, 6);
  if (offline.length)
    await s.trx
      .insertInto('householdLinks')
      .values(offline.map((h) => ({ accountId: id('member'), householdId: h.id, createdAt: s.now })))
      .execute();

  const asking = others.filter((h) => !offline.includes(h)).slice(0, pendingResidents.length);
  await s.trx
    .insertInto('residentLinks')
    .values([
      {
        accountId: id('resident'),
        householdId: home.id,
        areaPath: chain.grid.path,
        status: 'confirmed',
        note: '户主本人',
        decidedBy: id('worker'),
        decidedAt: s.now,
        createdAt: s.now - 86_400_000,
      },
      ...asking.map((h, i) => ({
        accountId: id(pendingResidents[i]!.username),
        householdId: h.id,
        areaPath: chain.grid.path,
        status: 'pending',
        note: pendingResidents[i]!.note,
        decidedBy: null,
        decidedAt: null,
        createdAt: s.now - 3_600_000 * (i + 1),
      })),
    ])
    .execute();
  s.counts.householdLinks = offline.length;
  s.counts.residentLinks = 1 + asking.length;
}

async function insertAccounts(s: GenState, drafts: AccountDraft[]) {
  const rows = drafts.map((d) => ({
    username: d.username,
    displayName: d.displayName,
    phoneEnc: s.ctx.pii.encrypt(d.phone),
    phoneHash: s.ctx.pii.hash(d.phone),
    dutyPhone: d.duty,
    passwordHash: s.passwordHash,
    isDemo: 1,
    createdAt: s.now,
    updatedAt: s.now,
  }));
  const ids = new Map<string, number>();
  for (const part of chunked(rows)) {
    const got = await s.trx.insertInto('accounts').values(part).returning(['id', 'username']).execute();
    for (const r of got) ids.set(r.username, r.id);
  }
  s.counts.accounts = rows.length;
  return ids;
}

export const peopleStep: Step = { name: 'people', run: buildPeople };
