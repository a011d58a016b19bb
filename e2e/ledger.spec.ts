/**
 * The household ledger through the real UI. The community secretary opens 住户台账, opens a household, adds a
 * person with a valid ID number (made here with the GB 11643 check character) and sees birth date and gender
 * fill themselves; the list shows the number masked; 查看明文 with a reason shows it in clear once, and the
 * audit log holds a person.unmask row with the reason but never the number; the person moves out and is
 * only listed with 显示已迁出. On a phone (375 px), the demo resident opens 我的家庭, asks for a correction,
 * downloads the household's data; the secretary handles the request and the resident sees the reply.
 */
import { readFileSync } from 'node:fs';
import { idCheckChar } from '@grassroots/shared/ledger/idcard';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, loginAs, okButton, shot, watchPage } from './support.js';

test.describe.configure({ mode: 'serial' });

const run = Date.now().toString(36);
const name = `台账测试${run.slice(-5)}`;
// A valid number, unique per run: born 1980-05-15, a sequence from the clock (odd last digit ⇒ male).
const seq = String(101 + (Date.now() % 400) * 2).padStart(3, '0');
const first17 = `14112219800515${seq}`;
const idNumber = first17 + idCheckChar(first17);
const masked = `141122********${idNumber.slice(-4)}`;
const phoneNo = `139${String(Date.now()).slice(-8)}`;
const reason = `核对户籍信息（${run}）`;
const correction = `门牌号登记有误，应为101室（${run}）`;
const reply = `已核对并更正（${run}）`;

async function contextPage(browser: Browser, username: string, viewport = { width: 1440, height: 900 }) {
  const ctx = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  const problems = watchPage(page);
  await loginAs(page, username);
  return { page, problems, close: () => ctx.close() };
}

/** Waits for the success toast to leave: axe mid-fade sees its text at partial opacity (low contrast). */
async function toastGone(page: Page) {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
}

