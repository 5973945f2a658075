/// <reference lib="dom" />
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium, screenshotDir, serve, type ServedApp } from '../helpers/browser';
import { tempDir } from '../helpers/context';

// Far more than the few seconds XOR needs per million epochs: the run is still going when it is cancelled.
const LONG_EPOCHS = '200000000';
const UNFINISHED = ['queued', 'running'];

describe('browser mode in Chromium: the experiment builder', () => {
  const tmp = tempDir('relulab-e2e-builder-');
  const db = path.join(tmp.dir, 'e2e.db');
  let app: ServedApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const cards = (): Locator => page.locator('[data-testid="method-card"]');
  const rows = (): Locator => page.locator('[data-testid="builder-run"]');
  const mlpRow = (): Locator => rows().filter({ hasText: 'Gradient descent' });
  const statuses = (): Promise<string[]> => rows().evaluateAll((els) => els.map((el) => el.getAttribute('data-status') ?? ''));

  beforeAll(async () => {
    app = await serve(db);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    collectPageErrors(page, pageErrors);
  });

  afterAll(async () => {
    await browser?.close();
    app?.stop();
    tmp.cleanup();
  });

  it('opens on the single-run form, and the toggle switches to the builder', async () => {
    await page.goto(app.url);
    await page.click('[data-testid="nav-experiment"]');
    await page.waitForSelector('[data-testid="run-start"]');
    expect(await page.locator('[data-testid="builder"]').count()).toBe(0);
    await page.click('[data-testid="builder-toggle-experiment"]');
    await page.waitForSelector('[data-testid="builder"]');
    expect(await page.locator('[data-testid="run-start"]').count()).toBe(0);
    await expect.poll(() => cards().count()).toBe(1);
  });

  it('builds four method cards on XOR, with add, duplicate, remove and validation', async () => {
    await page.selectOption('[data-testid="run-dataset"]', 'xor');
    await page.fill('[data-testid="builder-name"]', 'XOR four ways');
    await cards().nth(0).locator('[data-testid="card-method"]').selectOption('linear-regression');

    await page.click('[data-testid="builder-add-card"]');
    await cards().nth(1).locator('[data-testid="card-method"]').selectOption('logistic-regression');
    await cards().nth(1).locator('[data-testid="logistic-c"]').fill('2');
    // A duplicate keeps the method and the fields as typed; removing it leaves the others alone.
    await cards().nth(1).locator('[data-testid="card-duplicate"]').click();
    await expect.poll(() => cards().count()).toBe(3);
    expect(await cards().nth(2).locator('[data-testid="card-method"]').inputValue()).toBe('logistic-regression');
    expect(await cards().nth(2).locator('[data-testid="logistic-c"]').inputValue()).toBe('2');
    await cards().nth(2).locator('[data-testid="card-remove"]').click();
    await expect.poll(() => cards().count()).toBe(2);

    await page.click('[data-testid="builder-add-card"]');
    const mlp = cards().nth(2);
    await mlp.locator('[data-testid="card-method"]').selectOption('mlp-gd');
    // An invalid field on any card holds Run all back and says which card.
    await mlp.locator('[data-testid="mlp-epochs"]').fill('many');
    await expect.poll(() => page.isDisabled('[data-testid="builder-run-all"]')).toBe(true);
    await expect.poll(() => page.textContent('[data-testid="builder-blocker"]')).toMatch(/Card 3/);
    await mlp.locator('[data-testid="mlp-epochs"]').fill(LONG_EPOCHS);

    await page.click('[data-testid="builder-add-card"]');
    await cards().nth(3).locator('[data-testid="card-method"]').selectOption('milp-train');
    await cards().nth(3).locator('[data-testid="milp-width"]').fill('2');

    await expect.poll(() => page.isEnabled('[data-testid="builder-run-all"]')).toBe(true);
    expect(await page.textContent('[data-testid="builder-run-all"]')).toMatch(/Run all \(4\)/);
    await page.screenshot({ path: path.join(screenshotDir, 'builder-01-cards.png'), fullPage: true });
  });

  it('runs all four at once, with live progress and an estimate for the long run', async () => {
    await page.click('[data-testid="builder-run-all"]');
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(4);
    expect(await rows().locator('[role="progressbar"]').count()).toBe(4);
    await expect.poll(() => mlpRow().getAttribute('data-status'), { timeout: 20_000 }).toBe('running');
    await expect.poll(() => mlpRow().locator('[data-testid="builder-run-message"]').textContent(), { timeout: 10_000 }).toMatch(/epoch \d+ of 200000000/);
    await expect.poll(() => mlpRow().locator('[data-testid="builder-run-remaining"]').textContent(), { timeout: 10_000 }).toMatch(/left/);
    expect(await mlpRow().locator('[data-testid="builder-run-elapsed"]').textContent()).toMatch(/\d/);
    await page.locator('[data-testid="builder-runs"]').screenshot({ path: path.join(screenshotDir, 'builder-02-running.png') });
  });

  it('cancels the long run with its own button; the others end with their metrics', async () => {
    await mlpRow().locator('[data-testid="builder-run-cancel"]').click();
    await expect.poll(() => mlpRow().getAttribute('data-status'), { timeout: 10_000 }).toBe('cancelled');
    // With one worker thread the quick runs may have waited behind the long one: they run now.
    await expect.poll(statuses, { timeout: 20_000 }).toEqual(['completed', 'completed', 'cancelled', 'optimal']);
    await expect.poll(() => rows().nth(0).locator('[data-testid="builder-run-message"]').textContent()).toMatch(/accuracy 50\.0 %/);
    await expect.poll(() => rows().nth(3).locator('[data-testid="builder-run-message"]').textContent()).toMatch(/connections 4/);
    await expect.poll(() => page.isDisabled('[data-testid="builder-cancel-all"]')).toBe(true);
    await page.locator('[data-testid="builder-runs"]').screenshot({ path: path.join(screenshotDir, 'builder-03-cancelled.png') });
  });

  it('Cancel all leaves no run queued or running', async () => {
    // A second launch of the same cards, cancelled as a whole while the long run trains.
    await page.fill('[data-testid="builder-name"]', 'XOR four ways, cancelled');
    await page.click('[data-testid="builder-run-all"]');
    await expect.poll(() => page.textContent('[data-testid="builder-runs"] h2'), { timeout: 10_000 }).toBe('XOR four ways, cancelled');
    await expect.poll(() => rows().count()).toBe(4);
    await expect.poll(() => mlpRow().getAttribute('data-status'), { timeout: 20_000 }).toBe('running');
    await page.click('[data-testid="builder-cancel-all"]');
    await expect.poll(async () => (await statuses()).filter((status) => UNFINISHED.includes(status)), { timeout: 15_000 }).toEqual([]);
    expect(await mlpRow().getAttribute('data-status')).toBe('cancelled');
    await expect.poll(() => page.isDisabled('[data-testid="builder-cancel-all"]')).toBe(true);
    await page.screenshot({ path: path.join(screenshotDir, 'builder-04-cancel-all.png'), fullPage: true });
  });

  it("opens the experiment's results page with its four runs", async () => {
    await page.click('[data-testid="builder-open-experiment"]');
    await page.waitForURL(/#\/experiments\//);
    await expect.poll(() => page.textContent('[data-testid="experiment-name"]')).toBe('XOR four ways, cancelled');
    await expect.poll(() => page.locator('[data-testid="run-row"]').count(), { timeout: 10_000 }).toBe(4);
    const runStatuses = await page.locator('[data-testid="run-row"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-status') ?? ''));
    expect(runStatuses.filter((status) => UNFINISHED.includes(status))).toEqual([]);
    expect(runStatuses).toContain('cancelled');
    await page.screenshot({ path: path.join(screenshotDir, 'builder-05-experiment.png'), fullPage: true });
  });

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
