/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, canvasInk, launchChromium, screenshotDir, serve, type ServedApp } from '../helpers/browser';
import { tempDir } from '../helpers/context';


/** The header texts of the comparison table, without the unlabelled Remove column. */
function tableHeaders(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="compare-table"] thead th button', (buttons) => buttons.map((b) => (b.textContent ?? '').replace(/[▲▼]/g, '').trim()));
}

/** One column of the comparison table, as numbers in row order. */
async function numericColumn(page: Page, title: string): Promise<number[]> {
  const index = (await tableHeaders(page)).indexOf(title);
  expect(index).toBeGreaterThanOrEqual(0);
  return page.$$eval('[data-testid="compare-row"]', (rows, column) => rows.map((row) => Number(row.querySelectorAll('td')[column]?.textContent?.trim())), index);
}

const GRADIENT_RUNS = ['ReLU 2-2-1, SGD lr 0.1, numpy seed 0', 'leaky ReLU 0.1 2-2-1, He init, SGD lr 0.1, 200000 epochs', 'leaky ReLU 0.2, identity output with bias, MSE, Adam lr 0.05'];

describe('browser mode in Chromium: comparison, reports and comfort', () => {
  const tmp = tempDir('relulab-e2e-compare-');
  const db = path.join(tmp.dir, 'compare.db');
  let app: ServedApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    app = await serve(db);
    browser = await launchChromium();
    // One context for the whole file: what the app keeps in localStorage must survive the reloads below.
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    page = await context.newPage();
    collectPageErrors(page, pageErrors);
  });

  afterAll(async () => {
    await browser?.close();
    app?.stop();
    tmp.cleanup();
  });

  it('runs the gradient-descent preset and compares its runs', async () => {
    await page.goto(app.url);
    await page.click('[data-testid="preset-run-xor-gradient-descent"]');
    await page.waitForURL(/#\/experiments\//);
    await expect
      .poll(() => page.$$eval('[data-testid="run-row"]', (rows) => rows.map((row) => (row as HTMLElement).dataset.status)), { timeout: 60_000 })
      .toEqual(['completed', 'completed', 'completed']);
    await page.click('[data-testid="experiment-compare"]');
    await page.waitForURL(/#\/compare\?experiment=/);
    await expect.poll(() => page.locator('[data-testid="compare-row"]').count()).toBe(3);
    expect(await page.$$eval('[data-testid="compare-row"] td:first-child', (cells) => cells.map((cell) => cell.textContent?.trim()))).toEqual(GRADIENT_RUNS);
  });

  it('sorts by a column when its title is clicked, and reverses on the next click', async () => {
    await page.click('[data-testid="compare-sort-loss"]');
    const ascending = await numericColumn(page, 'Loss');
    expect(ascending).toHaveLength(3);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await page.click('[data-testid="compare-sort-loss"]');
    const descending = await numericColumn(page, 'Loss');
    expect(descending).toEqual([...ascending].reverse());
  });

  it('remembers the chosen columns after a reload', async () => {
    expect(await tableHeaders(page)).toContain('Key parameters');
    await page.click('[data-testid="compare-columns"] summary');
    await page.uncheck('[data-testid="compare-column-keyParams"]');
    await page.uncheck('[data-testid="compare-column-gap"]');
    expect(await tableHeaders(page)).not.toContain('Key parameters');
    await page.reload();
    await expect.poll(() => page.locator('[data-testid="compare-row"]').count()).toBe(3);
    const headers = await tableHeaders(page);
    expect(headers).not.toContain('Key parameters');
    expect(headers).not.toContain('Gap');
    expect(headers).toContain('Loss');
    await page.screenshot({ path: path.join(screenshotDir, 'compare-01-table.png') });
  });

  it('shows only the differing parameters, with deltas against a pinned baseline', async () => {
    const diff = page.locator('[data-testid="compare-diff"]');
    await diff.waitFor();
    const onlyDifferences = await page.locator('[data-testid="compare-diff-row"]').count();
    expect(onlyDifferences).toBeGreaterThan(3);
    // Baseline = first run (10,000 epochs): the others differ by +190,000 and −9,900.
    expect(await page.locator('[data-testid="compare-diff-row"][data-path="epochs"] [data-testid="compare-delta"]').allTextContents()).toEqual(['+190000', '−9900']);
    await page.check('[data-testid="compare-baseline-1"]');
    expect(await page.locator('[data-testid="compare-diff-row"][data-path="epochs"] [data-testid="compare-delta"]').allTextContents()).toEqual(['−190000', '−199900']);
    await diff.screenshot({ path: path.join(screenshotDir, 'compare-02-diff.png') });
    await page.uncheck('[data-testid="compare-diff-only"]');
    await expect.poll(() => page.locator('[data-testid="compare-diff-row"]').count()).toBeGreaterThan(onlyDifferences);
    await page.check('[data-testid="compare-diff-only"]');
  });

  it('draws one decision boundary per run on shared axes, and the loss curves overlaid', async () => {
    const canvases = '[data-testid="compare-boundary"] canvas';
    await expect.poll(() => page.locator(canvases).count()).toBe(3);
    for (let index = 0; index < 3; index++) {
      await expect.poll(() => canvasInk(page, canvases, index), { timeout: 10_000 }).toBeGreaterThan(5000);
    }
    // XOR's corners with the host's 25 % margin, for every plot alike.
    await expect.poll(() => page.textContent('[data-testid="compare-boundaries"] >> xpath=..')).toContain('x₁ ∈ [-0.25, 1.25], x₂ ∈ [-0.25, 1.25]');
    await expect.poll(() => canvasInk(page, '[data-testid="compare-loss"] canvas'), { timeout: 10_000 }).toBeGreaterThan(2000);
    await expect.poll(() => page.$$eval('[data-testid="compare-loss"] canvas', (c) => c.length)).toBe(1);
    await page.locator('[data-testid="compare-boundaries"]').screenshot({ path: path.join(screenshotDir, 'compare-03-boundaries.png') });
  });

  it('exports the comparison as HTML and as CSV', async () => {
    await page.selectOption('[data-testid="report-format"]', 'html');
    await page.fill('[data-testid="report-title"]', 'Gradient descent on XOR');
    const [html] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="report-export"]')]);
    expect(html.suggestedFilename()).toMatch(/\.html$/);
    const htmlText = readFileSync((await html.path())!, 'utf8');
    expect(htmlText).toContain('Gradient descent on XOR');
    for (const name of GRADIENT_RUNS) expect(htmlText).toContain(name);
    await page.waitForSelector('[data-testid="report-done"]');

    await page.selectOption('[data-testid="report-format"]', 'csv');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="report-export"]')]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const lines = readFileSync((await csv.path())!, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^id,name,method,keyParams,status,accuracy,testAccuracy,loss/);
    expect(lines).toHaveLength(4);
    await expect.poll(() => page.textContent('[data-testid="report-done"]')).toMatch(/Saved .*\.csv/);
    await page.locator('[data-testid="report-panel"]').screenshot({ path: path.join(screenshotDir, 'compare-04-report.png') });
  });

  it('keeps the dark theme after a reload', async () => {
    expect(await page.getAttribute('html', 'data-theme')).toBe('light');
    await page.click('[data-testid="theme-toggle"]');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    await page.reload();
    await expect.poll(() => page.locator('[data-testid="compare-row"]').count()).toBe(3);
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).not.toBe('rgb(247, 248, 250)');
    await expect.poll(() => canvasInk(page, '[data-testid="compare-boundary"] canvas', 0), { timeout: 10_000 }).toBeGreaterThan(5000);
    await page.screenshot({ path: path.join(screenshotDir, 'compare-05-dark.png') });
  });

  it('adds a run to the selection from its page, and "c" opens Compare with it', async () => {
    await page.locator('[data-testid="compare-row"] a', { hasText: GRADIENT_RUNS[2]! }).click();
    await page.waitForURL(/#\/runs\//);
    await page.click('[data-testid="run-compare-add"]');
    await expect.poll(() => page.textContent('[data-testid="compare-count"]')).toBe('1');
    await page.keyboard.press('c');
    await page.waitForURL(/#\/compare$/);
    await expect.poll(() => page.locator('[data-testid="compare-row"]').count()).toBe(1);
    expect(await page.textContent('[data-testid="compare-heading"]')).toMatch(/1 run from your selection/);
    await page.keyboard.press('?');
    await page.waitForSelector('[data-testid="shortcuts-help"][open]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="shortcuts-help"]:not([open])', { state: 'attached' });
  });

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
