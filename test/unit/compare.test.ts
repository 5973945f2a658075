import { describe, expect, it } from 'vitest';
import { comparisonRow, flattenParams, keyParams, parameterDiff } from '../../shared/domain/compare';

const run = (params: Record<string, unknown>, method = 'mlp-gd') => ({ method, dataset: 'xor', datasetVersion: 1, params });

describe('comparison and parameter diff', () => {
  it('flattens nested params into dotted paths, keeping matrices whole', () => {
    expect(flattenParams({ optimizer: { name: 'sgd', lr: 0.1 }, layers: [{ units: 2 }], network: { layers: [{ W: [[1, 2]], b: [0] }] } })).toEqual({
      'optimizer.name': 'sgd',
      'optimizer.lr': 0.1,
      'layers.0.units': 2,
      'network.layers.0.W': [[1, 2]],
      'network.layers.0.b': [0],
    });
  });

  it('shows only the differences, with numeric deltas against the pinned baseline', () => {
    const rows = parameterDiff([run({ optimizer: { name: 'sgd', lr: 0.1 }, epochs: 100 }), run({ optimizer: { name: 'adam', lr: 0.05 }, epochs: 100 }), run({ optimizer: { name: 'sgd', lr: 0.3 }, epochs: 100 })], 0);
    expect(rows.map((r) => r.path)).toEqual(['optimizer.lr', 'optimizer.name']);
    expect(rows[0]!.deltas[1]).toBeCloseTo(-0.05, 12);
    expect(rows[0]!.deltas[2]).toBeCloseTo(0.2, 12);
    expect(rows[1]!.deltas).toEqual([null, null, null]);
    // A different baseline changes the deltas, not the rows.
    expect(parameterDiff([run({ a: 1 }), run({ a: 4 })], 1)[0]!.deltas).toEqual([-3, 0]);
  });

  it('lists method and data set first when they differ, and everything when asked', () => {
    const rows = parameterDiff([run({ threshold: 0.5 }, 'linear-regression'), run({ C: 1 }, 'logistic-regression')]);
    expect(rows.map((r) => r.path)).toEqual(['method', 'C', 'threshold']);
    expect(parameterDiff([run({ a: 1 }), run({ a: 1 })], 0, false).map((r) => r.path)).toEqual(['method', 'dataset', 'a']);
  });

  it('summarises key parameters and metrics per run', () => {
    expect(keyParams({ method: 'mlp-gd', params: { layers: [{ units: 2, activation: 'relu' }, { units: 1, activation: 'sigmoid' }], optimizer: { name: 'sgd', lr: 0.1 }, epochs: 10, rng: { seed: 3 } } })).toBe(
      '2 relu → 1 sigmoid; name=sgd, lr=0.1, epochs=10, seed=3',
    );
    const row = comparisonRow({ id: 'r1', name: 'n', method: 'linear-regression', dataset: 'xor', datasetName: 'XOR', datasetVersion: 1, status: 'completed', metrics: { accuracy: 0.5, loss: Number.NaN }, timings: { totalMs: 12 }, tags: [], notes: '', experimentId: null, parentId: null, archived: false, deleted: false, createdAt: '', finishedAt: null, params: { threshold: 0.5 } });
    expect(row).toMatchObject({ accuracy: 0.5, loss: null, timeMs: 12, keyParams: 'threshold=0.5' });
  });
});
