import { describe, expect, it } from 'vitest';
import { accuracyOf, trainMlp } from '../../../../src-main/engine/train/mlp';
import { trainTestSplit } from '../../../../src-main/engine/train/split';
import { digitsNetSpec, digitsRows as loadDigits } from '../../../helpers/digits';

export const digitsSpec = digitsNetSpec;

describe('digits MLP', () => {
  it('64-32-16-10 ReLU + Adam reaches test accuracy ≥ 0.95 in seconds', () => {
    const { X, y } = loadDigits();
    const { train, test } = trainTestSplit(X.length);
    const data = { X: train.map((i) => X[i]!), y: train.map((i) => y[i]!) };
    const progress: number[] = [];
    const start = performance.now();
    const result = trainMlp(data, digitsSpec, { onProgress: (epoch) => progress.push(epoch) });
    const seconds = (performance.now() - start) / 1000;
    const testAccuracy = accuracyOf(result.network, test.map((i) => X[i]!), test.map((i) => y[i]!));
    console.log(
      `digits MLP: ${result.epochs} epochs (${result.steps} Adam steps) in ${seconds.toFixed(2)} s; ` +
        `train loss ${result.loss.toFixed(4)}, train accuracy ${result.accuracy.toFixed(4)}, test accuracy ${testAccuracy.toFixed(4)}`,
    );
    expect(result.status).toBe('completed');
    expect(result.epochs).toBe(20);
    expect(result.steps).toBe(20 * Math.ceil(train.length / 128));
    expect(testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(seconds).toBeLessThan(30);
    expect(progress.at(-1)).toBe(20);
    expect(result.network.output).toBe('softmax');
    expect(result.network.layers.map((l) => l.W.length)).toEqual([32, 16, 10]);
  });
});
