import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { appVersion } from '../paths';
import type { RunVersions } from '../../shared/domain/run';

function highsPackageVersion(): string | undefined {
  try {
    // highs-js versions track the embedded HiGHS release (1.15.x contains HiGHS 1.15.x).
    const entry = createRequire(import.meta.url).resolve('highs');
    const manifest = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
    return `HiGHS ${manifest.version} (highs-js)`;
  } catch {
    return undefined;
  }
}

const solver = highsPackageVersion();

export function currentVersions(): RunVersions {
  return { app: appVersion, node: process.version, ...(solver ? { solver } : {}) };
}
