import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** End-to-end tests serve the built renderer; `npm test` has built it already. */
export default function setup(): void {
  if (process.env.RELULAB_SKIP_BUILD === '1' && existsSync('out/renderer/index.html')) return;
  execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
}
