import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from '../../../../src-main/engine/highs/highs';
import { loadHighs } from '../../../../src-main/engine/highs/load-highs';
import { trainSparse } from '../../../../src-main/engine/sparse-train/train';
import { forward } from '../../../../src-main/engine/nn/forward';

const xor = { X: [[0, 0], [0, 1], [1, 0], [1, 1]], y: [0, 1, 1, 0] };
const wide = { X: [[0, 0], [0, 3], [2, 1], [5, 5], [1, 4], [3, 2]], y: [0, 1, 1, 0, 2, 1] };

describe('no optimal answer without verification: bounds from 1e2 to 1e6', () => {
  let highs: Highs;
  beforeAll(async () => {
    highs = await loadHighs();
  });

  for (const bound of [1e2, 1e3, 1e4, 1e5, 1e6]) {
    for (const [name, data] of [['XOR', xor], ['6 points with regression targets', wide]] as const) {
      it(`${name}, weight and bias bounds ${bound}: an 'optimal' answer fits by a forward pass and satisfies every row`, () => {
        const result = trainSparse(highs, data, { width: 3, weightBound: bound, biasBound: bound, mode: 'exact', timeLimit: 30 });
        console.log(`stress: ${name}, bounds ${bound}: ${result.status}`);
        expect(['optimal', 'verification-failed', 'time-limit', 'infeasible']).toContain(result.status);
        if (result.status === 'optimal') {
          const residual = Math.max(...data.X.map((x, n) => Math.abs(forward(result.model!, x)[0]! - data.y[n]!)));
          expect(residual).toBeLessThanOrEqual(1e-6);
          expect(result.metrics.maxConstraintViolation!).toBeLessThanOrEqual(1e-6 * bound);
          expect(result.provenOptimal).toBe(true);
        } else if (result.status === 'verification-failed') {
          expect(result.provenOptimal).toBe(false);
          expect(result.message).toMatch(/does not fit|breaks the model's row|violates/);
        }
      });
    }
  }

});
