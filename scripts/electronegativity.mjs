// Runs @doyensec/electronegativity on the Electron main and preload sources (its JS API: its CLI
// expects an older commander than the one this project uses) and fails on any HIGH finding.
// Remaining findings are justified in the sources with `eng-disable` comments the tool reads.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const run = require('@doyensec/electronegativity/dist/runner.js');

const result = await run({
  input: path.join(root, 'src-main', 'electron'),
  output: undefined,
  isSarif: false,
  customScan: [],
  excludeFromScan: [],
  severitySet: undefined,
  confidenceSet: undefined,
  isRelative: true,
  isVerbose: false,
  electronUpgrade: undefined,
  electronVersionOverride: require('electron/package.json').version,
  parserPlugins: [],
});
const findings = result.issues.filter((i) => !i.visibility?.inlineDisabled && !i.visibility?.globalCheckDisabled);
for (const f of findings) {
  console.log(`electronegativity: ${f.severity.name} ${f.confidence.name} ${f.id} at ${f.file}:${f.location?.line ?? '?'} — ${f.description}`);
}
const high = findings.filter((f) => f.severity.name === 'HIGH');
console.log(`electronegativity: ${result.atomicChecks + result.globalChecks} checks, ${findings.length} finding(s), ${high.length} HIGH, ${result.errors.length} file(s) not parsed`);
if (result.errors.length) {
  for (const e of result.errors) console.error(`electronegativity: could not parse ${e.file}: ${e.message ?? e.error ?? ''}`);
  process.exit(1);
}
if (high.length) process.exit(1);
