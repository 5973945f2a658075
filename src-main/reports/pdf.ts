import { existsSync } from 'node:fs';
import { ServiceError } from '../../shared/contracts/errors';

export type PdfRenderer = (html: string) => Promise<Buffer>;

const chromiumCandidates = () => [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

/**
 * Browser mode and the CLI print through a headless Chromium when one is installed; the desktop
 * app passes Electron's printToPDF instead.
 */
export const chromiumPdf: PdfRenderer = async (html) => {
  const executablePath = chromiumCandidates().find((c): c is string => !!c && existsSync(c));
  if (!executablePath) {
    throw new ServiceError('unavailable', 'PDF export needs Chromium (looked for /usr/bin/chromium and CHROMIUM_PATH): install it (Debian: apt-get install chromium), or export HTML and print it from a browser.');
  }
  const { chromium } = await import('playwright-core');
  // playwright gives each launch a fresh temporary profile of its own.
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    // Offline by construction: the report is self-contained, and any other request is refused.
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } });
  } finally {
    await browser.close();
  }
};
