/**
 * 数据分析 as the street leader: the figures of the last 90 days (the demo has a year of cases), the change
 * against the previous period, the charts drawn, and drill-downs whose case lists hold exactly the numbers
 * shown — the headline count, and a child area's 解决率 (its list: the resolved cases of that community).
 */
import type { KpiResponse } from '@grassroots/shared/analytics/analytics.schema';
import type { CampaignSummary } from '@grassroots/shared/campaigns/campaigns.schema';
import { shanghaiDate } from '@grassroots/shared/common/shanghai-time';
import { expect, type Page, test } from '@playwright/test';
import { apiOf } from './cases-support.js';
import { expectNoSeriousA11yViolations, loginAs, shot, watchPage } from './support.js';

const to = shanghaiDate(Date.now());
const from = shanghaiDate(Date.now() - 89 * 86_400_000);

/** The case list's own total ("共 N 件"). */
const listTotal = (page: Page) => page.locator('.ant-pagination-total-text');

test('analytics: figures, charts and drill-downs that list exactly the cases counted', async ({ page }) => {
  const problems = watchPage(page);
  await loginAs(page, 'leader');
  const api = await apiOf(page);
  const kpis = await api.get<KpiResponse>(`/api/analytics/kpis?from=${from}&to=${to}&groupBy=area`);
  expect(kpis.total.submitted).toBeGreaterThan(50);

  await page.goto(`/console/analytics?from=${from}&to=${to}`);
  await expect(page.getByRole('heading', { level: 1, name: '数据分析' })).toBeVisible();
  await expect(page.getByTestId('kpi-submitted')).toContainText(kpis.total.submitted.toLocaleString('zh-CN'));
  const rate = kpis.total.resolutionRate;
  expect(rate).not.toBeNull();
  await expect(page.getByTestId('kpi-resolutionRate')).toContainText(
    `${(Math.round((rate ?? 0) * 1000) / 10).toFixed(1)}%`,
  );
  await expect(page.getByTestId('kpi-resolutionRate')).toContainText('较上期');

  // Both charts drew something: a canvas with non-transparent pixels.
  for (const name of ['受理量与三率趋势图', '各分类受理量条形图']) {
    const canvas = page.getByRole('img', { name }).locator('canvas').first();
    await expect(canvas).toBeVisible();
    await expect
      .poll(() =>
        canvas.evaluate((c: HTMLCanvasElement) => {
          const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
          let n = 0;
          for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
          return n;
        }),
      )
      .toBeGreaterThan(1000);
  }
  // 摸排覆盖: the running campaigns of the leader's reach, as the campaign list counts them (or its empty state).
  const running = await api.get<{ items: CampaignSummary[]; total: number }>(
    '/api/campaigns?status=active&page=1&pageSize=5',
  );
  const coverage = page.locator('.ant-card', { hasText: '摸排覆盖（进行中）' });
  const first = running.items[0];
  if (first) {
    await expect(coverage.getByRole('link', { name: first.name })).toBeVisible();
    await expect(coverage).toContainText(`共 ${first.progress.total} 户：已走访 ${first.progress.visited}`);
  } else await expect(coverage).toContainText('暂无进行中的摸排任务');
  await expectNoSeriousA11yViolations(page);
  await shot(page, 'analytics-dashboard', true);

  // Every table exports to Excel.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /导出 Excel/ }).click();
  expect((await download).suggestedFilename()).toMatch(/^指标-.*-按区域-.*\.xlsx$/);

  // The headline count drills to the period's case list, of exactly that size.
  await page.getByRole('link', { name: '查看受理量对应的案件' }).click();
  await expect(page).toHaveURL(new RegExp(`/console/cases\\?from=${from}&to=${to}$`));
  await expect(listTotal(page)).toHaveText(`共 ${kpis.total.submitted} 件`);

  // A community's 解决率 drills to its resolved cases: as many as the figure's numerator.
  await page.goBack();
  const row = kpis.groups.find((g) => g.resolved > 0);
  expect(row).toBeDefined();
  const tableRow = page.locator('tr.ant-table-row', { hasText: row?.label ?? '' });
  // By its drill target: another rate of the row may show the same percentage.
  const resolvedLink = tableRow.locator('a[href*="figure=resolved"]');
  await expect(resolvedLink).toHaveText(`${(Math.round((row?.resolutionRate ?? 0) * 1000) / 10).toFixed(1)}%`);
  await resolvedLink.click();
  await expect(page).toHaveURL(/figure=resolved/);
  await expect(page.getByTestId('drill-figure')).toContainText('已解决');
  await expect(listTotal(page)).toHaveText(`共 ${row?.resolved} 件`);
  expect(problems).toEqual([]);
});