test.describe('Ledger in the console: add a person → masked → unmask with a reason (logged) → move out', () => {
  let personId = '';

  test('the secretary adds a person whose ID number fills birth date and gender, shown masked', async ({ browser }) => {
    const { page, problems, close } = await contextPage(browser, 'secretary');
    await page.goto('/console/ledger');
    await expect(page.getByRole('heading', { level: 1, name: '住户台账' })).toBeVisible();
    const firstRow = page.locator('.ant-table-tbody tr.ant-table-row').first();
    await expect(firstRow).toContainText('高家沟社区');
    // Phones are masked in the list.
    await expect(firstRow.locator('td').nth(3)).toHaveText(/^\d{3}\*+\d{4}$|^—$/);
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'ledger-households');

    await firstRow.getByRole('link').first().click();
    await expect(page).toHaveURL(/\/console\/ledger\/households\/\d+$/);
    await expect(page.getByText('家庭成员')).toBeVisible();
    await page.getByRole('button', { name: /添加成员/ }).click();
    const dialog = page.getByRole('dialog', { name: '添加家庭成员' });
    await dialog.getByLabel('姓名').fill(name);
    // A wrong check character is refused on the spot, before anything is sent.
    const wrong = first17 + (idNumber.endsWith('0') ? '1' : '0');
    await dialog.getByLabel('身份证号').fill(wrong);
    await expect(dialog.getByText('身份证号校验位不正确，请核对')).toBeVisible();
    await dialog.getByLabel('身份证号').fill(idNumber);
    await expect(dialog.getByText('身份证号校验位不正确，请核对')).toHaveCount(0);
    await expect(dialog.getByLabel('出生日期')).toHaveValue('1980-05-15');
    await expect(dialog.getByRole('radio', { name: '男' })).toBeChecked();
    await dialog.getByLabel('电话').fill(phoneNo);
    const created = page.waitForResponse((r) => r.url().endsWith('/api/persons') && r.request().method() === 'POST');
    await okButton(dialog, '保存').click();
    const res = await created;
    expect(res.status()).toBe(201);
    personId = (await res.json()).id;
    await expect(dialog).toBeHidden();

    const row = page.locator('tr.ant-table-row', { hasText: name });
    await expect(row).toContainText(masked);
    await expect(row).toContainText(`${phoneNo.slice(0, 3)}****${phoneNo.slice(-4)}`);
    await expect(row).toContainText('中年（35–59岁）');
    await expect(page.getByText(idNumber)).toHaveCount(0);
    await toastGone(page);
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'ledger-household', true);

    // The same person again is a duplicate: the server's refusal shows in the dialog.
    await page.getByRole('button', { name: /添加成员/ }).click();
    const again = page.getByRole('dialog', { name: '添加家庭成员' });
    await again.getByLabel('姓名').fill(`${name}重复`);
    await again.getByLabel('身份证号').fill(idNumber);
    await okButton(again, '保存').click();
    await expect(again.getByRole('alert')).toBeVisible();
    await again.getByRole('button', { name: /取\s*消/ }).click();
    await expect(again).toBeHidden();
    expect(problems).toEqual([]);
    await close();
  });

  test('查看明文 asks for a reason, shows the clear number once, and the viewing is logged', async ({ browser }) => {
    const { page, problems, close } = await contextPage(browser, 'secretary');
    await page.goto('/console/ledger/persons');
    await page.getByLabel('搜索姓名、完整身份证号或手机号').fill(idNumber);
    await page.getByLabel('搜索姓名、完整身份证号或手机号').press('Enter');
    const row = page.locator('tr.ant-table-row', { hasText: name });
    await expect(row).toContainText(masked);
    await expect(page.locator('tr.ant-table-row')).toHaveCount(1);

    await row.getByRole('button', { name: /查看明文/ }).click();
    const dialog = page.getByRole('dialog', { name: `查看明文：${name}` });
    await expect(dialog.getByText('本次查看将记录在审计日志中', { exact: false })).toBeVisible();
    await okButton(dialog, '查看').click();
    await expect(dialog.getByText('请填写查看事由')).toBeVisible(); // the reason is required
    await dialog.getByLabel('查看事由').fill(reason);
    await okButton(dialog, '查看').click();
    await expect(dialog.getByTestId('unmasked-values')).toContainText(idNumber);
    await expect(dialog.getByTestId('unmasked-values')).toContainText(phoneNo);
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'ledger-unmask');
    await okButton(dialog.locator('.ant-modal-footer'), '关闭').click();
    await expect(dialog).toBeHidden();
    // Gone with the dialog: nothing of it stays on the page.
    await expect(page.getByText(idNumber)).toHaveCount(0);
    expect(problems).toEqual([]);
    await close();

    // The audit log (admin) has the viewing with its reason and fields, never the value.
    const admin = await contextPage(browser, 'admin');
    const audit = await admin.page.request.get(`/api/audit?action=person.unmask&entityId=${personId}`);
    expect(audit.status()).toBe(200);
    const body = await audit.json();
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({ action: 'person.unmask', entityType: 'person', entityId: personId });
    expect(body.items[0].summary).toMatchObject({ reason, fields: ['idNumber', 'phone'] });
    expect(JSON.stringify(body)).not.toContain(idNumber);
    await admin.close();
  });

  test('the person moves out and is listed only with 显示已迁出', async ({ browser }) => {
    const { page, problems, close } = await contextPage(browser, 'secretary');
    await page.goto('/console/ledger/persons');
    await page.getByLabel('搜索姓名、完整身份证号或手机号').fill(name);
    await page.getByLabel('搜索姓名、完整身份证号或手机号').press('Enter');
    await page.locator('tr.ant-table-row', { hasText: name }).getByRole('link').click();
    await expect(page).toHaveURL(/\/console\/ledger\/households\/\d+$/);
    const row = page.locator('tr.ant-table-row', { hasText: name });
    await row.getByRole('button', { name: /迁出/ }).click();
    const dialog = page.getByRole('dialog', { name: `迁出：${name}` });
    await dialog.getByLabel('备注').fill('迁往外地');
    await okButton(dialog, '确认迁出').click();
    await expect(dialog).toBeHidden();
    await expect(row).toHaveCount(0);
    await page.getByLabel('显示已迁出').click();
    await expect(row).toContainText('已迁出');
    await expect(row).toContainText('迁往外地');
    await expect(row.getByRole('button', { name: /迁回/ })).toBeVisible();
    expect(problems).toEqual([]);
    await close();
  });
});

