/**
 * An overdue case escalates by itself: the secretary dispatches a leak to the grid worker with a resolve-by a
 * few seconds away; the worker accepts and lets it run out; the deadline job (every 2 s in the journey server,
 * CASE_DEADLINE_SCAN_SECONDS) puts it up to 交口街道, where the street leader has it among their tasks and sees the
 * system's 上报 in its timeline.
 */
import { expect, test } from '@playwright/test';
import { apiOf, categoryId, firstGridHousehold, signedIn } from './cases-support.js';
import { expectNoSeriousA11yViolations, shot } from './support.js';

test('an overdue case is escalated to the street by the deadline job', async ({ browser }) => {
  const secretary = await signedIn(browser, 'secretary');
  const worker = await signedIn(browser, 'worker');
  const sec = await apiOf(secretary.page);
  const work = await apiOf(worker.page);
  const made = await sec.createCase({
    categoryId: await categoryId(sec, 'lj.leak'),
    description: `楼道水管破裂，无人处理 ${Date.now().toString(36)}`,
    source: 'visit',
    householdId: await firstGridHousehold(sec),
  });
  const registered = await sec.act(made, 'register');
  const dispatched = await sec.act(registered, 'dispatch', {
    target: { kind: 'account', id: work.accountId },
    resolveBy: new Date(Date.now() + 3_000).toISOString(),
  });
  const accepted = await work.act(dispatched, 'accept');
  expect(accepted.status).toBe('accepted');

  // The job escalates within a scan or two after the deadline: poll the case as the street leader.
  const leader = await signedIn(browser, 'leader');
  const lead = await apiOf(leader.page);
  await expect
    .poll(async () => (await lead.get<{ tier: string; status: string }>(`/api/cases/${made.id}`)).tier, {
      timeout: 30_000,
      intervals: [1_000],
    })
    .toBe('street');

  // Registered again at the street, it is one of the leader's tasks (the demo gives the leader hundreds, so ask
  // the server rather than page through the workbench), and the list finds it by number.
  const tasks = await lead.get<{ items: { id: string }[] }>(`/api/cases?view=tasks&q=${made.number}`);
  expect(tasks.items.map((i) => i.id)).toContain(made.id);
  await leader.page.goto(`/console/cases?q=${made.number}`);
  await leader.page.getByRole('link', { name: made.number }).click();
  await expect(leader.page).toHaveURL(new RegExp(`/console/cases/${made.id}$`));
  const escalation = leader.page.locator('.gr-case-event[data-action="escalate"]');
  await expect(escalation).toContainText('系统');
  await expect(leader.page.getByRole('heading', { level: 1 })).toContainText('已立案');
  // Registered again at the street, the leader may now dispatch it.
  await expect(leader.page.locator('button[data-action="dispatch"]')).toBeVisible();
  await expectNoSeriousA11yViolations(leader.page);
  await shot(leader.page, 'case-escalated');
  for (const who of [secretary, worker, leader]) expect(who.problems).toEqual([]);
});
