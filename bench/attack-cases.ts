/**
 * Benchmarks of the `adversarial` method (issue 7) on the 64-32-16-10 digits
 * net, the first 10 test samples, L1, margin 0.01. One repetition = one
 * sample, so each case's median is the median time per sample.
 *
 *  - all-others, best configuration: LP bounds over the box ∩ L1 ball whose
 *    radius is a quick sqrt-ReLU local attack's, that attack as MIP start.
 *  - all-others, plain: interval bounds over the [0, 1] box, a binary on every
 *    unstable neuron, no ball, no start (same model code).
 *    Its teardown checks both found the same optimum (1e-6) on every sample.
 *  - any, best configuration ('auto': one binary per class over the ball).
 *  - any, one solve per target class (for comparison).
 *
 * Each teardown prints per-sample status, objective and time.
 */
import type { Network } from '../shared/domain/network';
import { runAdversarial, type AdversarialOptionsInput, type AdversarialResult } from '../src-main/engine/attack/adversarial';
import { loadHighs, type Highs } from '../src-main/engine/highs/highs';
import { trainMlp } from '../src-main/engine/train/mlp';
import { trainTestSplit } from '../src-main/engine/train/split';
import { digitsNetSpec, digitsRows } from '../test/helpers/digits';
import type { BenchCase } from './cases';

interface DigitsSetup {
  highs: Highs;
  net: Network;
  samples: { x: number[]; label: number }[];
}

let shared: Promise<DigitsSetup> | null = null;

/** The trained digits net and the first 10 test samples (trained once per process, about a second). */
function digitsSetup(): Promise<DigitsSetup> {
  shared ??= (async () => {
    const highs = await loadHighs();
    const { X, y } = digitsRows();
    const { train, test } = trainTestSplit(X.length, 0.2, 0);
    const { network } = trainMlp({ X: train.map((i) => X[i]!), y: train.map((i) => y[i]!) }, digitsNetSpec);
    return { highs, net: network, samples: test.slice(0, 10).map((i) => ({ x: X[i]!, label: y[i]! })) };
  })();
  return shared;
}

interface AttackContext extends DigitsSetup {
  next: number;
  results: AdversarialResult[];
  cpuMs: number[];
}

/** Objectives per configuration name, for the same-optimum check. */
const objectives = new Map<string, (number | null)[]>();

function fmt(v: number | null | undefined, digits = 7): string {
  return v === null || v === undefined ? '—' : v.toFixed(digits);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function attackCase(name: string, key: string, options: AdversarialOptionsInput, note: string, compareWith?: string): BenchCase<AttackContext> {
  return {
    name,
    repetitions: 10,
    note,
    setup: async () => ({ ...(await digitsSetup()), next: 0, results: [], cpuMs: [] }),
    run: (ctx) => {
      const sample = ctx.samples[ctx.next++ % ctx.samples.length]!;
      const cpu = process.cpuUsage();
      const res = runAdversarial(ctx.highs, ctx.net, sample.x, sample.label, { norm: 'l1', margin: 0.01, timeLimit: 120, ...options });
      const used = process.cpuUsage(cpu);
      ctx.cpuMs.push((used.user + used.system) / 1000);
      ctx.results.push(res);
    },
    teardown: (ctx) => {
      const lines = ctx.results.map(
        (r, i) =>
          `  sample ${i}: ${r.status.padEnd(10)} objective ${fmt(r.objective)}  ${r.timeMs.toFixed(0).padStart(6)} ms ` +
          `(cpu ${ctx.cpuMs[i]!.toFixed(0)} ms; local ${r.timings.localMs.toFixed(0)}, bounds ${r.timings.boundsMs.toFixed(0)}, solve ${r.timings.solveMs.toFixed(0)}) ` +
          `binaries ${r.binaries}${r.anyStrategy ? ` ${r.anyStrategy}` : ''}${r.witness?.valid ? '' : ' INVALID WITNESS'}`,
      );
      const proven = ctx.results.filter((r) => r.status === 'optimal').length;
      console.log(`${name}: ${proven}/${ctx.results.length} proven optimal, cpu median ${median(ctx.cpuMs).toFixed(0)} ms\n${lines.join('\n')}`);
      objectives.set(key, ctx.results.map((r) => (r.status === 'optimal' ? r.objective : null)));
      if (compareWith) {
        const other = objectives.get(compareWith);
        if (!other) return;
        let same = 0;
        let worst = 0;
        ctx.results.forEach((r, i) => {
          const a = r.status === 'optimal' ? r.objective : null;
          const b = other[i];
          if (a === null || b === null || b === undefined) return;
          const diff = Math.abs(a - b) / Math.max(1e-12, Math.abs(b));
          worst = Math.max(worst, diff);
          if (diff <= 1e-6) same++;
        });
        const verdict = same === ctx.results.length ? 'OK' : 'MISMATCH';
        console.log(`  same optimum as "${compareWith}" (1e-6): ${same}/${ctx.results.length}, max relative difference ${worst.toExponential(2)} — ${verdict}`);
      }
    },
  };
}

/** The attack benchmark cases, in the shape of bench/cases.ts's BenchCase. */
export function attackBenchCases(): BenchCase<unknown>[] {
  const cases: BenchCase<AttackContext>[] = [
    attackCase(
      'attack digits all-others L1: best',
      'all-others/best',
      { criterion: 'all-others', formulation: 'mip', tightening: 'lp', radius: 'auto', mipStart: true },
      'LP bounds over box ∩ L1 ball of a local sqrt-ReLU attack, its answer as MIP start; per sample',
    ),
    attackCase(
      'attack digits all-others L1: plain',
      'all-others/plain',
      { criterion: 'all-others', formulation: 'mip', tightening: 'interval', radius: 'none', mipStart: false },
      'interval bounds over the [0,1] box, binary on every unstable neuron, HiGHS defaults; per sample',
      'all-others/best',
    ),
    attackCase(
      "attack digits any L1: best (auto)",
      'any/best',
      { criterion: 'any', formulation: 'mip', tightening: 'lp', radius: 'auto', anyStrategy: 'auto' },
      "'any' with the auto strategy (one binary per class over the local attack's ball); per sample",
    ),
    attackCase(
      'attack digits any L1: per target',
      'any/per-target',
      { criterion: 'any', formulation: 'mip', tightening: 'lp', radius: 'auto', anyStrategy: 'per-target' },
      "'any' by one MIP per target class over the shrinking ball; per sample",
      'any/best',
    ),
  ];
  return cases as unknown as BenchCase<unknown>[];
}
