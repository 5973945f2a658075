// Builds the Node side with esbuild and the renderer with Vite.
// `--node` builds only the Node side (what tests need); `--quiet` prints nothing on success.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: quiet ? 'error' : 'warning',
  // One source for import.meta.url in both the CJS bundles and vitest's ESM.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

const started = Date.now();
await Promise.all([
  build({
    ...common,
    packages: 'external',
    entryPoints: {
      'main/cli': 'src-main/cli/main.ts',
      'main/electron-main': 'src-main/electron/main.ts',
      'main/worker': 'src-main/workers/worker.ts',
      'bench/run': 'bench/run.ts',
      'test/fault-worker': 'test/fixtures/fault-worker.ts',
      'test/insert-runs': 'test/fixtures/insert-runs.ts',
    },
    outdir: 'out',
    outExtension: { '.js': '.cjs' },
  }),
  // A sandboxed preload may require nothing but electron: bundle the rest in.
  build({
    ...common,
    external: ['electron'],
    entryPoints: { 'main/preload': 'src-main/electron/preload.ts' },
    outdir: 'out',
    outExtension: { '.js': '.cjs' },
  }),
]);
if (!quiet) console.log(`node side built in ${Date.now() - started} ms`);

if (!args.has('--node')) {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: quiet ? 'error' : 'warn' });
  if (!quiet) console.log(`renderer built in ${Date.now() - started} ms total`);
}
