/** The application shell: login, console home, language, 长辈模式, logout, errors, accessibility, CSP. */
import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, loginAs, shot, watchPage } from './support.js';

const mainMenu = (page: import('@playwright/test').Page, name: string) => page.getByRole('navigation', { name });

test('admin signs in through the form and lands on the console home', async ({ page }) => {
  const problems = watchPage(page);
  await loginAs(page, 'admin');
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.getByRole('heading', { level: 1, name: '工作台' })).toBeVisible();
  await expect(page.getByText('系统管理员').first()).toBeVisible();
  await expect(mainMenu(page, '主菜单').getByRole('link', { name: '工作台' })).toBeVisible();
  await expect(page).toHaveTitle(/基层治理一网通/);
  await expectNoSeriousA11yViolations(page);
  await shot(page, 'console-home');
  expect(problems).toEqual([]);
});

test('an anonymous visit to the console is sent to login and comes back after it', async ({ page }) => {
  await page.goto('/console');
  await expect(page).toHaveURL(/\/login\?next=%2Fconsole/);
  await page.locator('input[autocomplete="username"]').fill('admin');
  await page.locator('input[autocomplete="current-password"]').fill('grassroots');
  await page.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(/\/console$/);
});

test('switching to English changes the menu and the page', async ({ page }) => {
  await loginAs(page, 'admin');
  await expect(mainMenu(page, '主菜单').getByText('基层治理')).toBeVisible();
  await page.getByTestId('language-switch').click();
  const menu = mainMenu(page, 'Main menu');
  await expect(menu.getByRole('link', { name: 'Home' })).toBeVisible();
  await expect(menu.getByText('Governance')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // The choice survives a reload.
  await page.reload();
  await expect(mainMenu(page, 'Main menu').getByRole('link', { name: 'Home' })).toBeVisible();
});

test('长辈模式 makes the text bigger everywhere and is remembered', async ({ page }) => {
  await loginAs(page, 'admin');
  const item = page.locator('.ant-menu-item').first();
  const size = () => item.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
  const before = await size();
  await page.getByTestId('elder-switch').click();
  await expect(page.locator('html')).toHaveClass(/elder-mode/);
  await expect.poll(size).toBeGreaterThanOrEqual(before + 4);
  await page.goto('/h5');
  const body = await page.locator('.gr-phone-main').evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
  expect(body).toBeGreaterThanOrEqual(20);
});

test('logout returns to the login page and the console is closed again', async ({ page }) => {
  await loginAs(page, 'admin');
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/console');
  await expect(page).toHaveURL(/\/login\?next=/);
});

test('a wrong password shows the server message', async ({ page }) => {
  await page.goto('/login');
  await page.locator('input[autocomplete="username"]').fill('admin');
  await page.locator('input[autocomplete="current-password"]').fill('not-the-password');
  await page.locator('button[type="submit"]').click();
  await expect(page.getByRole('alert')).toContainText('用户名或密码错误');
  await expect(page).toHaveURL(/\/login/);
});

test('unknown pages show a friendly 404', async ({ page }) => {
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: '页面不存在' })).toBeVisible();
});

test('the login page is accessible and satisfies the CSP', async ({ page }) => {
  const problems = watchPage(page);
  await page.goto('/login');
  await expect(page.getByRole('button', { name: /登\s*录/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await shot(page, 'login');
  expect(problems).toEqual([]);
});

test('the H5 layout at 375×812 is accessible', async ({ page }) => {
  const problems = watchPage(page);
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('/h5');
  await expect(page.locator('.gr-phone-bar h1')).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(375);
  await expectNoSeriousA11yViolations(page);
  await shot(page, 'h5-home');
  expect(problems).toEqual([]);
});

test('a resident who signs in on /login is sent to the phone pages', async ({ page }) => {
  await loginAs(page, 'resident');
  await expect(page).toHaveURL(/\/h5/);
  await page.goto('/console');
  await expect(page).toHaveURL(/\/h5/);
});

test('a grid worker sees their grid and no system menu', async ({ page }) => {
  await loginAs(page, 'worker');
  await expect(page.getByRole('heading', { level: 1, name: '工作台' })).toBeVisible();
  await expect(page.getByText('专职网格员（四级）').first()).toBeVisible();
  const menu = mainMenu(page, '主菜单');
  await expect(menu.getByRole('link', { name: '工作台' })).toBeVisible();
  await expect(menu.getByText('系统管理')).toHaveCount(0);
  await expect(menu.getByRole('link', { name: '接口密钥' })).toHaveCount(0);
});
