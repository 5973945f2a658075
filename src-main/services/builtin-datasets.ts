import type { DatasetsRepo, NewDataset } from '../store/datasets-repo';

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
export function ensureBuiltins(repo: DatasetsRepo, extra: NewDataset[] = []): void {
  for (const dataset of [...builtinDatasets, ...extra]) {
    if (!repo.exists(dataset.id)) repo.insert(dataset);
  }
}
