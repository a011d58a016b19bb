/** Helpers for the journeys: real-form login, axe checks, screenshots, CSP/console watching. */
import { mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'grassroots';

/** Signs in through the real /login form and waits until the app has left the login page. */
export async function loginAs(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.locator('input[autocomplete="username"]').fill(username);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

export interface A11yOptions {
  /** CSS selectors to leave out (e.g. a third-party widget you cannot fix). */
  exclude?: string[];
  disableRules?: string[];
}

/** Runs axe (WCAG 2.1 A/AA) and fails on serious or critical violations, printing them readably. */
export async function expectNoSeriousA11yViolations(page: Page, opts: A11yOptions = {}) {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  for (const sel of opts.exclude ?? []) builder = builder.exclude(sel);
  if (opts.disableRules?.length) builder = builder.disableRules(opts.disableRules);
  const { violations } = await builder.analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length) {
    const text = serious
      .map(
        (v) =>
          `[${v.impact}] ${v.id}: ${v.help}\n` +
          v.nodes
            .map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ')}`)
            .join('\n'),
      )
      .join('\n');
    console.log(`axe violations on ${page.url()}:\n${text}`);
  }
  expect(serious.map((v) => `${v.id} (${v.nodes.length})`)).toEqual([]);
}

/** Saves docs/screenshots/<name>.png (relative to the repo root, where Playwright runs). */
export async function shot(page: Page, name: string, fullPage = false) {
  mkdirSync('docs/screenshots', { recursive: true });
  await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage });
}

/**
 * Collects Content-Security-Policy violations and uncaught page errors; assert the list is empty at the
 * end of a test: `const problems = watchPage(page); … expect(problems).toEqual([])`.
 */
export function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply)/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}

/** A button whose name is `text`, allowing the space antd inserts between two Chinese characters (保 存). */
export function okButton(scope: Page | Locator, text: string): Locator {
  const pattern = [...text].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*');
  return scope.getByRole('button', { name: new RegExp(`^${pattern}$`) });
}

/**
 * Picks `option` in an antd Select opened by clicking `trigger` (its input, e.g. found by label). The option
 * list is virtual (only ~8 rows exist in the DOM), so it scrolls the list until the option is rendered.
 */
export async function antSelect(page: Page, trigger: Locator, option: string) {
  const open = page.locator('.ant-select-dropdown:visible');
  await expect(open).toHaveCount(0); // a list that is still closing would be taken for this one
  await trigger.click();
  await expect(open).toHaveCount(1);
  const item = open.locator('.ant-select-item-option', { hasText: option }).first();
  for (let i = 0; i < 30 && !(await item.isVisible()); i++) {
    await open.locator('[class*="list-holder"]').first().hover();
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(50);
  }
  await item.click();
}
