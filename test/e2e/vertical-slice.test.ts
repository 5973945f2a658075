/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src-main/paths';
import { collectPageErrors, canvasInk, launchChromium, screenshotDir, serve, type ServedApp } from '../helpers/browser';
import { tempDir } from '../helpers/context';


describe('browser mode in Chromium: the vertical slice', () => {
  const tmp = tempDir('relulab-e2e-');
  const db = path.join(tmp.dir, 'e2e.db');
  let app: ServedApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // A run made by the CLI before the server starts must show up in the browser.
    execFileSync(process.execPath, [path.join(projectRoot, 'bin', 'relulab.cjs'), 'run', '--dataset', 'xor', '--method', 'evaluate', '--name', 'made by the CLI', '--param', `network=${JSON.stringify({ layers: [{ W: [[1, -1], [-1, 1]], b: [0, 0], activation: 'relu' }, { W: [[1, 1]], b: [0], activation: 'identity' }] })}`, '--db', db]);
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

  it('opens with the token, shows browser mode and a working solver', async () => {
    await page.goto(app.url);
    await expect.poll(() => page.textContent('[data-testid="app-mode"]')).toMatch(/browser/i);
    await expect.poll(() => page.textContent('[data-testid="solver-check"]'), { timeout: 20_000 }).toMatch(/HiGHS/);
    await page.screenshot({ path: path.join(screenshotDir, '01-start.png') });
  });

  it('runs linear regression on XOR from the UI', async () => {
    await page.click('[data-testid="nav-experiment"]');
    await page.selectOption('[data-testid="run-dataset"]', 'xor');
    await page.selectOption('[data-testid="run-method"]', 'linear-regression');
    await page.fill('[data-testid="run-name"]', 'least squares from the UI');
    await page.screenshot({ path: path.join(screenshotDir, '02-new-run.png') });
    await page.click('[data-testid="run-start"]');
    await page.waitForURL(/#\/runs\//);
    await expect.poll(() => page.textContent('[data-testid="run-status"]'), { timeout: 20_000 }).toMatch(/completed/);
  });

  it('finds the run in History, next to the CLI run, and opens it', async () => {
    await page.click('[data-testid="nav-history"]');
    const row = page.locator('[data-testid="history-row"]', { hasText: 'least squares from the UI' });
    await row.waitFor();
    await expect.poll(() => page.locator('[data-testid="history-row"]', { hasText: 'made by the CLI' }).count()).toBe(1);
    await page.screenshot({ path: path.join(screenshotDir, '03-history.png') });
    await row.click();
    await page.waitForURL(/#\/runs\//);
    await expect.poll(() => page.textContent('[data-testid="metric-accuracy"]')).toMatch(/50(\.0)? %/);
    await expect.poll(() => page.textContent('[data-testid="metric-loss"]')).toMatch(/0\.25/);
    await expect.poll(() => page.locator('[data-testid="layer-table"] tbody tr').count()).toBe(4);
  });

  it('draws the decision boundary on a canvas', async () => {
    const canvas = '[data-testid="decision-boundary"] canvas';
    await page.waitForSelector(canvas);
    await expect.poll(async () => canvasInk(page, canvas), { timeout: 10_000 }).toBeGreaterThan(5000);
    await page.screenshot({ path: path.join(screenshotDir, '04-run-linear-regression.png'), fullPage: true });
  });

  it('shows the hidden space of the hand-made ReLU net', async () => {
    await page.click('[data-testid="nav-history"]');
    await page.locator('[data-testid="history-row"]', { hasText: 'made by the CLI' }).click();
    await expect.poll(() => page.textContent('[data-testid="metric-accuracy"]')).toMatch(/100(\.0)? %/);
    const hidden = '[data-testid="hidden-space"] canvas';
    await page.waitForSelector(hidden);
    await expect.poll(async () => canvasInk(page, hidden), { timeout: 10_000 }).toBeGreaterThan(500);
    await expect.poll(async () => canvasInk(page, '[data-testid="decision-boundary"] canvas'), { timeout: 10_000 }).toBeGreaterThan(5000);
    await page.screenshot({ path: path.join(screenshotDir, '05-run-evaluate.png'), fullPage: true });
  });

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
