/// <reference lib="dom" />
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src-main/paths';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { tempDir, testContext } from '../helpers/context';

const hostileName = `<script>window.__pwned = 1</script> "quoted" 'single' =SUM(A1) naïve ✓`;

describe('reports', () => {
  let context: ReturnType<typeof testContext>;
  const tmp = tempDir('relulab-report-');
  let experimentId = '';
  let runIds: string[] = [];
  beforeAll(async () => {
    context = testContext();
    const { experiment, runs } = await context.services.experiments.runPreset('xor-gradient-descent');
    experimentId = experiment.id;
    runIds = runs.map((r) => r.id);
    await Promise.all(runIds.map((id) => context.services.runs.whenFinished(id)));
    await context.services.runs.update(runIds[0]!, { name: hostileName, notes: `notes with <img src=x onerror="window.__pwned=2"> & ${hostileName}`, tags: ['=cmd|calc'] });
  }, 120_000);
  afterAll(async () => {
    await context.dispose();
    tmp.cleanup();
  });

  async function build(format: 'html' | 'md' | 'csv' | 'json' | 'pdf', extra: object = {}) {
    return (await context.services.reports.build({ experimentId, format, ...extra })).files;
  }

  it('HTML opens offline in Chromium: every chart image and table renders, user text is escaped', async () => {
    const [file] = await build('html');
    const html = Buffer.from(file!.base64, 'base64').toString('utf8');
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).toContain('&#60;script&#62;window.__pwned');
    const target = path.join(tmp.dir, 'report.html');
    writeFileSync(target, html);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      // The network is cut: anything but the file itself and data: URIs fails.
      await page.route('**/*', (route) => (/^(file|data):/.test(route.request().url()) ? route.continue() : route.abort()));
      await page.goto(`file://${target}`);
      const images = await page.$$eval('img', (imgs) => imgs.map((img) => ({ ok: (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0, alt: img.getAttribute('alt') })));
      expect(images.length).toBeGreaterThanOrEqual(4);
      expect(images.filter((i) => !i.ok)).toEqual([]);
      const tables = await page.$$eval('table', (ts) => ts.map((t) => t.getAttribute('data-table')));
      expect(tables).toEqual(expect.arrayContaining(['comparison', 'parameter-diff', 'metrics', 'environment']));
      expect(await page.$$eval('table[data-table="comparison"] tbody tr', (rows) => rows.length)).toBe(3);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.textContent('h2#run-1')).toContain('<script>window.__pwned = 1</script>');
      await page.screenshot({ path: path.join(screenshotDir, 'report-html.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });

  it('CSV guards formula prefixes; JSON round-trips the text and holds re-runnable specs', async () => {
    const csv = Buffer.from((await build('csv'))[0]!.base64, 'base64').toString('utf8');
    expect(csv.split('\r\n')[0]).toBe('id,name,method,keyParams,status,accuracy,testAccuracy,loss,connections,objective,bound,gap,timeMs');
    expect(csv).toContain(`"<script>window.__pwned = 1</script> ""quoted"" 'single' =SUM(A1) naïve ✓"`);
    const json = JSON.parse(Buffer.from((await build('json'))[0]!.base64, 'base64').toString('utf8')) as { runs: { spec: Record<string, unknown>; notes: string; metrics: Record<string, number> }[] };
    expect(json.runs[0]!.spec.name).toBe(hostileName);
    expect(json.runs[0]!.notes).toContain('onerror="window.__pwned=2"');
    const again = await context.services.runs.whenFinished((await context.services.runs.start(json.runs[1]!.spec as never)).id);
    expect(again.metrics.loss).toBeCloseTo(json.runs[1]!.metrics.loss!, 12);
  });

  it('Markdown comes with its images beside it', async () => {
    const files = await build('md', { baseName: 'xor' });
    expect(files[0]!.name).toBe('xor.md');
    const md = Buffer.from(files[0]!.base64, 'base64').toString('utf8');
    const images = files.slice(1).map((f) => f.name);
    expect(images.length).toBeGreaterThanOrEqual(4);
    for (const name of images) expect(md).toContain(`](${name})`);
    expect(images.every((n) => n.startsWith('xor_files/'))).toBe(true);
  });

  it('the CLI writes every format, PDF through headless Chromium', async () => {
    const run = promisify(execFile);
    const bin = path.join(projectRoot, 'bin', 'relulab.cjs');
    for (const format of ['html', 'md', 'csv', 'json', 'pdf']) {
      const out = path.join(tmp.dir, `cli-report.${format}`);
      await run(process.execPath, [bin, 'report', '--experiment', experimentId, '--format', format, '--out', out, '--db', context.dbPath]);
      expect(existsSync(out)).toBe(true);
    }
    expect(readFileSync(path.join(tmp.dir, 'cli-report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(existsSync(path.join(tmp.dir, 'cli-report_files'))).toBe(true);
    const bad = await run(process.execPath, [bin, 'report', '--runs', 'nope', '--format', 'html', '--out', path.join(tmp.dir, 'x.html'), '--db', context.dbPath]).catch((e: { stderr: string; code: number }) => e);
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stderr: string }).stderr).toMatch(/no run 'nope'/);
  }, 120_000);
});
