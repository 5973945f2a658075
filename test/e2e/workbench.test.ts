/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src-main/paths';
import { collectPageErrors, launchChromium, screenshotDir, serve, type ServedApp } from '../helpers/browser';
import { tempDir } from '../helpers/context';

const cli = path.join(projectRoot, 'bin', 'relulab.cjs');

/** Page coordinates of a data point on the point editor's canvas, from the geometry it publishes. */
async function pointOnCanvas(canvas: Locator, x: number, y: number): Promise<{ x: number; y: number }> {
  const box = (await canvas.boundingBox())!;
  const [xMin, xMax, yMin, yMax] = (await canvas.getAttribute('data-view'))!.split(',').map(Number) as [number, number, number, number];
  const [left, top, right, bottom] = (await canvas.getAttribute('data-margin'))!.split(',').map(Number) as [number, number, number, number];
  // The canvas has a 1 px border; its content box starts inside it.
  const width = box.width - 2 - left - right;
  const height = box.height - 2 - top - bottom;
  return { x: box.x + 1 + left + ((x - xMin) / (xMax - xMin)) * width, y: box.y + 1 + top + (1 - (y - yMin) / (yMax - yMin)) * height };
}

/** Pastes text into the focused element as a spreadsheet would (a ClipboardEvent with text/plain). */
async function pasteInto(page: Page, selector: string, text: string): Promise<void> {
  await page.focus(selector);
  await page.evaluate((block) => {
    const data = new DataTransfer();
    data.setData('text/plain', block);
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** The Undo button of the toast that says `message` (an earlier toast may still be showing). */
function undoIn(page: Page, message: string): Locator {
  return page.locator('[data-testid="toast"]', { hasText: message }).locator('[data-testid="undo-button"]');
}

function rowCount(page: Page, testid: string): Promise<number> {
  return page.locator(`[data-testid="${testid}"]`).count();
}

describe('browser mode in Chromium: the workbench (data sets and history)', () => {
  const tmp = tempDir('relulab-e2e-workbench-');
  const db = path.join(tmp.dir, 'workbench.db');
  let app: ServedApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // Runs for the history flows, made by the CLI on the same database as a script would.
    for (const name of ['alpha', 'beta', 'gamma']) {
      execFileSync(process.execPath, [cli, 'run', '--dataset', 'xor', '--method', 'linear-regression', '--name', `least squares ${name}`, '--db', db]);
    }
    writeFileSync(path.join(tmp.dir, 'bad.csv'), 'x1,x2,label\n0,0,0\n0,1,1\n1,zero,1\n1,1,0\n');
    writeFileSync(path.join(tmp.dir, 'good.csv'), 'a,b,class,c\n0,0,no,1\n0,1,yes,2\n1,0,yes,3\n1,1,no,4\n');
    app = await serve(db);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    // The spec's Copy button writes to the clipboard; the test reads it back.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin });
    page = await context.newPage();
    collectPageErrors(page, pageErrors);
    await page.goto(app.url);
    await page.click('[data-testid="nav-datasets"]');
    await page.waitForSelector('[data-testid="dataset-row"][data-dataset-id="xor"]');
  });

  afterAll(async () => {
    await browser?.close();
    app?.stop();
    tmp.cleanup();
  });

  const details = () => page.locator('[data-testid="dataset-details"]');
  const row = (name: string) => page.locator('[data-testid="dataset-row"]', { hasText: name });

  it('generates a data set with each generator and keeps the parameters as provenance', async () => {
    const kinds = [
      { kind: 'noisy-xor', title: 'Noisy XOR' },
      { kind: 'circles', title: 'Circles' },
      { kind: 'moons', title: 'Moons' },
      { kind: 'blobs', title: 'Gaussian blobs', classes: '4' },
      { kind: 'spirals', title: 'Spirals', classes: '3' },
    ];
    for (const { kind, title, classes } of kinds) {
      await page.click('[data-testid="open-generator"]');
      await page.selectOption('[data-testid="generator-kind"]', kind);
      await page.fill('[data-testid="generator-n"]', '120');
      await page.fill('[data-testid="generator-noise"]', '0.05');
      await page.fill('[data-testid="generator-seed"]', '3');
      if (classes) await page.fill('[data-testid="generator-classes"]', classes);
      await page.fill('[data-testid="generator-name"]', `gen ${kind}`);
      await page.click('[data-testid="generator-submit"]');
      // The new set is selected and the panel closes.
      await expect.poll(() => details().locator('h2').textContent()).toBe(`gen ${kind}`);
      await expect.poll(() => page.textContent('[data-testid="dataset-provenance"]')).toContain(`Generated: ${title}, n = 120, noise = 0.05`);
      await expect.poll(() => page.textContent('[data-testid="dataset-provenance"]')).toContain('seed 3');
      if (classes) await expect.poll(() => page.textContent('[data-testid="dataset-provenance"]')).toContain(`classes = ${classes}`);
      expect(await page.locator('[data-testid="generator-form"]').count()).toBe(0);
    }
    await expect.poll(() => row('gen blobs').textContent()).toMatch(/multiclass\s*120 × 2/);
    // A bad value is named at its field and blocks Generate.
    await page.click('[data-testid="open-generator"]');
    await page.fill('[data-testid="generator-n"]', '1');
    await expect.poll(() => page.textContent('[data-testid="field-error-generator-n"]')).toMatch(/at least 2/);
    expect(await page.isDisabled('[data-testid="generator-submit"]')).toBe(true);
    await page.screenshot({ path: path.join(screenshotDir, 'workbench-01-generators.png'), fullPage: true });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="generator-form"]').count()).toBe(0);
  });

  it('edits a copy of XOR in the table editor: nothing invalid is saved, a save makes version 2', async () => {
    // Built-ins are read-only: the editor offers a copy instead.
    await page.click('[data-testid="dataset-row"][data-dataset-id="xor"]');
    await page.click('[data-testid="dataset-tab-table"]');
    await page.waitForSelector('[data-testid="dataset-duplicate-to-edit"]');
    await page.locator('[data-testid="dataset-row"][data-dataset-id="xor"] [data-testid="dataset-duplicate"]').click();
    await expect.poll(() => details().getAttribute('data-dataset-id')).not.toBe('xor');
    await expect.poll(() => page.textContent('[data-testid="dataset-provenance"]')).toContain('Copy of “XOR” v1');
    await page.waitForSelector('[data-testid="table-editor"]');
    const cell = (r: number, c: number) => `[data-testid="table-cell"][data-row="${r}"][data-col="${c}"]`;
    expect(await page.isDisabled('[data-testid="table-save"]')).toBe(true);

    await page.fill(cell(0, 0), 'abc');
    await page.fill(cell(1, 1), 'NaN');
    await page.fill(cell(2, 2), '3');
    await page.fill(cell(3, 0), '');
    await expect.poll(() => page.textContent('[data-testid="table-error-count"]')).toMatch(/^\s*4 cells to fix/);
    expect(await page.getAttribute(cell(0, 0), 'class')).toContain('invalid');
    expect(await page.getAttribute(cell(0, 0), 'title')).toMatch(/not a number/);
    expect(await page.getAttribute(cell(1, 1), 'title')).toMatch(/NaN/);
    expect(await page.getAttribute(cell(2, 2), 'title')).toMatch(/0 or 1/);
    expect(await page.getAttribute(cell(3, 0), 'title')).toMatch(/Empty/);
    expect(await page.isDisabled('[data-testid="table-save"]')).toBe(true);
    await page.screenshot({ path: path.join(screenshotDir, 'workbench-02-table-invalid.png'), fullPage: true });

    await page.fill(cell(0, 0), '0');
    await page.fill(cell(1, 1), '1');
    await page.fill(cell(2, 2), '1');
    await page.fill(cell(3, 0), '1');
    // A new row, filled by pasting two rows from a spreadsheet: the second one extends the table.
    await page.click('[data-testid="table-add-row"]');
    await pasteInto(page, cell(4, 0), '0.5\t0.5\t1\n0.25\t0.75\t0\n');
    await expect.poll(() => rowCount(page, 'table-row-select')).toBe(6);
    expect(await page.inputValue(cell(5, 1))).toBe('0.75');
    // Sort by x1 descending, then delete the first row (one of the x1 = 1 corners).
    await page.click('[data-testid="table-sort"][data-col="0"]');
    await page.click('[data-testid="table-sort"][data-col="0"]');
    expect(await page.inputValue(cell(0, 0))).toBe('1');
    await page.locator('[data-testid="table-row-select"]').first().check();
    await page.click('[data-testid="table-delete-rows"]');
    await expect.poll(() => rowCount(page, 'table-row-select')).toBe(5);
    await expect.poll(() => page.textContent('[data-testid="table-error-count"]')).toMatch(/No problems/);
    await page.fill('[data-testid="table-note"]', 'two inner points');
    expect(await page.isDisabled('[data-testid="table-save"]')).toBe(false);
    await page.click('[data-testid="table-save"]');
    await expect.poll(() => details().getAttribute('data-version')).toBe('2');
    await expect.poll(() => rowCount(page, 'table-row-select')).toBe(5);

    await page.click('[data-testid="dataset-tab-versions"]');
    await expect.poll(() => rowCount(page, 'dataset-version-row')).toBe(2);
    expect(await page.locator('[data-testid="dataset-version-row"][data-version="2"]').textContent()).toContain('two inner points');
    await page.screenshot({ path: path.join(screenshotDir, 'workbench-03-table-saved.png'), fullPage: true });
  });

  it('adds, drags, deletes points with undo and redo in the point editor and saves version 3', async () => {
    await page.click('[data-testid="dataset-tab-points"]');
    const canvas = page.locator('[data-testid="point-canvas"]');
    await canvas.waitFor();
    await canvas.scrollIntoViewIfNeeded();
    const count = () => page.textContent('[data-testid="point-count"]');
    const selection = () => page.textContent('[data-testid="point-selection"]');
    await expect.poll(count).toMatch(/^5 points/);

    // Add a point of class 0 in empty space.
    await page.selectOption('[data-testid="point-class"]', '0');
    const empty = await pointOnCanvas(canvas, 0.85, 0.2);
    await page.mouse.click(empty.x, empty.y);
    await expect.poll(count).toMatch(/^6 points/);
    await expect.poll(selection).toMatch(/x₁ = 0\.8\d*, x₂ = 0\.(19|2)\d*, class 0/);

    // Drag it with snapping on: it lands on the 0.1 grid.
    await page.check('[data-testid="point-snap"]');
    const from = await pointOnCanvas(canvas, 0.85, 0.2);
    const to = await pointOnCanvas(canvas, 0.71, 0.38);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 6 });
    await page.mouse.up();
    await expect.poll(selection).toBe('Selected: x₁ = 0.7, x₂ = 0.4, class 0.');
    await page.screenshot({ path: path.join(screenshotDir, 'workbench-04-points-moved.png'), fullPage: true });

    // Delete it (key), undo (key), redo (button), undo (button).
    await page.keyboard.press('Delete');
    await expect.poll(count).toMatch(/^5 points/);
    await page.keyboard.press('Control+z');
    await expect.poll(count).toMatch(/^6 points/);
    await expect.poll(selection).toBe('Selected: x₁ = 0.7, x₂ = 0.4, class 0.');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(count).toMatch(/^5 points/);
    await page.click('[data-testid="point-undo"]');
    await expect.poll(count).toMatch(/^6 points/);
    await page.click('[data-testid="point-redo"]');
    await expect.poll(count).toMatch(/^5 points/);
    await page.click('[data-testid="point-undo"]');
    await expect.poll(count).toMatch(/^6 points/);

    // Escape clears the selection; a shift-drag box around the lower-left corner selects only (0, 0).
    await page.keyboard.press('Escape');
    await expect.poll(selection).toBe('Nothing selected.');
    const a = await pointOnCanvas(canvas, -0.1, -0.1);
    const b = await pointOnCanvas(canvas, 0.2, 0.2);
    await page.keyboard.down('Shift');
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move(b.x, b.y, { steps: 6 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect.poll(selection).toBe('Selected: x₁ = 0, x₂ = 0, class 0.');

    await page.fill('[data-testid="point-note"]', 'one more class-0 point');
    await page.click('[data-testid="point-save"]');
    await expect.poll(() => details().getAttribute('data-version')).toBe('3');
    await expect.poll(count).toMatch(/^6 points/);
    await page.screenshot({ path: path.join(screenshotDir, 'workbench-05-points-saved.png'), fullPage: true });
  });

  it('imports a CSV: an error with its line number first, then a preview, then the import', async () => {
    await page.click('[data-testid="open-import"]');
    await page.setInputFiles('[data-testid="import-file"]', path.join(tmp.dir, 'bad.csv'));
    expect(await page.isDisabled('[data-testid="import-submit"]')).toBe(true);
    await page.click('[data-testid="import-preview"]');
    await expect.poll(() => page.textContent('[data-testid="import-error"]')).toMatch(/line 4, column x2: 'zero' is not a finite number/);
    expect(await page.isDisabled('[data-testid="import-submit"]')).toBe(true);
    await page.screenshot({ path: path.join(screenshotDir, 'workbench-06-import-error.png'), fullPage: true });

    await page.setInputFiles('[data-testid="import-file"]', path.join(tmp.dir, 'good.csv'));
    await expect.poll(() => page.locator('[data-testid="import-target"] option').allTextContents()).toEqual(['last column (c)', 'a', 'b', 'class', 'c']);
    await page.selectOption('[data-testid="import-target"]', { label: 'class' });
    await page.fill('[data-testid="import-name"]', 'yes or no');
    await page.click('[data-testid="import-preview"]');
    await expect.poll(() => page.textContent('[data-testid="import-result"]')).toMatch(/yes or no: 4 rows × 3 features, task binary, classes no, yes/);
    expect(await page.locator('[data-testid="import-result"] tbody tr').count()).toBe(4);
    await page.screenshot({ path: path.join(screenshotDir, 'workbench-07-import-preview.png'), fullPage: true });
    // Changing anything asks for a new preview before importing.
    await page.selectOption('[data-testid="import-task"]', 'binary');
    expect(await page.isDisabled('[data-testid="import-submit"]')).toBe(true);
    await page.click('[data-testid="import-preview"]');
    await page.waitForSelector('[data-testid="import-result"]');
    await page.click('[data-testid="import-submit"]');
    await expect.poll(() => details().locator('h2').textContent()).toBe('yes or no');
    await expect.poll(() => page.textContent('[data-testid="dataset-provenance"]')).toContain('Imported from good.csv');

    // Export as CSV: a download, no navigation.
    const [download] = await Promise.all([page.waitForEvent('download'), row('yes or no').locator('[data-testid="dataset-export-csv"]').click()]);
    expect(download.suggestedFilename()).toBe('yes_or_no.csv');
    expect(page.url()).toContain('#/datasets');
  });

  it('renames a data set in place, deletes it and brings it back with Undo', async () => {
    await row('yes or no').locator('[data-testid="dataset-rename"]').click();
    await page.fill('[data-testid="dataset-rename-input"]', 'yes or no, renamed');
    await page.keyboard.press('Enter');
    await expect.poll(() => row('yes or no, renamed').count()).toBe(1);
    const id = await row('yes or no, renamed').getAttribute('data-dataset-id');
    await row('yes or no, renamed').locator('[data-testid="dataset-delete"]').click();
    await expect.poll(() => page.locator(`[data-testid="dataset-row"][data-dataset-id="${id}"]`).count()).toBe(0);
    await page.screenshot({ path: path.join(screenshotDir, 'workbench-08-dataset-deleted.png') });
    await undoIn(page, 'Deleted “yes or no, renamed”').click();
    await expect.poll(() => page.locator(`[data-testid="dataset-row"][data-dataset-id="${id}"]`).count()).toBe(1);
    // Built-in sets cannot be deleted.
    expect(await page.isDisabled('[data-testid="dataset-row"][data-dataset-id="xor"] [data-testid="dataset-delete"]')).toBe(true);
  });

  const historyRow = (name: string) => page.locator('[data-testid="history-row"]', { hasText: name });

  it('edits tags and notes in place, then filters by tag, date and search', async () => {
    await page.click('[data-testid="nav-history"]');
    await expect.poll(() => rowCount(page, 'history-row')).toBe(3);
    await historyRow('least squares alpha').locator('[data-testid="history-edit"]').click();
    await page.fill('[data-testid="run-tags-edit"]', 'baseline, xor, baseline');
    await page.fill('[data-testid="run-notes-edit"]', 'Least squares gives w = 0, b = 0.5.');
    await page.screenshot({ path: path.join(screenshotDir, 'workbench-09-history-edit.png') });
    await page.click('[data-testid="run-meta-save"]');
    await expect.poll(() => page.locator('[data-testid="history-side-panel"]').count()).toBe(0);
    await expect.poll(() => historyRow('least squares alpha').locator('[data-testid="history-tag"]').allTextContents()).toEqual(['baseline', 'xor']);
    expect(await historyRow('least squares alpha').locator('[data-testid="history-notes"]').textContent()).toBe('Least squares gives w = 0, b = 0.5.');

    await page.fill('[data-testid="history-filter-tag"]', 'baseline');
    await expect.poll(() => rowCount(page, 'history-row')).toBe(1);
    await page.fill('[data-testid="history-filter-tag"]', '');
    await expect.poll(() => rowCount(page, 'history-row')).toBe(3);
    // A click on a chip filters by that tag too.
    await historyRow('least squares alpha').locator('[data-testid="history-tag"]', { hasText: 'xor' }).click();
    await expect.poll(() => page.inputValue('[data-testid="history-filter-tag"]')).toBe('xor');
    await expect.poll(() => rowCount(page, 'history-row')).toBe(1);
    await page.click('[data-testid="history-clear-filters"]');
    await expect.poll(() => rowCount(page, 'history-row')).toBe(3);

    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    await page.fill('[data-testid="history-filter-from"]', '2001-01-01');
    await page.fill('[data-testid="history-filter-to"]', '2001-12-31');
    await page.waitForSelector('[data-testid="history-empty"]');
    await page.fill('[data-testid="history-filter-from"]', today);
    await page.fill('[data-testid="history-filter-to"]', today);
    await expect.poll(() => rowCount(page, 'history-row')).toBe(3);
    await page.click('[data-testid="history-clear-filters"]');

    // "/" focuses the search; notes are searched.
    await page.click('h1');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('history-search');
    await page.keyboard.type('b = 0.5');
    await expect.poll(() => rowCount(page, 'history-row')).toBe(1);
    await page.screenshot({ path: path.join(screenshotDir, 'workbench-10-history-search.png') });
    await page.fill('[data-testid="history-search"]', '');
    await expect.poll(() => rowCount(page, 'history-row')).toBe(3);
  });

  it('archives a run: hidden by default, shown with the archived filter', async () => {
    await historyRow('least squares beta').locator('[data-testid="history-archive"]').click();
    await expect.poll(() => rowCount(page, 'history-row')).toBe(2);
    await page.selectOption('[data-testid="history-filter-archived"]', 'only');
    await expect.poll(() => page.locator('[data-testid="history-row"]').allTextContents()).toEqual([expect.stringContaining('least squares beta')]);
    await page.selectOption('[data-testid="history-filter-archived"]', 'include');
    await expect.poll(() => rowCount(page, 'history-row')).toBe(3);
    await page.screenshot({ path: path.join(screenshotDir, 'workbench-11-history-archived.png') });
    await page.selectOption('[data-testid="history-filter-archived"]', 'exclude');
    await expect.poll(() => rowCount(page, 'history-row')).toBe(2);
  });

  it('deletes a run and brings it back with Undo', async () => {
    await historyRow('least squares gamma').locator('[data-testid="history-delete"]').click();
    await expect.poll(() => rowCount(page, 'history-row')).toBe(1);
    await undoIn(page, 'Deleted “least squares gamma”').click();
    await expect.poll(() => rowCount(page, 'history-row')).toBe(2);
    await expect.poll(() => historyRow('least squares gamma').count()).toBe(1);
  });

  it('re-runs a run with the same spec on the same data version', async () => {
    await historyRow('least squares gamma').locator('[data-testid="history-rerun"]').click();
    const rerun = historyRow('least squares gamma (re-run)');
    await expect.poll(() => rerun.count()).toBe(1);
    await expect.poll(() => rerun.locator('.badge').textContent(), { timeout: 20_000 }).toBe('completed');
    expect(await rerun.textContent()).toContain('XOR v1');
    await page.screenshot({ path: path.join(screenshotDir, 'workbench-12-history-rerun.png') });
  });

  it('shows the spec as JSON and copies it', async () => {
    await historyRow('least squares alpha').locator('[data-testid="history-spec"]').click();
    await page.waitForSelector('[data-testid="spec-json"]');
    const spec = JSON.parse(await page.inputValue('[data-testid="spec-json"]'));
    expect(spec).toEqual({ dataset: 'xor', datasetVersion: 1, method: 'linear-regression', params: { threshold: 0.5 }, name: 'least squares alpha' });
    await page.click('[data-testid="spec-copy"]');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(await page.inputValue('[data-testid="spec-json"]'));
    await page.screenshot({ path: path.join(screenshotDir, 'workbench-13-history-spec.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="history-side-panel"]').count()).toBe(0);
  });

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
