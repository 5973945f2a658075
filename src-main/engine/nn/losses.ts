/**
 * Training losses, each paired with the output head it assumes, evaluated on a
 * batch held in a Float64Array (rows × k, row-major) without allocating.
 *
 * | loss            | head     | per-sample loss                          | gradient w.r.t. the head's input |
 * | --------------- | -------- | ---------------------------------------- | -------------------------------- |
 * | `bce`           | sigmoid  | max(z,0) − y·z + log1p(e^{−|z|})         | (σ(z) − y) / N                   |
 * | `mse`           | identity | Σⱼ (ŷⱼ − tⱼ)² / k                        | 2(ŷⱼ − tⱼ) / (N·k)               |
 * | `cross_entropy` | softmax  | logsumexp(z) − z_y                       | (softmax(z)ⱼ − [j = y]) / N      |
 *
 * N is the batch size, so the batch loss is the mean over samples (and, for mse,
 * over outputs: numpy's `np.mean((yhat - t)**2)`). The bce form is −[y log σ(z) +
 * (1−y) log(1−σ(z))] written so that it neither overflows nor loses digits when
 * the loss is tiny. Targets: bce a value in [0, 1] (the label); mse with one
 * output the value itself, with k > 1 outputs the class index (one-hot target);
 * cross_entropy the class index.
 *
 * Predictions counted as correct follow `predictClass` in forward.ts on the
 * head's output: one output → class 1 when ≥ 0.5; several → first argmax.
 */
import type { OutputHead } from '../../../shared/domain/network';

export const lossNames = ['bce', 'mse', 'cross_entropy'] as const;
export type LossName = (typeof lossNames)[number];

export function headForLoss(loss: LossName): OutputHead {
  return loss === 'bce' ? 'sigmoid' : loss === 'mse' ? 'identity' : 'softmax';
}

/** Accumulators filled by `lossAndGradient` (reuse one object: no allocation). */
export interface LossStats {
  /** Sum of the per-sample losses of the batch. */
  lossSum: number;
  /** Number of samples whose predicted class equals the target class. */
  correct: number;
}

export function newLossStats(): LossStats {
  return { lossSum: 0, correct: 0 };
}

/**
 * Evaluates `loss` on `rows` samples of `k` outputs each (`out`, row-major; the
 * values fed to the head, i.e. logits for bce and cross_entropy), adds the
 * per-sample losses to `stats.lossSum` and the correct predictions to
 * `stats.correct`, and writes ∂(Σ per-sample loss / scale)/∂out into `grad` when
 * it is given (scale = the batch size for the mean loss).
 */
export function lossAndGradient(
  loss: LossName,
  out: Float64Array,
  rows: number,
  k: number,
  targets: Float64Array,
  grad: Float64Array | null,
  scale: number,
  stats: LossStats,
): void {
  let lossSum = 0;
  let correct = 0;
  if (loss === 'bce') {
    for (let r = 0; r < rows; r++) {
      const z = out[r]!;
      const y = targets[r]!;
      const e = Math.exp(-Math.abs(z));
      const p = z >= 0 ? 1 / (1 + e) : e / (1 + e); // = sigmoid(z) of activations.ts, bit for bit
      lossSum += (z > 0 ? z : 0) - y * z + Math.log1p(e);
      if (grad) grad[r] = (p - y) / scale;
      if (p >= 0.5 === y >= 0.5) correct++;
    }
  } else if (loss === 'mse') {
    if (k === 1) {
      for (let r = 0; r < rows; r++) {
        const v = out[r]!;
        const d = v - targets[r]!;
        lossSum += d * d;
        if (grad) grad[r] = (2 * d) / scale;
        if (v >= 0.5 === targets[r]! >= 0.5) correct++;
      }
    } else {
      const denom = scale * k;
      for (let r = 0; r < rows; r++) {
        const o = r * k;
        const cls = targets[r]!;
        let s = 0;
        let best = 0;
        for (let j = 0; j < k; j++) {
          const v = out[o + j]!;
          const d = v - (j === cls ? 1 : 0);
          s += d * d;
          if (grad) grad[o + j] = (2 * d) / denom;
          if (v > out[o + best]!) best = j;
        }
        lossSum += s / k;
        if (best === cls) correct++;
      }
    }
  } else {
    for (let r = 0; r < rows; r++) {
      const o = r * k;
      const cls = targets[r]!;
      let max = -Infinity;
      for (let j = 0; j < k; j++) if (out[o + j]! > max) max = out[o + j]!;
      let sum = 0;
      for (let j = 0; j < k; j++) sum += Math.exp(out[o + j]! - max);
      lossSum += max + Math.log(sum) - out[o + cls]!;
      // Predicted class on the probabilities, as predictClass(forward(...)) sees them.
      let best = 0;
      let bestP = -1;
      for (let j = 0; j < k; j++) {
        const p = Math.exp(out[o + j]! - max) / sum;
        if (grad) grad[o + j] = (p - (j === cls ? 1 : 0)) / scale;
        if (p > bestP) {
          bestP = p;
          best = j;
        }
      }
      if (best === cls) correct++;
    }
  }
  stats.lossSum += lossSum;
  stats.correct += correct;
}
