/// <reference lib="dom" />
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../../src-main/paths';

export const screenshotDir = path.join(projectRoot, 'test-results', 'screenshots');

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Debian's Chromium, driven by playwright-core. No browser is a failure, never a silent pass. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = candidates.find((c): c is string => !!c && existsSync(c));
  if (!executablePath) {
    throw new Error('No Chromium found for the end-to-end tests (looked at CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome). Install it with `apt-get install -y chromium` (.ci/run does) or set CHROMIUM_PATH.');
  }
  mkdirSync(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface ServedApp {
  url: string;
  origin: string;
  process: ChildProcess;
  stop(): void;
}

/** `relulab serve` as a user starts it: a separate process on a temporary database. */
export async function serve(db: string): Promise<ServedApp> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'relulab.cjs'), 'serve', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`relulab serve printed no URL within 20 s: ${out} ${stderr}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`relulab serve exited with ${code}: ${stderr}`)));
  });
  return { url, origin: new URL(url).origin, process: child, stop: () => child.kill('SIGTERM') };
}

/** Counts canvas pixels that differ from the first one: a drawn plot has many, a blank canvas none. */
export function canvasInk(page: Page, selector: string, index = 0): Promise<number> {
  return page.locator(selector).nth(index).evaluate((canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2] || data[i + 3] !== data[3]) inked++;
    }
    return inked;
  });
}

/** Collects the page's uncaught errors and console errors, for a final "no errors" check. */
export function collectPageErrors(page: Page, into: string[] = []): string[] {
  page.on('pageerror', (e) => into.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') into.push(m.text());
  });
  return into;
}
