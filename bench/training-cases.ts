import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mlpParamsSchema, type MlpParams, type MlpParamsInput } from '../shared/domain/params/training';
import { trainMlp } from '../src-main/engine/train/mlp';
import { paths } from '../src-main/paths';
import { defineCase, type BenchCase } from './cases';

const xor = { X: [[0, 0], [0, 1], [1, 0], [1, 1]], y: [0, 1, 1, 0] };

interface NumpyProgram {
  script: string;
  spec: MlpParamsInput;
}

function programs(): Record<string, NumpyProgram> {
  const load = (name: string) => {
    const fixture = JSON.parse(readFileSync(path.join(paths.root, 'test/fixtures/numpy', `${name}.json`), 'utf8')) as { spec: MlpParamsInput };
    return { script: path.join(paths.root, 'test/fixtures/numpy', `${name}.py`), spec: fixture.spec };
  };
  return { 'XOR ReLU SGD 10k epochs': load('xor_relu_sgd'), 'XOR leaky ReLU He 200k epochs': load('xor_leaky_relu_he') };
}

let numpyAvailable: string | null | undefined;
function numpyMissing(): string | null {
  if (numpyAvailable === undefined) {
    const probe = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
    numpyAvailable = probe.status === 0 ? null : 'python3 with numpy is not installed here; the numpy baseline is skipped';
  }
  return numpyAvailable;
}

/** Trainer speed against the numpy programs the fixtures came from, timed in the same bench run. */
export function trainingBenchCases(): BenchCase<unknown>[] {
  return Object.entries(programs()).flatMap(([label, program]) => [
    defineCase({
      name: `mlp-gd ${label}: numpy`,
      repetitions: 3,
      note: 'training loop wall time as the numpy program measures it (imports excluded)',
      skip: numpyMissing,
      run: () => {
        const child = spawnSync('python3', [program.script], { encoding: 'utf8', env: { ...process.env } });
        if (child.status !== 0) throw new Error(`${program.script} failed: ${child.stderr}`);
        return { measuredMs: (JSON.parse(child.stdout) as { seconds: number }).seconds * 1000 };
      },
    }),
    defineCase({
      name: `mlp-gd ${label}: ReLU Lab`,
      repetitions: 20,
      note: 'trainMlp on the same (validated) spec, after one warm-up run',
      baseline: `mlp-gd ${label}: numpy`,
      setup: (): MlpParams => {
        const params = mlpParamsSchema.parse(program.spec);
        trainMlp(xor, params);
        return params;
      },
      run: (params: MlpParams) => trainMlp(xor, params),
    }),
  ]);
}