test.describe('我的家庭 on a phone: see the members masked, ask for a correction and an erasure, download', () => {
  const phone = { width: 375, height: 812 };
  const member = `家庭成员${run.slice(-5)}`;
  const memberFirst17 = `14112220100202${String(Number(seq) + 1).padStart(3, '0')}`;
  const memberId = memberFirst17 + idCheckChar(memberFirst17);
  const erasureReason = `孩子已随父母迁往外地，申请注销（${run}）`;

  test('a member the secretary added shows masked to the resident', async ({ browser }) => {
    const resident = await contextPage(browser, 'resident', phone);
    const mine = await (await resident.page.request.get('/api/me/household')).json();
    const householdId: string = mine.items[0].id;
    await resident.close();

    const staff = await contextPage(browser, 'secretary');
    const { csrfToken } = await (await staff.page.request.get('/api/me')).json();
    const res = await staff.page.request.post('/api/persons', {
      headers: { 'x-csrf-token': csrfToken },
      data: { householdId, name: member, idNumber: memberId, relation: 'grandchild', tags: ['留守儿童'] },
    });
    expect(res.status()).toBe(201);
    await staff.close();
  });

  test('the resident asks for a correction, downloads the data and asks to erase the member', async ({ browser }) => {
    const { page, problems, close } = await contextPage(browser, 'resident', phone);
    await page.goto('/h5');
    await page.getByRole('link', { name: /我的家庭/ }).click();
    await expect(page).toHaveURL(/\/h5\/household$/);
    await expect(page.getByRole('heading', { level: 2, name: /新城壹号/ })).toBeVisible();
    const item = page.locator('.ant-list-item', { hasText: member });
    await expect(item).toContainText(`141122********${memberId.slice(-4)}`);
    await expect(item).toContainText('孙子女');
    await expect(page.getByText(memberId)).toHaveCount(0);
    // Nothing wider than the phone.
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    await expectNoSeriousA11yViolations(page);

    await page.getByRole('button', { name: /申请更正/ }).click();
    const dialog = page.getByRole('dialog', { name: '申请更正信息' });
    await expect(dialog.getByRole('radio', { name: /全户信息/ })).toBeChecked();
    await dialog.getByRole('radio', { name: member }).check();
    await dialog.getByLabel('哪里不对，应改为什么').fill(correction);
    await expectNoSeriousA11yViolations(page);
    await okButton(dialog, '提交申请').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(correction)).toBeVisible();
    await toastGone(page);

    // Their own data, in clear, as a file.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /下载我的数据/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.json$/);
    const data = readFileSync((await file.path()) as string, 'utf8');
    expect(data).toContain('新城壹号');
    expect(data).toContain(memberId);
    // The 已下载 toast comes after the file; wait for it, then for it to go (with the pointer off it — a hovered
    // toast stays, and at 375 px it covers the header's 长辈模式 switch).
    await expect(page.locator('.ant-message-notice', { hasText: '已下载' })).toBeVisible();
    await page.mouse.move(10, 700);
    await toastGone(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'h5-household', true);

    // 长辈模式: the same page in bigger type stays within the phone and accessible.
    await page.getByTestId('elder-switch').click();
    await expect(page.locator('html.elder-mode')).toHaveCount(1);
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    await expectNoSeriousA11yViolations(page);
    await page.getByTestId('elder-switch').click();

    // Erasure: names a member and asks once more, saying what it means.
    await page.getByRole('button', { name: /申请注销个人信息/ }).click();
    const erase = page.getByRole('dialog', { name: '申请注销个人信息', exact: true });
    await erase.getByRole('radio', { name: member }).check();
    await erase.getByLabel('注销原因').fill(erasureReason);
    await okButton(erase, '提交申请').click();
    const sure = page.getByRole('dialog', { name: '确认申请注销个人信息？' });
    await expect(sure).toContainText('无法恢复');
    await okButton(sure, '确认申请').click();
    await expect(erase).toBeHidden();
    await expect(page.getByText(erasureReason)).toBeVisible();
    expect(problems).toEqual([]);
    await close();
  });

  test('the secretary handles both; the erased member is anonymised and the resident sees the replies', async ({
    browser,
  }) => {
    const staff = await contextPage(browser, 'secretary');
    await staff.page.goto('/console/ledger/requests');
    const row = staff.page.locator('tr.ant-table-row', { hasText: correction });
    await row.getByRole('button', { name: /办理/ }).click();
    const dialog = staff.page.getByRole('dialog', { name: '办理更正申请' });
    await dialog.getByLabel('处理说明（告知居民）').fill(reply);
    await okButton(dialog, '保存').click();
    await expect(dialog).toBeHidden();
    await expect(row).toHaveCount(0); // no longer open

    const erasureRow = staff.page.locator('tr.ant-table-row', { hasText: erasureReason });
    await erasureRow.getByRole('button', { name: /办理/ }).click();
    const erase = staff.page.getByRole('dialog', { name: '办理注销申请' });
    await expect(erase.getByRole('alert')).toContainText('已注销');
    await erase.getByLabel('处理说明（告知居民）').fill(`已核实，予以注销（${run}）`);
    await okButton(erase, '保存').click();
    const sure = staff.page.getByRole('dialog', { name: '确认办理注销？' });
    await expect(sure).toContainText('无法恢复');
    await okButton(sure, '确认注销').click();
    await expect(erase).toBeHidden();
    await expect(erasureRow).toHaveCount(0);
    // The person is gone from the ledger: not found by name any more.
    await staff.page.goto('/console/ledger/persons');
    await staff.page.getByLabel('搜索姓名、完整身份证号或手机号').fill(member);
    await staff.page.getByLabel('搜索姓名、完整身份证号或手机号').press('Enter');
    await expect(staff.page.getByText('没有符合条件的人员')).toBeVisible();
    expect(staff.problems).toEqual([]);
    await staff.close();

    const { page, problems, close } = await contextPage(browser, 'resident', phone);
    await page.goto('/h5/household');
    await expect(page.getByText(`答复：${reply}`)).toBeVisible();
    await expect(page.locator('.ant-list-item', { hasText: member })).toHaveCount(0);
    expect(problems).toEqual([]);
    await close();
  });
});
