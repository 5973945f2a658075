import type { Highs } from 'highs';
import { generatorParamsSchema, type GeneratorName } from '../shared/domain/params/generators';
import { generateDataset } from '../src-main/engine/data/generators';
import { trainSparse } from '../src-main/engine/milp/train-sparse';
import { loadHighs } from '../src-main/engine/solvers/load-highs';
import { defineCase, type BenchCase } from './cases';

interface MilpCase {
  label: string;
  data: { X: number[][]; y: number[] };
  params: Record<string, unknown>;
}

const xor = { X: [[0, 0], [0, 1], [1, 0], [1, 1]], y: [0, 1, 1, 0] };

function generated(generator: GeneratorName, n: number) {
  const data = generateDataset(generatorParamsSchema.parse({ generator, n, noise: 0.1, seed: 1 }));
  return { X: data.X, y: data.y };
}

/** The sparse-training MILP against the plain formulation built by the same code (one global M, no symmetry breaking). */
export function milpBenchCases(): BenchCase<unknown>[] {
  const cases: MilpCase[] = [
    ...[2, 3, 4].map((width) => ({ label: `XOR width ${width} exact`, data: xor, params: { width, mode: 'exact', timeLimit: 120 } })),
    ...(['noisy-xor', 'circles'] as const).flatMap((g) =>
      [8, 16].flatMap((n) => [3, 4].map((width) => ({ label: `${g} N=${n} width ${width} margin`, data: generated(g, n), params: { width, mode: 'margin', timeLimit: 60 } }))),
    ),
  ];
  return cases.flatMap((c) => {
    const solve = (highs: Highs, plain: boolean) => {
      const result = trainSparse(highs, c.data, c.params, { plain });
      if (result.status !== 'optimal' && result.status !== 'time-limit') throw new Error(`${c.label}: ${result.status} ${result.message}`);
      return result;
    };
    const note = (plain: boolean) => `${plain ? 'plain: global M, no symmetry breaking, no extra inequalities' : 'per-sample M, symmetry breaking, valid inequalities'}; time limit ${String(c.params.timeLimit)} s (a time-limit result counts its full time)`;
    return [
      defineCase({ name: `milp-train ${c.label}: plain`, repetitions: 5, note: note(true), setup: loadHighs, run: (highs: Highs) => solve(highs, true) }),
      defineCase({ name: `milp-train ${c.label}: ReLU Lab`, repetitions: 5, note: note(false), baseline: `milp-train ${c.label}: plain`, setup: loadHighs, run: (highs: Highs) => solve(highs, false) }),
    ];
  });
}
