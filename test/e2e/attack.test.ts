/// <reference lib="dom" />
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, canvasInk, launchChromium, screenshotDir, serve, type ServedApp } from '../helpers/browser';
import { tempDir } from '../helpers/context';
import { projectRoot } from '../../src-main/paths';


/** "4.398", "1.2e-3", "—": the number a table cell shows. */
function cellNumber(text: string | null): number {
  return Number((text ?? '').replace(/[^0-9eE.+-]/g, ''));
}

describe('browser mode in Chromium: the formulation comparison on the trained digits net', () => {
  const tmp = tempDir('relulab-e2e-attack-');
  const db = path.join(tmp.dir, 'e2e.db');
  let app: ServedApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const row = (formulation: string) => page.locator('[data-testid="attack-comparison-row"]', { has: page.locator(`[data-col="formulation"] a:text-is("${formulation}")`) });

  beforeAll(async () => {
    app = await serve(db);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    collectPageErrors(page, pageErrors);
  });

  afterAll(async () => {
    await browser?.close();
    app?.stop();
    tmp.cleanup();
  });

  it('runs the preset from its card and fills the comparison table with the five formulations', async () => {
    await page.goto(app.url);
    await page.click('[data-testid="nav-experiment"]');
    await page.click('[data-testid="preset-run-digits-formulation-comparison"]');
    await page.waitForURL(/#\/experiments\//);
    // The attacks start when the net is trained and join the experiment a moment later.
    await page.locator('[data-testid="attack-comparison"]').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('[data-testid="attack-comparison-row"]').count(), { timeout: 60_000 }).toBe(5);
    await expect.poll(() => page.locator('[data-testid="experiment-active"]').count(), { timeout: 90_000 }).toBe(0);

    const mip = row('MIP');
    await expect.poll(() => mip.locator('[data-col="status"]').textContent(), { timeout: 20_000 }).toMatch(/^\s*optimal\s*$/);
    await expect.poll(() => mip.locator('[data-col="valid"]').textContent(), { timeout: 20_000 }).toMatch(/^\s*valid\s*$/);
    await expect.poll(() => mip.locator('[data-col="gap-to-mip"]').textContent()).toMatch(/^\s*0 %\s*$/);
    await page.screenshot({ path: path.join(screenshotDir, 'attack-01-comparison.png'), fullPage: true });

    // The LP relaxation is a certified lower bound on the MIP optimum, as the table shows them.
    const mipObjective = cellNumber(await mip.locator('[data-col="objective"]').textContent());
    const lpBound = cellNumber(await row('LP relaxation').locator('[data-col="bound"]').textContent());
    expect(Number.isFinite(mipObjective) && mipObjective > 0).toBe(true);
    expect(Number.isFinite(lpBound)).toBe(true);
    expect(lpBound).toBeLessThanOrEqual(mipObjective + 1e-6);
  });

  it('opens the MIP run: outcome, valid witness, the three images and the logits chart', async () => {
    await row('MIP').locator('[data-col="formulation"] a').click();
    await page.waitForURL(/#\/runs\//);
    await page.locator('[data-testid="attack-view"]').waitFor();
    await expect.poll(() => page.getAttribute('[data-testid="attack-outcome"]', 'data-kind')).toBe('proven-optimal');
    await expect.poll(() => page.textContent('[data-testid="attack-witness"]')).toMatch(/\bVALID\b/);
    expect(await page.textContent('[data-testid="attack-witness"]')).not.toMatch(/NOT VALID/);

    for (const image of ['original', 'perturbed', 'perturbation']) {
      expect(await canvasInk(page, `[data-testid="attack-image-${image}"]`), image).toBeGreaterThan(100);
    }
    await expect.poll(async () => canvasInk(page, '[data-testid="attack-logits-canvas"]'), { timeout: 10_000 }).toBeGreaterThan(500);
    await page.screenshot({ path: path.join(screenshotDir, 'attack-02-mip-run.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('imports an ONNX network in the attack form and attacks it', async () => {
    await page.click('[data-testid="nav-experiment"]');
    await page.selectOption('[data-testid="run-dataset"]', 'xor');
    await page.selectOption('[data-testid="run-method"]', 'adversarial');
    await page.setInputFiles('[data-testid="attack-import-network"]', path.join(projectRoot, 'test/fixtures/onnx/xor-gemm.onnx'));
    await expect.poll(() => page.$eval('[data-testid="attack-network"]', (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent ?? ''), { timeout: 15_000 }).toMatch(/xor-gemm/);
    await page.selectOption('[data-testid="attack-split"]', 'all');
    await page.click('[data-testid="run-start"]');
    await page.waitForURL(/#\/runs\//);
    await expect.poll(() => page.textContent('[data-testid="run-status"]'), { timeout: 30_000 }).toMatch(/optimal/);
    await page.screenshot({ path: path.join(screenshotDir, 'attack-03-imported-onnx.png'), fullPage: true });
  });
});
