/**
 * The command-centre wall (/screen) at 1920×1080 as the demo centre: it fits without scrolling, its charts drew
 * (pixels on the canvases), the live stream is connected, and a case filed through the API shows up on the
 * ticker without a reload. The console links to it (new tab) for users with screen.view.
 */
import { expect, type Page, test } from '@playwright/test';
import { apiOf, categoryId, firstGridHousehold, signedIn } from './cases-support.js';
import { shot } from './support.js';

const WALL = { width: 1920, height: 1080 };

/** True when the canvas inside `testId` has at least `min` non-transparent pixels. */
async function canvasDrew(page: Page, testId: string, min = 500) {
  return page.getByTestId(testId).evaluate((el, least) => {
    const canvas = el.querySelector('canvas');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !canvas.width || !canvas.height) return false;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0 && ++painted >= least) return true;
    return false;
  }, min);
}

test.describe('Command-centre wall', () => {
  test('fits 1920×1080, draws its charts and shows a new case live', async ({ browser }) => {
    const { page, problems } = await signedIn(browser, 'center', { viewport: WALL });
    await page.goto('/screen');
    await expect(page.getByTestId('screen-root')).toBeVisible();
    await expect(page.getByTestId('screen-live')).toHaveText('● 实时', { timeout: 15_000 });
    // No console frame on the wall.
    await expect(page.locator('.gr-console-header')).toHaveCount(0);

    const size = await page.evaluate(() => ({
      scrollW: document.documentElement.scrollWidth,
      scrollH: document.documentElement.scrollHeight,
      bodyW: document.body.scrollWidth,
      bodyH: document.body.scrollHeight,
      w: window.innerWidth,
      h: window.innerHeight,
    }));
    expect(size.w).toBe(WALL.width);
    expect(size.h).toBe(WALL.height);
    expect(Math.max(size.scrollW, size.bodyW)).toBeLessThanOrEqual(size.w);
    expect(Math.max(size.scrollH, size.bodyH)).toBeLessThanOrEqual(size.h);

    // The figures' charts draw once the roll-up job (every few seconds) has built them: the wall asks again soon.
    for (const id of ['screen-map', 'screen-ranking', 'screen-trend'])
      await expect.poll(() => canvasDrew(page, id), { message: `${id} drew`, timeout: 30_000 }).toBe(true);
    await shot(page, 'screen-wall');

    const intake = page.getByTestId('screen-intake').locator('.scr-card-value');
    const intakeNow = async () => Number((await intake.textContent())?.replace(/\D/g, '') || Number.NaN);
    await expect.poll(intakeNow).not.toBeNaN();
    const before = await intakeNow();

    // A case filed elsewhere (the community secretary, through the API) reaches the ticker by itself.
    const { page: secretary } = await signedIn(browser, 'secretary');
    const api = await apiOf(secretary);
    const made = await api.createCase({
      categoryId: await categoryId(api, 'lj.leak'),
      description: `大屏实时测试 ${Date.now()}`,
      source: 'visit',
      householdId: await firstGridHousehold(api),
    });
    const ticker = page.getByTestId('screen-ticker');
    await expect(ticker.locator('li').first()).toContainText(made.number, { timeout: 15_000 });
    await expect(ticker).not.toContainText('大屏实时测试'); // no description on a wall
    // Today's intake counts it (the wall refetches the exact, scoped count after a burst of events).
    await expect.poll(intakeNow, { timeout: 15_000 }).toBe(before + 1);
    // It moves on: registering it updates its line.
    await api.act(made, 'register');
    await expect(ticker.locator('li', { hasText: made.number })).toContainText('已立案', { timeout: 15_000 });
    await page.waitForTimeout(800); // let the slide-in finish for the picture
    await shot(page, 'screen-wall-live');
    expect(problems).toEqual([]);
    await secretary.context().close();
    await page.context().close();
  });

  test('the console links to the wall in a new tab; a grid worker has neither link nor wall', async ({ browser }) => {
    const { page } = await signedIn(browser, 'center');
    await page.goto('/console');
    const link = page.getByRole('link', { name: /大屏/ });
    await expect(link).toHaveAttribute('href', '/screen');
    await expect(link).toHaveAttribute('target', '_blank');
    await page.context().close();

    const { page: worker } = await signedIn(browser, 'worker', { viewport: WALL });
    await worker.goto('/screen');
    await expect(worker.getByText('当前账号无权查看指挥中心大屏')).toBeVisible();
    await worker.context().close();
  });
});
