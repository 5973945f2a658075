import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { trainTestSplit } from '../engine/train/split';
import { paths } from '../paths';
import type { DatasetsRepo, NewDataset } from '../store/datasets-repo';

export const DIGITS_CREDIT =
  'Test set of the "Optical Recognition of Handwritten Digits" data set, UCI Machine Learning Repository (E. Alpaydin, C. Kaynak, 1998), CC BY 4.0; the copy scikit-learn distributes as load_digits.';

/** 1,797 8×8 images, pixels 0..16 scaled to [0, 1], with the seeded 80/20 split every method shares. */
export function loadDigits(): NewDataset {
  const text = gunzipSync(readFileSync(path.join(paths.assets, 'datasets', 'digits.csv.gz'))).toString('utf8');
  const X: number[][] = [];
  const y: number[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const values = line.split(',').map(Number);
    y.push(values.pop()!);
    X.push(values.map((v) => v / 16));
  }
  const split = trainTestSplit(X.length, 0.2, 0);
  return {
    id: 'digits',
    name: 'Digits 8×8',
    builtin: true,
    description: `Handwritten digits, 8×8 pixels scaled to [0, 1], 10 classes; test rows: a seeded 20 % split (numpy RandomState(0).permutation). ${DIGITS_CREDIT}`,
    provenance: { kind: 'builtin', source: 'assets/datasets/digits.csv.gz', credit: DIGITS_CREDIT },
    data: {
      task: 'multiclass',
      featureNames: Array.from({ length: 64 }, (_, i) => `p${Math.floor(i / 8)}${i % 8}`),
      X,
      y,
      testIndices: split.test,
      classNames: Array.from({ length: 10 }, (_, i) => String(i)),
    },
  };
}


export const builtinDatasets: NewDataset[] = [
  {
    id: 'xor',
    name: 'XOR',
    builtin: true,
    description: 'The four corners of the unit square labelled by exclusive or: no linear model separates them.',
    provenance: { kind: 'builtin', source: 'XOR truth table' },
    data: {
      task: 'binary',
      featureNames: ['x1', 'x2'],
      X: [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ],
      y: [0, 1, 1, 0],
    },
  },
];

/** Adds the built-in data sets a database does not have yet; never touches the user's own. */
export function ensureBuiltins(repo: DatasetsRepo): void {
  for (const dataset of builtinDatasets) {
    if (!repo.summary(dataset.id)) repo.insert(dataset);
  }
  // Parsed only when missing: a database created once never pays for it again.
  if (!repo.summary('digits')) repo.insert(loadDigits());
}
