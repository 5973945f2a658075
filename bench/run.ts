// `npm run bench`: runs named cases, prints median/min/max and writes JSON under bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { paths } from '../src-main/paths';
import { benchCases } from './cases';

export interface BenchResult {
  name: string;
  unit: 'ms';
  repetitions: number;
  median: number;
  min: number;
  max: number;
  note?: string;
  /** baseline median / this median, when the case names a baseline. */
  speedup?: { baseline: string; ratio: number };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const results: BenchResult[] = [];
  // An optional pattern picks cases by name: npm run bench -- 'milp-train XOR|attack'.
  const pattern = only ? new RegExp(only) : null;
  for (const bench of benchCases.filter((c) => !pattern || pattern.test(c.name))) {
    const skip = bench.skip?.();
    if (skip) {
      console.log(`${bench.name.padEnd(44)} skipped: ${skip}`);
      continue;
    }
    const context = bench.setup ? await bench.setup() : undefined;
    const samples: number[] = [];
    try {
      for (let i = 0; i < bench.repetitions; i++) {
        const started = performance.now();
        const answer = await bench.run(context);
        // A case timing something outside this process (numpy) reports its own measurement.
        const measured = typeof answer === 'object' && answer !== null && 'measuredMs' in answer ? (answer as { measuredMs: number }).measuredMs : null;
        samples.push(measured ?? performance.now() - started);
      }
    } finally {
      await bench.teardown?.(context);
    }
    const result: BenchResult = { name: bench.name, unit: 'ms', repetitions: samples.length, median: median(samples), min: Math.min(...samples), max: Math.max(...samples), ...(bench.note ? { note: bench.note } : {}) };
    results.push(result);
    console.log(`${result.name.padEnd(44)} median ${result.median.toFixed(2).padStart(10)} ms   min ${result.min.toFixed(2).padStart(10)}   max ${result.max.toFixed(2).padStart(10)}   (n=${result.repetitions})`);
  }
  for (const bench of benchCases) {
    const result = results.find((r) => r.name === bench.name);
    const baseline = results.find((r) => r.name === bench.baseline);
    if (!result || !baseline) continue;
    result.speedup = { baseline: baseline.name, ratio: baseline.median / result.median };
    console.log(`${result.name}: ${result.speedup.ratio.toFixed(1)}× faster than ${baseline.name} (ratio of medians)`);
  }
  const dir = path.join(paths.root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`);
  writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`);
  console.log(`results written to ${path.relative(paths.root, file)}`);
}

void main();
