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

// ---------------------------------------------------------------- exp

// exp(x) = 2^m · 2^(j/32) · e^r, x = (32m + j)·ln2/32 + r, |r| ≤ ln2/64.
// ln2/32 split so that k·HI is exact for every |k| < 2^16; 2^(j/32) as a
// double-double pair (values computed with Python's decimal module at 80 digits).
const INV_LN2_32 = 46.16624130844683;
const LN2_32_HI = 0.021660849392446835;
const LN2_32_LO = 5.145609244655338e-14;
const EXP_T_HI = new Float64Array([
  1.0, 1.0218971486541166, 1.0442737824274138, 1.0671404006768237, 1.0905077326652577, 1.1143867425958924,
  1.1387886347566916, 1.1637248587775775, 1.189207115002721, 1.215247359980469, 1.241857812073484, 1.2690509571917332,
  1.2968395546510096, 1.3252366431597413, 1.3542555469368927, 1.383909881963832, 1.4142135623730951, 1.4451808069770467,
  1.4768261459394993, 1.5091644275934228, 1.5422108254079407, 1.5759808451078865, 1.6104903319492543, 1.645755478153965,
  1.681792830507429, 1.718619298122478, 1.7562521603732995, 1.7947090750031072, 1.8340080864093424, 1.8741676341103,
  1.9152065613971474, 1.9571441241754002,
]);
const EXP_T_LO = new Float64Array([
  0.0, 5.109225028973444e-17, 8.551889705537965e-17, -7.899853966841582e-17, -3.046782079812471e-17,
  1.0410278456845571e-16, 8.912812676025408e-17, 3.8292048369240935e-17, 3.982015231465646e-17, -7.712630692681488e-17,
  4.658027591836937e-17, 2.667932131342186e-18, 2.5382502794888315e-17, -2.8587312100388614e-17, 7.70094837980299e-17,
  -6.770511658794786e-17, -9.667293313452913e-17, -3.0237581349939873e-17, -3.483994556892796e-17, -1.016455327754295e-16,
  7.949834809697621e-17, -1.0136916471278304e-17, 2.4707192569797888e-17, -1.0125679913674773e-16, 8.199010020581497e-17,
  -1.851380418263111e-17, 2.960140695448873e-17, 1.8227458427912087e-17, 3.283107224245627e-17, -6.122763413004143e-17,
  -1.0619946056195963e-16, 8.960767791036668e-17,
]);
/** POW2[i] = 2^(i − 1022), exact, for i = 0 … 2045. */
const POW2 = new Float64Array(2046);
POW2[0] = 2.2250738585072014e-308;
for (let i = 1; i < POW2.length; i++) POW2[i] = POW2[i - 1]! * 2;
const TWO_M54 = 5.551115123125783e-17;

/**
 * e^x with an error of about half an ulp (checked against correctly rounded
 * values in the tests), written in plain arithmetic so that the JIT inlines it:
 * it is several times faster than Math.exp, which matters in the trainer's
 * inner loop (one exp per sample and step).
 */
export function expAccurate(x: number): number {
  if (!(x <= 709.782712893384)) return x > 0 ? Infinity : NaN;
  if (x < -745.1332191019412) return 0;
  const k = Math.round(x * INV_LN2_32);
  const r = x - k * LN2_32_HI - k * LN2_32_LO;
  const j = k & 31;
  const m = (k - j) / 32;
  const p = r + r * r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720)))));
  const th = EXP_T_HI[j]!;
  const v = th + (EXP_T_LO[j]! + th * p);
  if (m > 1023) return v * POW2[2045]! * 2;
  if (m >= -1022) return v * POW2[m + 1022]!;
  return v * POW2[m + 1076]! * TWO_M54;
}

// ---------------------------------------------------------------- losses

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
 *
 * `exact = false` lets bce skip its log1p: `lossSum` then receives a lower
 * bound, using e − e²/2 ≤ log1p(e) for e = e^{−|z|} ∈ [0, 1] (tight when the
 * loss is small; finite exactly when the exact sum is). The trainer uses it on
 * epochs where it only needs to know that the loss is finite and not below
 * stopLoss. Other losses always add the exact value.
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
  exact = true,
): void {
  let lossSum = 0;
  let correct = 0;
  if (loss === 'bce') {
    for (let r = 0; r < rows; r++) {
      const z = out[r]!;
      const y = targets[r]!;
      const e = expAccurate(-Math.abs(z));
      const p = z >= 0 ? 1 / (1 + e) : e / (1 + e); // sigmoid(z), the two-branch form of activations.ts
      lossSum += (z > 0 ? z : 0) - y * z + (exact ? Math.log1p(e) : e - 0.5 * e * e);
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
      for (let j = 0; j < k; j++) {
        const e = expAccurate(out[o + j]! - max);
        if (grad) grad[o + j] = e;
        sum += e;
      }
      lossSum += max + Math.log(sum) - out[o + cls]!;
      // Predicted class on the probabilities, as predictClass(forward(...)) sees them.
      let best = 0;
      let bestP = -1;
      for (let j = 0; j < k; j++) {
        const p = (grad ? grad[o + j]! : expAccurate(out[o + j]! - max)) / sum;
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
