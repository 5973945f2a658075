/** The bundled digits rows and the digits network, as tests and benchmarks use them. */
import type { MlpParamsInput } from '../../src-main/engine/train/mlp';
import { loadDigits } from '../../src-main/services/builtin-datasets';

/** assets/datasets/digits.csv.gz through the app's own loader: 1,797 rows of 64 pixels scaled to [0, 1], labels 0..9. */
export function digitsRows(): { X: number[][]; y: number[] } {
  const { X, y } = loadDigits().data;
  return { X, y };
}

/** The digits network: 64-32-16-10 ReLU, Adam lr 0.01, 20 epochs, batch 128, softmax cross-entropy, default seed and init. */
export const digitsNetSpec: MlpParamsInput = {
  layers: [
    { units: 32, activation: 'relu' },
    { units: 16, activation: 'relu' },
    { units: 10, activation: 'softmax' },
  ],
  loss: 'cross_entropy',
  optimizer: { name: 'adam', lr: 0.01 },
  epochs: 20,
  batchSize: 128,
};
