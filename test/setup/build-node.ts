import { execFileSync } from 'node:child_process';

/** Integration tests start real worker threads from the built bundles: build them first. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--node', '--quiet'], { stdio: 'inherit' });
}
