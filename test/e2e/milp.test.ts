/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, canvasInk, launchChromium, screenshotDir, serve, type ServedApp } from '../helpers/browser';
import { tempDir } from '../helpers/context';


/** Chooses sparse exact training on XOR in the new-run form; the form opens on its defaults. */
async function openMilpForm(page: Page): Promise<void> {
  await page.click('[data-testid="nav-experiment"]');
  await page.selectOption('[data-testid="run-dataset"]', 'xor');
  await page.selectOption('[data-testid="run-method"]', 'milp-train');
  await page.waitForSelector('[data-testid="milp-form"]');
}

describe('browser mode in Chromium: sparse exact training (MILP)', () => {
  const tmp = tempDir('relulab-e2e-milp-');
  const db = path.join(tmp.dir, 'milp.db');
  let app: ServedApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    app = await serve(db);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    collectPageErrors(page, pageErrors);
  });

  afterAll(async () => {
    await browser?.close();
    app?.stop();
    tmp.cleanup();
  });

  it('opens with a working solver', async () => {
    await page.goto(app.url);
    await expect.poll(() => page.textContent('[data-testid="solver-check"]'), { timeout: 20_000 }).toMatch(/HiGHS/);
  });

  it('starts XOR width 2 from the form, explains the output weights, and proves 4 connections optimal', async () => {
    await openMilpForm(page);
    expect(await page.inputValue('[data-testid="milp-width"]')).toBe('2');
    expect(await page.inputValue('[data-testid="milp-weight-bound"]')).toBe('10');
    // λ belongs to l1 mode only.
    expect(await page.locator('[data-testid="milp-lambda"]').count()).toBe(0);
    await expect.poll(() => page.textContent('[data-testid="milp-explain"]')).toMatch(/positively homogeneous.*B_w·B_v = 10/);
    // The sentence follows the bounds as they are typed.
    await page.fill('[data-testid="milp-output-bound"]', '2');
    await expect.poll(() => page.textContent('[data-testid="milp-explain"]')).toMatch(/B_w·B_v = 20 and B_b·B_v = 20/);
    await page.fill('[data-testid="milp-output-bound"]', '');
    // The shared schema rejects what the service would.
    await page.fill('[data-testid="milp-width"]', '0');
    await expect.poll(() => page.textContent('[data-testid="field-error-milp-width"]')).toMatch(/at least 1/);
    expect(await page.isDisabled('[data-testid="run-start"]')).toBe(true);
    await page.fill('[data-testid="milp-width"]', '2');
    await page.fill('[data-testid="run-name"]', 'sparsest XOR net from the UI');
    await page.screenshot({ path: path.join(screenshotDir, 'milp-01-form.png'), fullPage: true });

    await page.click('[data-testid="run-start"]');
    await page.waitForURL(/#\/runs\//);
    await expect.poll(() => page.textContent('[data-testid="run-status"]'), { timeout: 60_000 }).toMatch(/optimal/);
    await expect.poll(() => page.textContent('[data-testid="metric-connections"]')).toMatch(/connections\s*4\s*$/);
    await expect.poll(() => page.textContent('[data-testid="milp-outcome"]')).toMatch(/Proven optimal: 4 connections/);
    // The default search: every network shape with 3 or fewer connections refuted by HiGHS.
    expect(await page.textContent('[data-testid="milp-outcome-explanation"]')).toMatch(/support search: HiGHS refuted every network shape with fewer connections \(\d+ shapes\)/);
  });

  it('draws the network with exactly the 4 connections in use and output weights ±1', async () => {
    await page.waitForSelector('[data-testid="network-drawing"]');
    expect(await page.locator('[data-testid="network-drawing"] [data-testid="connection"]').count()).toBe(4);
    const outputLabels = await page.$$eval('[data-testid="output-weight"]', (labels) => labels.map((label) => label.textContent?.trim()));
    expect(outputLabels.length).toBeGreaterThan(0);
    for (const label of outputLabels) expect(label).toMatch(/^[+−]1$/);
  });

  it('tabulates the activation pattern beside the targets and outputs', async () => {
    await page.waitForSelector('[data-testid="activation-pattern"]');
    expect(await page.locator('[data-testid="pattern-neuron"]').count()).toBe(2);
    // Two neurons on four samples; every cell says on or off.
    expect(await page.locator('[data-testid="activation-pattern"] td[data-active]').count()).toBe(8);
    const outputs = await page.$$eval('[data-testid="pattern-output"]', (cells) => cells.map((cell) => Number(cell.textContent)));
    expect(outputs).toEqual([0, 1, 1, 0]);
  });

  it('charts the primal and dual bounds', async () => {
    const canvas = '[data-testid="milp-bounds"] canvas';
    await page.waitForSelector(canvas);
    await expect.poll(() => page.textContent('[data-testid="milp-bounds-caption"]'), { timeout: 10_000 }).toMatch(/best network 4, proven bound 4/);
    await expect.poll(() => canvasInk(page, canvas), { timeout: 10_000 }).toBeGreaterThan(3000);
    await page.screenshot({ path: path.join(screenshotDir, 'milp-02-run.png'), fullPage: true });
  });

  it('exports the MILP as LP text', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-lp"]')]);
    expect(download.suggestedFilename()).toMatch(/\.lp$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toContain('Minimize');
    expect(text).toMatch(/Subject To[\s\S]*Binar/);
  });

  it('explains why width 1 is infeasible', async () => {
    await openMilpForm(page);
    await page.fill('[data-testid="milp-width"]', '1');
    await page.fill('[data-testid="run-name"]', 'width 1 on XOR');
    await page.click('[data-testid="run-start"]');
    await page.waitForURL(/#\/runs\//);
    await expect.poll(() => page.textContent('[data-testid="run-status"]'), { timeout: 60_000 }).toMatch(/infeasible/);
    const outcome = page.locator('[data-testid="milp-outcome"]');
    await expect.poll(() => outcome.getAttribute('data-kind')).toBe('infeasible');
    await expect.poll(() => outcome.textContent()).toMatch(/Infeasible/);
    await expect.poll(() => page.textContent('[data-testid="milp-outcome-explanation"]')).toMatch(/No network of width 1 fits the 4 training points/);
    // No network, so nothing is drawn as if it were one.
    expect(await page.locator('[data-testid="network-drawing"]').count()).toBe(0);
    expect(await page.locator('[data-testid="activation-pattern"]').count()).toBe(0);
    await page.screenshot({ path: path.join(screenshotDir, 'milp-03-infeasible.png'), fullPage: true });
  });

  it('solves as one MILP when the support search is switched off, with the same optimum', async () => {
    await openMilpForm(page);
    expect(await page.isChecked('[data-testid="milp-support-search"]')).toBe(true);
    await page.uncheck('[data-testid="milp-support-search"]');
    await page.fill('[data-testid="milp-width"]', '2');
    await page.fill('[data-testid="run-name"]', 'XOR width 2 as one MILP');
    await page.click('[data-testid="run-start"]');
    await page.waitForURL(/#\/runs\//);
    await expect.poll(() => page.textContent('[data-testid="run-status"]'), { timeout: 60_000 }).toMatch(/optimal/);
    await expect.poll(() => page.textContent('[data-testid="milp-outcome"]')).toMatch(/Proven optimal: 4 connections/);
    expect(await page.textContent('[data-testid="milp-outcome-explanation"]')).not.toMatch(/support search/);
  });

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
