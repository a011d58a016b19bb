/**
 * Helpers for the case journeys: JSON calls as a signed-in user (to set a case up quickly where the journey is
 * about another screen), a fresh signed-in page per user, and lookups of demo categories and households.
 */
import { randomUUID } from 'node:crypto';
import { type Browser, expect, type Locator, type Page } from '@playwright/test';
import { antSelect, loginAs, okButton, watchPage } from './support.js';

export interface CaseView {
  id: string;
  number: string;
  version: number;
  status: string;
  tier: string;
  allowedActions: string[];
}
interface Category {
  id: string;
  code: string | null;
  children?: Category[];
}

/** JSON calls as the user signed in on `page` (its cookie, and the CSRF token from /api/me on writes). */
export async function apiOf(page: Page) {
  const me = await page.request.get('/api/me');
  expect(me.ok()).toBe(true);
  const { csrfToken, account } = (await me.json()) as { csrfToken: string; account: { id: string } };
  const call = async <T>(method: string, url: string, data?: unknown, headers: Record<string, string> = {}) => {
    const res = await page.request.fetch(url, { method, data, headers: { 'x-csrf-token': csrfToken, ...headers } });
    if (!res.ok()) throw new Error(`${method} ${url} → ${res.status()} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    accountId: account.id,
    get: <T>(url: string) => call<T>('GET', url),
    post: <T>(url: string, data: unknown, headers?: Record<string, string>) => call<T>('POST', url, data, headers),
    /** POST /api/cases with a fresh Idempotency-Key. */
    createCase: (body: Record<string, unknown>) =>
      call<CaseView>('POST', '/api/cases', body, { 'Idempotency-Key': randomUUID() }),
    act: (c: CaseView, action: string, body: Record<string, unknown> = {}) =>
      call<CaseView>('POST', `/api/cases/${c.id}/actions/${action}`, { version: c.version, ...body }),
  };
}
export type Api = Awaited<ReturnType<typeof apiOf>>;

/** A page in its own browser context (axe needs one; it also keeps users' cookies apart), signed in. */
export async function signedIn(
  browser: Browser,
  username: string,
  opts: { viewport?: { width: number; height: number } } = {},
) {
  const page = await (await browser.newContext(opts.viewport ? { viewport: opts.viewport } : {})).newPage();
  const problems = watchPage(page);
  await loginAs(page, username);
  return { page, problems };
}

/** The id of a seeded category by its code (e.g. 'lj.leak'). */
export async function categoryId(api: Api, code: string) {
  const { items } = await api.get<{ items: Category[] }>('/api/case-categories?tree=true');
  const flat = (list: Category[]): Category[] => list.flatMap((c) => [c, ...flat(c.children ?? [])]);
  const hit = flat(items).find((c) => c.code === code);
  expect(hit, `category ${code}`).toBeTruthy();
  return hit?.id as string;
}

/** A household of 高家沟社区第一网格 (the demo worker's grid), as the caller sees it. */
export async function firstGridHousehold(api: Api) {
  const { items } = await api.get<{ items: { id: string; gridName: string }[] }>('/api/households?q=新城壹号');
  const household = items.find((h) => h.gridName.endsWith('第一网格'));
  expect(household, 'a household of 第一网格').toBeTruthy();
  return household?.id as string;
}

/** On the console case detail page: clicks the action's button, fills its dialog and confirms it. */
export async function consoleAct(page: Page, action: string, label: string, fill?: (dialog: Locator) => Promise<void>) {
  await page.locator(`button[data-action="${action}"]`).click();
  const dialog = page.getByRole('dialog').filter({ hasText: label });
  await expect(dialog).toBeVisible();
  // A click while the dialog still zooms in can be lost (CI, under load): let it settle first.
  await expect(dialog).not.toHaveClass(/ant-zoom-appear/);
  await fill?.(dialog);
  await okButton(dialog, label).click();
  await expect(dialog).toBeHidden();
}

/** The console detail's status tag (next to the number in the heading). */
export const consoleStatus = (page: Page) => page.getByRole('heading', { level: 1 }).locator('.ant-tag').first();

/** On the console detail page: dispatches the case to the person or organisation named `target`. */
export async function consoleDispatch(page: Page, target: string) {
  await page.locator('button[data-action="dispatch"]').click();
  const dialog = page.getByRole('dialog').filter({ hasText: '派遣' });
  await expect(dialog).toBeVisible();
  const open = page.locator('.ant-select-dropdown:visible');
  // The targets arrive after the dialog opens; a click while the list re-renders can leave it open with nothing
  // chosen, so choose again until the select shows the target.
  await expect(async () => {
    if (await open.count()) await page.keyboard.press('Escape');
    await expect(open).toHaveCount(0, { timeout: 2_000 });
    await antSelect(page, dialog.getByLabel('派遣对象'), target);
    await expect(open).toHaveCount(0, { timeout: 2_000 });
    await expect(dialog.locator('.ant-select').first()).toContainText(target, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  return dialog;
}
