import type { SparseTrainData } from '../../../../src-main/engine/sparse-train/formulation';

/** The four XOR points, shared by the sparse-training tests. */
export const XOR: SparseTrainData = {
  X: [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ],
  y: [0, 1, 1, 0],
};
