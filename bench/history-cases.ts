import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startHost, type RunningHost } from '../src-main/host/server';
import { createAppContext, type AppContext } from '../src-main/services/context';
import { newId } from '../src-main/store/ids';
import { RunsRepo } from '../src-main/store/runs-repo';
import { defineCase, type BenchCase } from './cases';

const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p): p is string => !!p && existsSync(p));

interface UiContext {
  dir: string;
  context: AppContext;
  host: RunningHost;
  browser: Browser;
  page: Page;
}

/** The History view against a history of 10,000 runs, served and rendered as a user gets it. */
export function historyBenchCases(): BenchCase<unknown>[] {
  return [
    defineCase({
      name: 'UI: first History page with 10,000 runs',
      repetitions: 7,
      note: 'navigation to #/history until the first row is drawn, in headless Chromium',
      skip: () => (chromiumPath ? null : 'no Chromium here (set CHROMIUM_PATH)'),
      setup: async (): Promise<UiContext> => {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'relulab-bench-ui-'));
        const context = createAppContext({ dbPath: path.join(dir, 'ui.db'), mode: 'browser' });
        const repo = new RunsRepo(context.db);
        repo.transaction(() => {
          for (let i = 0; i < 10_000; i++) {
            const id = newId('r');
            repo.insert({ id, experimentId: null, dataset: { id: 'xor', name: 'XOR', version: 1 }, method: i % 3 ? 'mlp-gd' : 'linear-regression', name: `bench run ${i}`, params: {}, tags: i % 7 ? [] : ['tagged'], notes: '', versions: { app: 'bench', node: process.version }, seed: i });
            repo.finish(id, { status: 'completed', metrics: { accuracy: (i % 4) / 4, loss: 1 / (i + 1) }, timings: { totalMs: i % 100 } });
          }
        });
        const host = await startHost({ context });
        const { chromium } = await import('playwright-core');
        const browser = await chromium.launch({ executablePath: chromiumPath!, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
        const page = await browser.newPage();
        await page.goto(host.url);
        return { dir, context, host, browser, page };
      },
      run: async ({ page, host }: UiContext) => {
        await page.goto('about:blank');
        const started = performance.now();
        await page.goto(`${host.url}#/history`);
        await page.locator('[data-testid="history-row"]').first().waitFor();
        return { measuredMs: performance.now() - started };
      },
      teardown: async ({ dir, context, host, browser }: UiContext) => {
        await browser.close();
        await host.close();
        await context.close();
        rmSync(dir, { recursive: true, force: true });
      },
    }),
  ];
}
