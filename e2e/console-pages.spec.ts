/**
 * Every console menu page as admin at 1440×900: the heading renders, no error alert, no page error or CSP
 * violation, and the demo data shows up; the offline map really draws; the API docs (Swagger UI) render
 * under the server's CSP. Each page is saved to docs/screenshots/ to be looked at.
 */
import { expect, type Page, test } from '@playwright/test';
import { loginAs, shot, watchPage } from './support.js';

interface ConsolePage {
  path: string;
  heading: string;
  shot: string;
  /** Something the demo data must fill (rows of a table, items of a list…). */
  content: string;
  /** What to do before checking the content (e.g. choose an area). */
  prepare?: (page: Page) => Promise<void>;
}

/** The admin has no area of his own, so the chain page waits for one to be chosen: pick the demo grid. */
async function chooseChainArea(page: Page) {
  await expect(page.getByText('请选择一个区域')).toBeVisible();
  await page.locator('#chain-area').fill('高家沟社区第一网格');
  await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '高家沟社区第一网格' }).click();
  await expect(page).toHaveURL(/area=\d+/);
  await page.keyboard.press('Escape'); // the tree list may stay open after the pick
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
}

const rows = '.ant-table-tbody tr.ant-table-row';
const consolePage = (
  path: string,
  heading: string,
  shot: string,
  content = rows,
  prepare?: ConsolePage['prepare'],
) => ({
  path,
  heading,
  shot,
  content,
  prepare,
});

const pages: ConsolePage[] = [
  consolePage('/console', '工作台', 'console-home-admin', '.ant-card'),
  consolePage('/console/areas', '区域网格', 'areas', '.ant-tree-treenode:visible'),
  consolePage('/console/compounds', '小区管理', 'compounds'),
  consolePage('/console/households', '住户', 'households'),
  consolePage('/console/chain', '五级网格责任链', 'chain-console', '.ant-list-item', chooseChainArea),
  consolePage('/console/resident-links', '居民关联审核', 'resident-links', '.ant-table'),
  consolePage('/console/accounts', '账号管理', 'accounts'),
  consolePage('/console/organisations', '单位管理', 'organisations'),
  // No integration key exists in the demo: an empty table (with its empty state) is the content here.
  consolePage('/console/api-keys', '接口密钥', 'api-keys', '.ant-table'),
  consolePage('/console/audit', '审计日志', 'audit'),
  consolePage('/console/case-categories', '诉求分类', 'case-categories', '.ant-tree-treenode:visible'),
  consolePage('/console/worktime', '工作时间与节假日', 'worktime', '.wt-day.wt-off'),
];

test.describe('console pages as admin', () => {
  let page: Page;
  let problems: string[];

  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    problems = watchPage(page);
    await loginAs(page, 'admin');
  });
  test.afterAll(async () => {
    await page.close();
  });
  test.beforeEach(() => {
    problems.length = 0;
  });

  for (const p of pages) {
    test(`${p.path} renders its heading and demo data`, async () => {
      await page.goto(p.path);
      await expect(page.getByRole('heading', { level: 1, name: p.heading })).toBeVisible();
      await p.prepare?.(page);
      await expect(page.locator(p.content).first()).toBeVisible();
      // Settled: no request in flight, no spinner (a table blurs while it refetches), no skeleton.
      await page.waitForLoadState('networkidle');
      await expect(page.locator('.ant-spin-spinning, [aria-busy="true"]')).toHaveCount(0);
      await expect(page.locator('.ant-skeleton')).toHaveCount(0);
      await expect(page.locator('.ant-alert-error')).toHaveCount(0);
      await shot(page, p.shot);
      expect(problems).toEqual([]);
    });
  }

  test('the chain page shows the five levels of the demo grid, each with its people', async () => {
    await page.goto('/console/chain');
    await chooseChainArea(page);
    const levels = page.locator('.ant-card-small').filter({ has: page.locator('.ant-tag', { hasText: /^L[1-5]$/ }) });
    await expect(levels).toHaveCount(5);
    for (let i = 0; i < 5; i++) await expect(levels.nth(i).locator('.ant-list-item').first()).toBeVisible();
    await expect(levels.nth(3)).toContainText('张丽娟'); // the demo grid worker is its L4
  });

  test('the offline map draws the areas on its canvas', async () => {
    await page.goto('/console/map');
    await expect(page.getByRole('heading', { level: 1, name: '网格地图' })).toBeVisible();
    const canvas = page.locator('canvas').first();
    await expect(canvas).toBeVisible();
    // Count drawn (non-transparent) pixels on a coarse grid: an empty canvas has none.
    const drawn = () =>
      canvas.evaluate((c: HTMLCanvasElement) => {
        const ctx = c.getContext('2d');
        if (!ctx) return 0;
        const { data } = ctx.getImageData(0, 0, c.width, c.height);
        let n = 0;
        for (let i = 3; i < data.length; i += 4 * 37) if ((data[i] ?? 0) > 0) n++;
        return n;
      });
    await expect.poll(drawn, { timeout: 15_000 }).toBeGreaterThan(500);
    await expect(page.locator('.ant-alert-error')).toHaveCount(0);
    await shot(page, 'map');
    expect(problems).toEqual([]);
  });
});

test('the API docs (Swagger UI) render under the CSP', async ({ page }) => {
  const problems = watchPage(page);
  await page.goto('/api/docs');
  await expect(page.locator('.swagger-ui .info .title')).toContainText('Grassroots 基层治理一网通 API');
  await expect(page.locator('.opblock-tag').first()).toBeVisible();
  await shot(page, 'api-docs');
  expect(problems).toEqual([]);
});
