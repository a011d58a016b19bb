/**
 * THE case loop, every step through the real UI: the demo resident reports a problem with a photo on a phone
 * (375×812) and gets its number, finds it in 我的诉求, and anyone can look the number up without logging in
 * (status and steps only, never the description). The community secretary registers it in the console and
 * dispatches it to the demo grid worker, who accepts and resolves it with a photo on the phone; the secretary
 * verifies and closes it, and the resident rates it 满意 with a comment — the last page also in 长辈模式.
 */
import { type Browser, expect, type Page, test } from '@playwright/test';
import { consoleAct, consoleDispatch, consoleStatus, signedIn } from './cases-support.js';
import { expectNoSeriousA11yViolations, loginAs, okButton, shot, watchPage } from './support.js';

const phone = { width: 375, height: 812 };
test.use({ viewport: phone, locale: 'zh-CN' });
test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);
const description = `小区门口车辆乱停放，堵住了消防通道（${run}）`;
const result = `已联系物业清理违停车辆（${run}）`;
const comment = `处理及时，谢谢网格员（${run}）`;

/** A tiny valid PNG (1×1, red), made here so the journey needs no fixture file. */
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
  'base64',
);
const photo = (name: string) => ({ name, mimeType: 'image/png', buffer: png });

async function phonePage(browser: Browser, username?: string) {
  const ctx = await browser.newContext({ viewport: phone, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  const problems = watchPage(page);
  if (username) await loginAs(page, username);
  return { page, problems, close: () => ctx.close() };
}

/** Waits for the success toast to leave: axe mid-fade sees its text at partial opacity (low contrast). */
async function toastGone(page: Page) {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
}

async function expectNoSideways(page: Page) {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
}

test.describe('Cases on the phone: report → look up → grid worker resolves → resident rates', () => {
  let caseId = '';
  let caseNumber = '';

  test('the resident reports a problem with a photo and gets the case number', async ({ browser }) => {
    const { page, problems, close } = await phonePage(browser, 'resident');
    await page.goto('/h5');
    await page.getByRole('link', { name: /我要反映/ }).click();
    await expect(page).toHaveURL(/\/h5\/cases\/new$/);
    await expect(page.getByRole('heading', { name: '物业服务' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await okButton(page, '停车').click();

    await expect(page.getByText('物业服务 / 停车')).toBeVisible();
    await page.getByLabel('问题描述').fill(description);
    await page.locator('input[type="file"]').setInputFiles(photo('parking.png'));
    await expect(page.locator('.ant-upload-list-item-done')).toHaveCount(1);
    // Stored: the thumbnail links to the server's copy.
    await expect(page.locator('.ant-upload-list-item-done a[href^="/api/attachments/"]').first()).toBeAttached();
    // The confirmed household is the default place.
    await expect(page.getByRole('radio', { name: /我的住户：新城壹号/ })).toBeChecked();
    await expectNoSideways(page);
    await expectNoSeriousA11yViolations(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'h5-case-new', true);

    const created = page.waitForResponse((r) => r.url().endsWith('/api/cases') && r.request().method() === 'POST');
    await okButton(page, '提交').click();
    const res = await created;
    expect(res.status()).toBe(201);
    expect(res.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    const number = page.getByTestId('case-number');
    await expect(number).toHaveText(/^\d{8}-\d{6}$/);
    caseNumber = (await number.textContent()) ?? '';
    await expectNoSeriousA11yViolations(page);

    await okButton(page, '查看办理进度').click();
    await expect(page).toHaveURL(/\/h5\/cases\/\d+$/);
    caseId = /cases\/(\d+)$/.exec(page.url())?.[1] ?? '';
    await expect(page.getByText(description)).toBeVisible();
    await expect(page.getByRole('img', { name: '问题照片 1' })).toBeVisible();
    await expect(page.locator('.ant-tag', { hasText: '待受理' })).toBeVisible();
    expect(problems).toEqual([]);
    await close();
  });

  test('the case is in 我的诉求', async ({ browser }) => {
    const { page, problems, close } = await phonePage(browser, 'resident');
    await page.goto('/h5');
    await page.getByRole('link', { name: /我的诉求/ }).click();
    await expect(page).toHaveURL(/\/h5\/cases$/);
    const card = page.locator(`[data-case-number="${caseNumber}"]`);
    await expect(card).toBeVisible();
    await expect(card).toContainText('停车');
    await expect(card).toContainText('待受理');
    await expectNoSideways(page);
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'h5-my-cases');
    await card.click();
    await expect(page).toHaveURL(new RegExp(`/h5/cases/${caseId}$`));
    expect(problems).toEqual([]);
    await close();
  });

  test('anyone can look up its progress by number, without the description', async ({ browser }) => {
    const { page, problems, close } = await phonePage(browser);
    await page.goto('/p/case');
    await page.getByLabel('诉求编号').fill(caseNumber);
    await okButton(page, '查询').click();
    await expect(page).toHaveURL(new RegExp(`/p/case/${caseNumber}$`));
    await expect(page.locator('.ant-tag', { hasText: '待受理' })).toBeVisible();
    await expect(page.getByText('提交诉求')).toBeVisible();
    await expect(page.locator('main')).toContainText('停车');
    await expect(page.locator('main')).not.toContainText(run);
    await expect(page.locator('main')).not.toContainText('新城壹号');
    await expect(page.locator('main img')).toHaveCount(0);
    await expectNoSideways(page);
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'public-case');

    await page.goto('/p/case/19990101-999999');
    await expect(page.getByText('未找到该编号的诉求')).toBeVisible();
    expect(problems).toEqual([]);
    await close();
  });

  test('the community secretary registers it in the console and dispatches it to the grid worker', async ({
    browser,
  }) => {
    const { page, problems } = await signedIn(browser, 'secretary', { viewport: { width: 1440, height: 900 } });
    await page.goto(`/console/cases?q=${caseNumber}`);
    await page.getByRole('link', { name: caseNumber }).click();
    await expect(page).toHaveURL(new RegExp(`/console/cases/${caseId}$`));
    await expect(page.getByText(description)).toBeVisible();
    await consoleAct(page, 'register', '立案');
    await expect(consoleStatus(page)).toHaveText('已立案');
    const dialog = await consoleDispatch(page, '张丽娟');
    await okButton(dialog, '派遣').click();
    await expect(dialog).toBeHidden();
    await expect(consoleStatus(page)).toHaveText('已派遣');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test('the grid worker accepts the dispatched case in 我的任务 and resolves it with a photo', async ({ browser }) => {
    const { page, problems, close } = await phonePage(browser, 'worker');
    await page.goto('/h5');
    await page.getByRole('link', { name: /我的任务/ }).click();
    await expect(page).toHaveURL(/\/h5\/tasks$/);
    const card = page.locator(`[data-case-number="${caseNumber}"]`);
    // Other journeys may have given the worker tasks too: load pages until this one shows.
    for (let i = 0; i < 20 && !(await card.isVisible()); i++) {
      const more = okButton(page, '加载更多');
      if (!(await more.isVisible())) break;
      await more.click();
      await page.waitForTimeout(300);
    }
    await expect(card).toBeVisible();
    await expect(card).toContainText('已派遣');
    await expect(card).toContainText('剩余');
    await expectNoSideways(page);
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'h5-tasks');

    await card.click();
    await expect(page).toHaveURL(new RegExp(`/h5/cases/${caseId}$`));
    await okButton(page, '接单').click();
    await expect(page.locator('.ant-tag', { hasText: '办理中' })).toBeVisible();
    await okButton(page, '处置反馈').click();
    await page.getByLabel('处置结果').fill(result);
    await page.locator('input[type="file"]').setInputFiles(photo('fixed.png'));
    await expect(page.locator('.ant-upload-list-item-done')).toHaveCount(1);
    await expectNoSeriousA11yViolations(page);
    await okButton(page, '提交处置结果').click();
    await expect(page.locator('.ant-tag', { hasText: '已处置' })).toBeVisible();
    // The result and its photo are in the history.
    const event = page.locator('.gr-case-event[data-action="resolve"]');
    await expect(event).toContainText(result);
    await expect(event.getByRole('img')).toHaveCount(1);
    await toastGone(page);
    await expectNoSideways(page);
    await expectNoSeriousA11yViolations(page);
    expect(problems).toEqual([]);
    await close();
  });

  test('the secretary verifies the result and closes the case (销号) in the console', async ({ browser }) => {
    const { page, problems } = await signedIn(browser, 'secretary', { viewport: { width: 1440, height: 900 } });
    await page.goto(`/console/cases/${caseId}`);
    await expect(page.locator('.gr-case-event[data-action="resolve"]')).toContainText(result);
    await consoleAct(page, 'verify', '核查');
    await expect(consoleStatus(page)).toHaveText('已核查');
    await consoleAct(page, 'close', '结案/销号');
    await expect(consoleStatus(page)).toHaveText('已结案');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  test('the resident rates it 满意 with a comment (also in 长辈模式)', async ({ browser }) => {
    const { page, problems, close } = await phonePage(browser, 'resident');
    await page.goto(`/h5/cases/${caseId}`);
    await expect(page.locator('.ant-tag', { hasText: '已结案' })).toBeVisible();
    await expect(page.getByText('您对办理结果满意吗？')).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    // 长辈模式 once: bigger text, still no sideways scrolling and still accessible.
    await page.getByTestId('elder-switch').click();
    await expect(page.locator('html')).toHaveClass(/elder-mode/);
    await expectNoSideways(page);
    await expectNoSeriousA11yViolations(page);

    await okButton(page, '满意').click();
    await expect(okButton(page, '满意')).toHaveAttribute('aria-pressed', 'true');
    await page.getByLabel('评价意见（可选）').fill(comment);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'h5-case-detail', true);
    await okButton(page, '提交评价').click();
    const rated = page.locator('.ant-card', { has: page.getByText('居民评价') });
    await expect(rated).toContainText('满意');
    await expect(rated).toContainText(comment);
    await expect(page.getByText('您对办理结果满意吗？')).toHaveCount(0);
    await toastGone(page);
    await expectNoSideways(page);
    await expectNoSeriousA11yViolations(page);

    // The public look-up now shows it closed and rated.
    await page.goto(`/p/case/${caseNumber}`);
    await expect(page.locator('.ant-tag', { hasText: '已结案' })).toBeVisible();
    await expect(page.locator('main')).toContainText('满意');
    await expect(page.locator('main')).not.toContainText(comment);
    expect(problems).toEqual([]);
    await close();
  });
});
