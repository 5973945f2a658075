import type { Highs } from '../src-main/engine/highs/highs';
import { generatorParamsSchema, type GeneratorName } from '../shared/domain/params/generators';
import { generateDataset } from '../src-main/engine/data/generators';
import type { SparseTrainResult } from '../src-main/engine/sparse-train/formulation';
import { trainSparse } from '../src-main/engine/sparse-train/train';
import { loadHighs } from '../src-main/engine/highs/load-highs';
import { defineCase, type BenchCase } from './cases';

interface MilpCase {
  label: string;
  data: { X: number[][]; y: number[] };
  params: Record<string, unknown>;
  /** The plain formulation's time limit and repetitions (it is the slow side: minutes per solve at N = 16, width 4). */
  plainTimeLimit: number;
  plainRepetitions: number;
}

const xor = { X: [[0, 0], [0, 1], [1, 0], [1, 1]], y: [0, 1, 1, 0] };

function generated(generator: GeneratorName, n: number) {
  const data = generateDataset(generatorParamsSchema.parse({ generator, n, noise: 0.1, seed: 1 }));
  return { X: data.X, y: data.y };
}

/** The plain formulation's last answer per case, to check that ReLU Lab reaches the same optimum. */
const plainAnswers = new Map<string, SparseTrainResult>();

/**
 * The sparse-training MILP against the plain formulation built by the same code
 * (one global M, no symmetry breaking, one MILP). "ReLU Lab" is the method's
 * default: the support search on these two-feature data sets.
 */
export function milpBenchCases(): BenchCase<unknown>[] {
  const cases: MilpCase[] = [
    ...[2, 3, 4].map((width) => ({ label: `XOR width ${width} exact`, data: xor, params: { width, mode: 'exact' }, plainTimeLimit: 120, plainRepetitions: 5 })),
    ...(['noisy-xor', 'circles'] as const).flatMap((g) =>
      [8, 16, 32].flatMap((n) =>
        [3, 4].map((width) => ({
          label: `${g} N=${n} width ${width} margin`,
          data: generated(g, n),
          params: { width, mode: 'margin' },
          // N = 32 is out of the plain formulation's reach in minutes: one capped run shows it.
          plainTimeLimit: n === 32 ? 120 : 600,
          plainRepetitions: n === 8 ? 5 : n === 16 ? 3 : 1,
        })),
      ),
    ),
  ];
  return cases.flatMap((c) => {
    const solve = (highs: Highs, plain: boolean) => {
      const timeLimit = plain ? c.plainTimeLimit : 120;
      const result = trainSparse(highs, c.data, { ...c.params, timeLimit }, { plain });
      if (result.status !== 'optimal' && result.status !== 'time-limit') throw new Error(`${c.label}: ${result.status} ${result.message}`);
      if (plain) plainAnswers.set(c.label, result);
      const reference = plainAnswers.get(c.label);
      if (!plain && reference?.status === 'optimal' && reference.metrics.objective !== result.metrics.objective) {
        throw new Error(`${c.label}: ReLU Lab found ${result.metrics.objective} connections, the plain formulation ${reference.metrics.objective}`);
      }
      return result;
    };
    const note = (plain: boolean) =>
      plain
        ? `plain: global M, no symmetry breaking, one MILP; time limit ${c.plainTimeLimit} s (a time-limit result counts its full time)`
        : 'ReLU Lab default: support search (per-sample M, Lipschitz and threshold rows, growing sample subsets); same optimum checked against the plain answer';
    return [
      defineCase({ name: `milp-train ${c.label}: plain`, repetitions: c.plainRepetitions, note: note(true), setup: loadHighs, run: (highs: Highs) => solve(highs, true) }),
      defineCase({ name: `milp-train ${c.label}: ReLU Lab`, repetitions: 5, note: note(false), baseline: `milp-train ${c.label}: plain`, setup: loadHighs, run: (highs: Highs) => solve(highs, false) }),
    ];
  });
}
