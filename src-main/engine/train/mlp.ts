/**
 * `mlp-gd`: gradient training of a dense network (any number of layers) with
 * Float64Array storage and no allocation inside the epoch loop.
 *
 * Semantics (the numpy programs in test/fixtures/numpy/ follow them exactly):
 *
 * - Initial weights come from `NumpyRandomState(rng.seed)` (= `np.random.seed`),
 *   layer by layer, each (out × in) matrix in row-major order (see nn/init.ts).
 *   Mini-batch shuffles use the same generator afterwards: at the start of each
 *   epoch the sample order is `np.random.permutation(N)`.
 * - Heads: loss `bce` → sigmoid head, `mse` → identity, `cross_entropy` →
 *   softmax. A last layer declared with activation `sigmoid` under bce (or
 *   `softmax`, or `identity`, under cross_entropy) IS the head: the produced
 *   Network gives that layer activation `identity` and puts the head in
 *   `output`, so `forward()` computes exactly what was trained. Any other last
 *   activation stays in the layer and the head is applied on top of it.
 * - One step: forward pass on the batch, loss, backprop of every gradient
 *   (∂L/∂logit = (ŷ − y)/N for bce), then the updates, output layer first,
 *   hidden layers after (the order is immaterial: all gradients are computed
 *   before any update). SGD: v ← μ·v + g, W ← W − lr·v (plain W ← W − lr·g when
 *   μ = 0). Adam (Kingma & Ba): m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ),
 *   W ← W − lr·m̂/(√v̂ + ε), t counting steps. Weight decay λ adds λ·W to the
 *   weights' gradient (L2, coupled; biases are not decayed); the reported loss
 *   is the data loss without the penalty.
 * - Epoch loss: the mean per-sample loss of the forward passes made during the
 *   epoch. Full batch: that is the loss of the weights before the epoch's update.
 * - `stopLoss` (early stop when the loss < stopLoss): full batch — checked right
 *   after the forward pass, BEFORE the update; when it holds the run stops
 *   without updating, so the returned weights are the ones whose loss fell below
 *   `stopLoss` and `epochs` is the number of updates made. Mini-batch — checked
 *   on the epoch loss at the end of the epoch (its updates done).
 * - `shouldStop()` is polled once per epoch, before the epoch starts → status
 *   `cancelled` with the weights as they are.
 * - A non-finite batch loss (or non-finite weights at the end) → status
 *   `diverged`; the returned network then holds the weights at that moment
 *   (possibly NaN/±Infinity): never present it as a trained model.
 * - The result's `loss` and `accuracy` are a final full-data evaluation of the
 *   returned weights.
 * - Speed: networks of at most 256 weights run through a generated, fully
 *   unrolled kernel (`compileBatchKernel`), larger ones through plain loops;
 *   both compute the same numbers (tested bit for bit). e^x is `expAccurate`
 *   (≈ ½ ulp, inlinable); on full-batch epochs that record nothing and cannot
 *   reach stopLoss, bce uses a lower bound of log1p instead of calling it.
 * - Default initialiser: He normal for relu/leaky_relu/softplus layers, Glorot
 *   normal for the others (nn/init.ts `defaultInitFor`).
 * - Progress: `onProgress(epoch, loss, accuracy)` every ⌈epochs / points⌉
 *   epochs (points = hooks.progressPoints, default 300) and always once at the
 *   end with the final evaluation; `history` holds the same points. A point's
 *   `epoch` counts epochs completed: full batch, (t, loss of the weights after t
 *   updates) from t = 0; mini-batch, (t, loss during epoch t) from t = 1.
 */
import { z } from 'zod';
import type { ActivationName, Network, OutputHead } from '../../../shared/domain/network';
import { activations, sigmoid, softplus, type Activation } from '../nn/activations';
import { forward, predictClass } from '../nn/forward';
import { defaultInitFor, initLayer } from '../nn/init';
import { expAccurate, headForLoss, lossAndGradient, newLossStats, type LossName, type LossStats } from '../nn/losses';
import { NumpyRandomState } from '../nn/rng';

// ---------------------------------------------------------------- params

export { mlpLayerParamsSchema, mlpParamsSchema } from '../../../shared/domain/params/training';
import { mlpParamsSchema } from '../../../shared/domain/params/training';

export type MlpParamsInput = z.input<typeof mlpParamsSchema>;
export type MlpParams = z.output<typeof mlpParamsSchema>;

// ---------------------------------------------------------------- API types

export interface MlpData {
  /** N rows of d features. */
  X: readonly (readonly number[])[];
  /** N targets: class labels (0/1 for bce, 0..K−1 for cross_entropy), or values for single-output mse. */
  y: readonly number[];
}

export interface MlpHooks {
  onProgress?: (epoch: number, loss: number, accuracy: number) => void;
  /** Polled once per epoch; true cancels the run. */
  shouldStop?: () => boolean;
  /** About how many progress points over the run (default 300). */
  progressPoints?: number;
}

export interface MlpOptions {
  /**
   * 'auto' (default): a generated unrolled kernel for networks of at most 256
   * weights, generic loops otherwise. 'loops' / 'compiled' force one (tests).
   */
  engine?: 'auto' | 'loops' | 'compiled';
  /** Start from these weights instead of the initialisers (same shapes as the spec). */
  initialNetwork?: Network;
}

export interface MlpHistory {
  epoch: number[];
  loss: number[];
  accuracy: number[];
}

export interface MlpResult {
  status: 'completed' | 'diverged' | 'cancelled';
  network: Network;
  /** Epochs actually run (full batch: the number of updates). */
  epochs: number;
  /** Optimiser steps made (= epochs for full batch). */
  steps: number;
  /** Mean data loss of `network` on the training data. */
  loss: number;
  /** Training accuracy of `network`. */
  accuracy: number;
  /** True when the run ended because the loss fell below stopLoss. */
  stoppedEarly: boolean;
  history: MlpHistory;
}

// ---------------------------------------------------------------- internals

interface LayerState {
  nIn: number;
  nOut: number;
  /** The activation's entry in the table (nn/activations.ts). */
  act: Activation;
  actName: ActivationName;
  alpha: number;
  beta: number;
  hasBias: boolean;
  W: Float64Array;
  b: Float64Array;
  gW: Float64Array;
  gb: Float64Array;
  // optimiser state: SGD velocity in m*, Adam first/second moments in m*/v*
  mW: Float64Array;
  mb: Float64Array;
  vW: Float64Array;
  vb: Float64Array;
  /** Pre-activations and activations of the current batch (rows × nOut). A === Z for identity. */
  Z: Float64Array;
  A: Float64Array;
  /** ∂L/∂A, turned into ∂L/∂Z in place during backprop (rows × nOut). */
  G: Float64Array;
}

/**
 * One batch: forward pass, loss (added to `stats`), and with `withGrad` the
 * gradients of the mean batch loss (plus weight decay) in every layer's gW/gb.
 */
type BatchKernel = (input: Float64Array, targets: Float64Array, rows: number, withGrad: boolean, exact: boolean) => void;

/** Networks up to this many weights get a generated, fully unrolled kernel. */
const COMPILE_MAX_WEIGHTS = 256;

/**
 * Generates a batch kernel specialised to one small architecture: every layer
 * unrolled, the weights held in local variables, the per-sample work fused in
 * one pass over the rows. It computes exactly what the generic loops compute —
 * the same operations on the same operands in the same order (the tests compare
 * the two paths) — but several times faster on tiny networks such as XOR's,
 * where loop control dominates. The generated source contains only integers
 * and fixed identifiers (sizes, indices, activation kinds); every real-valued
 * constant is read from the layer state, and every helper is passed in.
 */
type KernelFactory = (
  layers: readonly LayerState[],
  stats: LossStats,
  weightDecay: number,
  expAccurateFn: typeof expAccurate,
  sigmoidFn: typeof sigmoid,
  softplusFn: typeof softplus,
) => BatchKernel;

const kernelFactories = new Map<string, KernelFactory>();

function compileBatchKernel(layers: readonly LayerState[], loss: LossName, weightDecay: number, stats: LossStats): BatchKernel {
  const L = layers.length;
  const K = layers[L - 1]!.nOut;
  const D = layers[0]!.nIn;
  const src: string[] = [];
  const emit = (line: string): void => void src.push(line);
  const a = (l: number, i: number): string => (l < 0 ? `x${i}` : `a${l}_${i}`);
  const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
  const names = (l: number) => ({ alpha: `alpha${l}`, beta: `beta${l}` });

  emit('"use strict";');
  layers.forEach((layer, l) => {
    emit(`const W${l} = layers[${l}].W, b${l} = layers[${l}].b, gW${l} = layers[${l}].gW, gb${l} = layers[${l}].gb;`);
    emit(`const alpha${l} = layers[${l}].alpha, beta${l} = layers[${l}].beta;`);
  });
  emit('return function kernel(X, T, rows, withGrad, exact) {');
  // Load the weights; zero the gradient accumulators.
  layers.forEach((layer, l) => {
    for (let o = 0; o < layer.nOut; o++) {
      for (let i = 0; i < layer.nIn; i++) emit(`const w${l}_${o}_${i} = W${l}[${o * layer.nIn + i}];`);
      if (layer.hasBias) emit(`const c${l}_${o} = b${l}[${o}];`);
      emit(`let gw${l}_${o}_0 = 0${range(layer.nIn).slice(1).map((i) => `, gw${l}_${o}_${i} = 0`).join('')};`);
      if (layer.hasBias) emit(`let gc${l}_${o} = 0;`);
    }
  });
  emit('let lossSum = 0, correct = 0;');
  emit('for (let r = 0; r < rows; r++) {');
  emit(`const xo = r * ${D};`);
  for (let i = 0; i < D; i++) emit(`const x${i} = X[xo + ${i}];`);
  // Forward.
  layers.forEach((layer, l) => {
    for (let o = 0; o < layer.nOut; o++) {
      const dot = range(layer.nIn).map((i) => `${a(l - 1, i)} * w${l}_${o}_${i}`).join(' + ');
      emit(`const z${l}_${o} = ${layer.hasBias ? `(${dot}) + c${l}_${o}` : dot};`);
      emit(`const a${l}_${o} = ${layer.act.source.value(`z${l}_${o}`, names(l))};`);
    }
  });
  // Loss on the last layer's activations; g{L-1}_j = ∂(mean loss)/∂a.
  const last = L - 1;
  const v = (j: number): string => a(last, j);
  emit('const t = T[r];');
  if (loss === 'bce') {
    emit(`const e = expAccurate(-Math.abs(${v(0)}));`);
    emit(`const p = ${v(0)} >= 0 ? 1 / (1 + e) : e / (1 + e);`);
    emit(`lossSum += (${v(0)} > 0 ? ${v(0)} : 0) - t * ${v(0)} + (exact ? Math.log1p(e) : e - 0.5 * e * e);`);
    emit('if (p >= 0.5 === t >= 0.5) correct++;');
    emit(`const g${last}_0 = (p - t) / rows;`);
  } else if (loss === 'mse' && K === 1) {
    emit(`const dd = ${v(0)} - t;`);
    emit('lossSum += dd * dd;');
    emit(`if (${v(0)} >= 0.5 === t >= 0.5) correct++;`);
    emit(`const g${last}_0 = (2 * dd) / rows;`);
  } else if (loss === 'mse') {
    emit(`const denom = rows * ${K};`);
    emit('let s = 0;');
    for (let j = 0; j < K; j++) {
      emit(`const dd${j} = ${v(j)} - (${j} === t ? 1 : 0);`);
      emit(`s += dd${j} * dd${j};`);
      emit(`const g${last}_${j} = (2 * dd${j}) / denom;`);
    }
    emit(`lossSum += s / ${K};`);
    emit(`let best = 0, bv = ${v(0)};`);
    for (let j = 1; j < K; j++) emit(`if (${v(j)} > bv) { best = ${j}; bv = ${v(j)}; }`);
    emit('if (best === t) correct++;');
  } else {
    emit('let mx = -Infinity;');
    for (let j = 0; j < K; j++) emit(`if (${v(j)} > mx) mx = ${v(j)};`);
    emit('let sum = 0;');
    for (let j = 0; j < K; j++) emit(`const e${j} = expAccurate(${v(j)} - mx); sum += e${j};`);
    emit(`const vt = ${range(K).map((j) => `t === ${j} ? ${v(j)} : `).join('')}NaN;`);
    emit('lossSum += mx + Math.log(sum) - vt;');
    emit('let best = 0, bestP = -1;');
    for (let j = 0; j < K; j++) {
      emit(`const p${j} = e${j} / sum;`);
      emit(`const g${last}_${j} = (p${j} - (${j} === t ? 1 : 0)) / rows;`);
      emit(`if (p${j} > bestP) { bestP = p${j}; best = ${j}; }`);
    }
    emit('if (best === t) correct++;');
  }
  // Backward.
  emit('if (withGrad) {');
  for (let l = last; l >= 0; l--) {
    const layer = layers[l]!;
    for (let o = 0; o < layer.nOut; o++) {
      const g = `g${l}_${o}`;
      const z = `z${l}_${o}`;
      const av = `a${l}_${o}`;
      emit(`const d${l}_${o} = ${layer.act.source.scaleByDerivative(g, z, av, names(l))};`);
      for (let i = 0; i < layer.nIn; i++) emit(`gw${l}_${o}_${i} += d${l}_${o} * ${a(l - 1, i)};`);
      if (layer.hasBias) emit(`gc${l}_${o} += d${l}_${o};`);
    }
    if (l > 0) {
      for (let i = 0; i < layer.nIn; i++) {
        emit(`const g${l - 1}_${i} = ${range(layer.nOut).map((o) => `d${l}_${o} * w${l}_${o}_${i}`).join(' + ')};`);
      }
    }
  }
  emit('}'); // withGrad
  emit('}'); // rows
  emit('if (withGrad) {');
  layers.forEach((layer, l) => {
    for (let o = 0; o < layer.nOut; o++) {
      for (let i = 0; i < layer.nIn; i++) {
        const k = o * layer.nIn + i;
        emit(weightDecay > 0 ? `gW${l}[${k}] = gw${l}_${o}_${i} + weightDecay * w${l}_${o}_${i};` : `gW${l}[${k}] = gw${l}_${o}_${i};`);
      }
      if (layer.hasBias) emit(`gb${l}[${o}] = gc${l}_${o};`);
    }
  });
  emit('}');
  emit('stats.lossSum += lossSum;');
  emit('stats.correct += correct;');
  emit('};');
  const source = src.join('\n');
  // One factory per distinct source: sweeps train the same shape hundreds of times, and reusing
  // the function lets V8 keep its optimised code instead of warming up a new one each run.
  let factory = kernelFactories.get(source);
  if (!factory) {
    factory = new Function('layers', 'stats', 'weightDecay', 'expAccurate', 'sigmoid', 'softplus', source) as KernelFactory;
    if (kernelFactories.size > 64) kernelFactories.clear();
    kernelFactories.set(source, factory);
  }
  return factory(layers, stats, weightDecay, expAccurate, sigmoid, softplus);
}

function finalActivation(loss: LossName, name: ActivationName | 'softmax'): ActivationName {
  if (name === 'softmax') return 'identity';
  if (loss === 'bce' && name === 'sigmoid') return 'identity';
  return name;
}

function validateData(data: MlpData, loss: LossName, k: number): number {
  const N = data.X.length;
  if (N === 0) throw new Error('the data set has no rows');
  if (data.y.length !== N) throw new Error(`X has ${N} rows but y has ${data.y.length} entries`);
  const d = data.X[0]!.length;
  if (d === 0) throw new Error('the data set has no features');
  for (let n = 0; n < N; n++) {
    const row = data.X[n]!;
    if (row.length !== d) throw new Error(`row ${n} of X has ${row.length} features, expected ${d}`);
    for (let j = 0; j < d; j++) if (!Number.isFinite(row[j])) throw new Error(`X[${n}][${j}] is not a finite number`);
    const t = data.y[n]!;
    if (!Number.isFinite(t)) throw new Error(`y[${n}] is not a finite number`);
    if (loss === 'bce' && (t < 0 || t > 1)) throw new Error(`loss 'bce' needs targets in [0, 1]; y[${n}] = ${t}`);
    if ((loss === 'cross_entropy' || (loss === 'mse' && k > 1)) && (!Number.isInteger(t) || t < 0 || t >= k)) {
      throw new Error(`y[${n}] = ${t} is not a class index in 0..${k - 1} (the last layer has ${k} units)`);
    }
  }
  return d;
}

function toNetwork(layers: readonly LayerState[], head: OutputHead): Network {
  return {
    layers: layers.map((layer) => ({
      W: toMatrix(layer.W, layer.nOut, layer.nIn),
      b: Array.from(layer.b),
      activation: layer.actName,
      ...(layer.actName === 'leaky_relu' ? { alpha: layer.alpha } : {}),
      ...(layer.actName === 'softplus' ? { beta: layer.beta } : {}),
    })),
    output: head,
  };
}

/** Copies a network's weights into the layer state (shapes must match; a layer without bias keeps b = 0). */
function loadNetwork(net: Network, layers: readonly LayerState[]): void {
  if (net.layers.length !== layers.length) throw new Error(`the initial network has ${net.layers.length} layers, the spec ${layers.length}`);
  net.layers.forEach((src, l) => {
    const layer = layers[l]!;
    if (src.W.length !== layer.nOut || src.W.some((row) => row.length !== layer.nIn)) {
      throw new Error(`layer ${l} of the initial network is not ${layer.nOut}×${layer.nIn}`);
    }
    src.W.forEach((row, o) => row.forEach((w, i) => (layer.W[o * layer.nIn + i] = w)));
    if (layer.hasBias) src.b.forEach((v, o) => (layer.b[o] = v));
  });
}

function toMatrix(flat: Float64Array, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) out.push(Array.from(flat.subarray(r * cols, (r + 1) * cols)));
  return out;
}

// ---------------------------------------------------------------- trainer

/** Everything a run needs, preallocated: the data, the layers, the kernels. */
function setupMlp(data: MlpData, paramsInput: MlpParamsInput | MlpParams, options: MlpOptions) {
  const params = mlpParamsSchema.parse(paramsInput);
  const loss = params.loss;
  const head: OutputHead = headForLoss(loss);
  const L = params.layers.length;
  const K = params.layers[L - 1]!.units;
  const d = validateData(data, loss, K);
  const N = data.X.length;

  const fullBatch = params.batchSize === undefined || params.batchSize >= N;
  const B = fullBatch ? N : params.batchSize!;

  // Data in row-major Float64Arrays.
  const X = new Float64Array(N * d);
  const T = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    const row = data.X[n]!;
    for (let j = 0; j < d; j++) X[n * d + j] = row[j]!;
    T[n] = data.y[n]!;
  }
  const Xb = fullBatch ? X : new Float64Array(B * d);
  const Tb = fullBatch ? T : new Float64Array(B);
  const order = new Int32Array(N);
  for (let n = 0; n < N; n++) order[n] = n;

  // Layers, initialised in order from the numpy-compatible generator.
  const rng = new NumpyRandomState(params.rng.seed);
  const layers: LayerState[] = [];
  let nIn = d;
  params.layers.forEach((spec, i) => {
    const nOut = spec.units;
    const actName = i === L - 1 ? finalActivation(loss, spec.activation) : spec.activation === 'softmax' ? 'identity' : spec.activation;
    const act: Activation = activations[actName];
    const W = new Float64Array(nOut * nIn);
    const b = new Float64Array(nOut);
    initLayer(spec.init ?? defaultInitFor(spec.activation), nIn, nOut, rng, W, spec.bias ? b : null);
    const Z = new Float64Array(B * nOut);
    layers.push({
      nIn,
      nOut,
      act,
      actName,
      alpha: spec.alpha ?? 0.01,
      beta: spec.beta ?? 1,
      hasBias: spec.bias,
      W,
      b,
      gW: new Float64Array(nOut * nIn),
      gb: new Float64Array(nOut),
      mW: new Float64Array(nOut * nIn),
      mb: new Float64Array(nOut),
      vW: new Float64Array(params.optimizer.name === 'adam' ? nOut * nIn : 0),
      vb: new Float64Array(params.optimizer.name === 'adam' ? nOut : 0),
      Z,
      A: actName === 'identity' ? Z : new Float64Array(B * nOut),
      G: new Float64Array(B * nOut),
    });
    nIn = nOut;
  });
  if (options.initialNetwork) loadNetwork(options.initialNetwork, layers);
  const out = layers[L - 1]!;

  const optimizer = params.optimizer;
  const isAdam = optimizer.name === 'adam';
  const lr = optimizer.lr;
  const momentum = optimizer.name === 'sgd' ? optimizer.momentum : 0;
  const beta1 = optimizer.name === 'adam' ? optimizer.beta1 : 0;
  const beta2 = optimizer.name === 'adam' ? optimizer.beta2 : 0;
  const eps = optimizer.name === 'adam' ? optimizer.eps : 0;
  const weightDecay = params.weightDecay;
  const stats = newLossStats();

  // ---- the three kernels (closures over the preallocated state)

  const forwardPass = (input: Float64Array, rows: number): void => {
    let inp = input;
    for (let l = 0; l < L; l++) {
      const layer = layers[l]!;
      const { nIn: ni, nOut: no, W, b, Z } = layer;
      const hasBias = layer.hasBias;
      for (let r = 0; r < rows; r++) {
        const xo = r * ni;
        const zo = r * no;
        for (let o = 0; o < no; o++) {
          const wo = o * ni;
          let s = inp[xo]! * W[wo]!;
          for (let i = 1; i < ni; i++) s += inp[xo + i]! * W[wo + i]!;
          Z[zo + o] = hasBias ? s + b[o]! : s;
        }
      }
      layer.act.valuesInto(Z, layer.A, rows * no, layer);
      inp = layer.A;
    }
  };

  const backwardPass = (input: Float64Array, rows: number): void => {
    for (let l = L - 1; l >= 0; l--) {
      const layer = layers[l]!;
      const { nIn: ni, nOut: no, W, gW, gb, G } = layer;
      layer.act.scaleByDerivative(layer.Z, layer.A, G, rows * no, layer);
      const Ain = l > 0 ? layers[l - 1]!.A : input;
      // gW[o, i] = Σ_r G[r, o]·Ain[r, i];  gb[o] = Σ_r G[r, o]
      for (let o = 0; o < no; o++) {
        const wo = o * ni;
        for (let i = 0; i < ni; i++) {
          let s = 0;
          for (let r = 0; r < rows; r++) s += G[r * no + o]! * Ain[r * ni + i]!;
          gW[wo + i] = s;
        }
        if (layer.hasBias) {
          let s = 0;
          for (let r = 0; r < rows; r++) s += G[r * no + o]!;
          gb[o] = s;
        }
      }
      if (weightDecay > 0) for (let i = 0; i < gW.length; i++) gW[i] = gW[i]! + weightDecay * W[i]!;
      if (l > 0) {
        // ∂L/∂Ain[r, i] = Σ_o G[r, o]·W[o, i]
        const Gin = layers[l - 1]!.G;
        for (let r = 0; r < rows; r++) {
          const go = r * no;
          const io = r * ni;
          for (let i = 0; i < ni; i++) {
            let s = 0;
            for (let o = 0; o < no; o++) s += G[go + o]! * W[o * ni + i]!;
            Gin[io + i] = s;
          }
        }
      }
    }
  };

  const weightCount = layers.reduce((n, layer) => n + layer.W.length, 0);
  const engine = options.engine ?? 'auto';
  const loopsKernel: BatchKernel = (input, targets, rows, withGrad, exact) => {
    forwardPass(input, rows);
    lossAndGradient(loss, out.A, rows, K, targets, withGrad ? out.G : null, rows, stats, exact);
    if (withGrad) backwardPass(input, rows);
  };
  let batch = loopsKernel;
  if (engine === 'compiled' || (engine === 'auto' && weightCount <= COMPILE_MAX_WEIGHTS)) {
    try {
      batch = compileBatchKernel(layers, loss, weightDecay, stats);
    } catch (error) {
      // Code generation can be disabled (--disallow-code-generation-from-strings): the loops compute the same.
      if (engine === 'compiled') throw error;
    }
  }

  let steps = 0;
  const update = (): void => {
    steps++;
    if (isAdam) {
      const c1 = 1 - Math.pow(beta1, steps);
      const c2 = 1 - Math.pow(beta2, steps);
      for (let l = L - 1; l >= 0; l--) {
        const layer = layers[l]!;
        adamStep(layer.W, layer.gW, layer.mW, layer.vW, lr, beta1, beta2, eps, c1, c2);
        if (layer.hasBias) adamStep(layer.b, layer.gb, layer.mb, layer.vb, lr, beta1, beta2, eps, c1, c2);
      }
    } else if (momentum > 0) {
      for (let l = L - 1; l >= 0; l--) {
        const layer = layers[l]!;
        momentumStep(layer.W, layer.gW, layer.mW, lr, momentum);
        if (layer.hasBias) momentumStep(layer.b, layer.gb, layer.mb, lr, momentum);
      }
    } else {
      for (let l = L - 1; l >= 0; l--) {
        const layer = layers[l]!;
        const { W, gW } = layer;
        for (let i = 0; i < W.length; i++) W[i] = W[i]! - lr * gW[i]!;
        if (layer.hasBias) {
          const { b, gb } = layer;
          for (let i = 0; i < b.length; i++) b[i] = b[i]! - lr * gb[i]!;
        }
      }
    }
  };

  /** Loss and accuracy of the current weights on all the data (in chunks of B rows). */
  const evaluate = (): void => {
    stats.lossSum = 0;
    stats.correct = 0;
    for (let start = 0; start < N; start += B) {
      const rows = Math.min(B, N - start);
      if (start === 0 && rows === N) batch(X, T, N, false, true);
      else batch(X.subarray(start * d, (start + rows) * d), T.subarray(start, start + rows), rows, false, true);
    }
  };

  return { params, loss, head, N, d, B, fullBatch, X, T, Xb, Tb, order, rng, layers, stats, batch, update, evaluate, getSteps: () => steps };
}

export function trainMlp(data: MlpData, paramsInput: MlpParamsInput | MlpParams, hooks: MlpHooks = {}, options: MlpOptions = {}): MlpResult {
  const setup = setupMlp(data, paramsInput, options);
  const { params, head, N, d, B, fullBatch, X, T, Xb, Tb, order, rng, layers, stats, batch, update, evaluate } = setup;
  const stopLoss = params.stopLoss;
  const hasStopLoss = stopLoss !== undefined;
  // A lower bound of the loss at or above this cannot be below stopLoss (margin for rounding).
  const stopGuard = hasStopLoss ? stopLoss + Math.abs(stopLoss) * 1e-9 + 1e-300 : 0;

  // ---- progress bookkeeping (preallocated)
  const epochs = params.epochs;
  const points = Math.max(1, Math.floor(hooks.progressPoints ?? 300));
  const every = Math.max(1, Math.ceil(epochs / points));
  const capacity = Math.floor(epochs / every) + 3;
  const hEpoch = new Float64Array(capacity);
  const hLoss = new Float64Array(capacity);
  const hAcc = new Float64Array(capacity);
  let hCount = 0;
  const onProgress = hooks.onProgress;
  const shouldStop = hooks.shouldStop;
  const record = (epoch: number, lossValue: number, accuracy: number): void => {
    if (hCount > 0 && hEpoch[hCount - 1] === epoch) hCount--; // the final evaluation replaces a point of the same epoch
    if (hCount < capacity) {
      hEpoch[hCount] = epoch;
      hLoss[hCount] = lossValue;
      hAcc[hCount] = accuracy;
      hCount++;
    }
    if (onProgress) onProgress(epoch, lossValue, accuracy);
  };

  let status: MlpResult['status'] = 'completed';
  let stoppedEarly = false;
  let epoch = 0;

  // ---- the epoch loop: no allocation below this line until the result is built
  if (fullBatch) {
    for (; epoch < epochs; epoch++) {
      if (shouldStop && shouldStop()) {
        status = 'cancelled';
        break;
      }
      // The exact loss is needed for a progress point, or when it may be below
      // stopLoss; otherwise a lower bound does (see lossAndGradient).
      const recordNow = epoch % every === 0;
      stats.lossSum = 0;
      stats.correct = 0;
      batch(X, T, N, true, recordNow);
      let epochLoss = stats.lossSum / N;
      if (!Number.isFinite(epochLoss)) {
        status = 'diverged';
        break;
      }
      if (hasStopLoss && !recordNow && epochLoss < stopGuard) {
        stats.lossSum = 0;
        stats.correct = 0;
        batch(X, T, N, true, true);
        epochLoss = stats.lossSum / N;
      }
      if (recordNow) record(epoch, epochLoss, stats.correct / N);
      if (hasStopLoss && epochLoss < stopLoss) {
        stoppedEarly = true;
        break;
      }
      update();
    }
  } else {
    const shuffle = params.shuffle;
    outer: for (; epoch < epochs; ) {
      if (shouldStop && shouldStop()) {
        status = 'cancelled';
        break;
      }
      if (shuffle) rng.permutationInto(order);
      stats.lossSum = 0;
      stats.correct = 0;
      for (let start = 0; start < N; start += B) {
        const rows = Math.min(B, N - start);
        for (let r = 0; r < rows; r++) {
          const src = order[start + r]!;
          Tb[r] = T[src]!;
          const so = src * d;
          const dst = r * d;
          for (let j = 0; j < d; j++) Xb[dst + j] = X[so + j]!;
        }
        const before = stats.lossSum;
        batch(Xb, Tb, rows, true, true);
        if (!Number.isFinite(stats.lossSum - before)) {
          status = 'diverged';
          break outer;
        }
        update();
      }
      epoch++;
      const epochLoss = stats.lossSum / N;
      if (epoch % every === 0) record(epoch, epochLoss, stats.correct / N);
      if (hasStopLoss && epochLoss < stopLoss) {
        stoppedEarly = true;
        break;
      }
    }
  }

  // ---- final evaluation of the returned weights
  let finalLoss = NaN;
  let finalAccuracy = 0;
  let weightsFinite = true;
  for (const layer of layers) {
    for (let i = 0; i < layer.W.length; i++) if (!Number.isFinite(layer.W[i]!)) weightsFinite = false;
    for (let i = 0; i < layer.b.length; i++) if (!Number.isFinite(layer.b[i]!)) weightsFinite = false;
  }
  if (weightsFinite) {
    evaluate();
    finalLoss = stats.lossSum / N;
    finalAccuracy = stats.correct / N;
  }
  if (!weightsFinite || !Number.isFinite(finalLoss)) status = 'diverged';
  if (status !== 'diverged') record(epoch, finalLoss, finalAccuracy);
  else if (onProgress) onProgress(epoch, finalLoss, finalAccuracy);

  return {
    status,
    network: toNetwork(layers, head),
    epochs: epoch,
    steps: setup.getSteps(),
    loss: finalLoss,
    accuracy: finalAccuracy,
    stoppedEarly,
    history: {
      epoch: Array.from(hEpoch.subarray(0, hCount)),
      loss: Array.from(hLoss.subarray(0, hCount)),
      accuracy: Array.from(hAcc.subarray(0, hCount)),
    },
  };
}

function momentumStep(w: Float64Array, g: Float64Array, v: Float64Array, lr: number, mu: number): void {
  for (let i = 0; i < w.length; i++) {
    const vi = mu * v[i]! + g[i]!;
    v[i] = vi;
    w[i] = w[i]! - lr * vi;
  }
}

function adamStep(
  w: Float64Array,
  g: Float64Array,
  m: Float64Array,
  v: Float64Array,
  lr: number,
  beta1: number,
  beta2: number,
  eps: number,
  c1: number,
  c2: number,
): void {
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    const mi = beta1 * m[i]! + (1 - beta1) * gi;
    const vi = beta2 * v[i]! + (1 - beta2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    w[i] = w[i]! - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + eps);
  }
}

// ---------------------------------------------------------------- helpers for callers

/** Share of rows whose `predictClass(forward(network, x))` equals the label (labels ≥ 0.5 count as 1 for one output). */
export function accuracyOf(network: Network, X: readonly (readonly number[])[], y: readonly number[]): number {
  if (X.length === 0) return NaN;
  let correct = 0;
  for (let n = 0; n < X.length; n++) {
    const output = forward(network, X[n]!);
    const target = output.length === 1 ? (y[n]! >= 0.5 ? 1 : 0) : y[n]!;
    if (predictClass(output) === target) correct++;
  }
  return correct / X.length;
}

/**
 * The mean training loss (plus (λ/2)·‖W‖² when weightDecay = λ > 0) of `network`
 * (the spec's initial weights when omitted) and its gradient, through the
 * trainer's own kernel — what the gradient checks and callers that want
 * gradients use.
 */
export function mlpObjective(
  data: MlpData,
  params: MlpParamsInput | MlpParams,
  network?: Network,
  options: Omit<MlpOptions, 'initialNetwork'> = {},
): { loss: number; dataLoss: number; gradW: number[][][]; gradB: number[][]; network: Network } {
  const setup = setupMlp(data, params, network ? { ...options, initialNetwork: network } : options);
  const { layers, stats, X, T, N } = setup;
  stats.lossSum = 0;
  stats.correct = 0;
  setup.batch(X, T, N, true, true);
  const dataLoss = stats.lossSum / N;
  let penalty = 0;
  const wd = setup.params.weightDecay;
  if (wd > 0) for (const layer of layers) for (let i = 0; i < layer.W.length; i++) penalty += 0.5 * wd * layer.W[i]! * layer.W[i]!;
  return {
    loss: dataLoss + penalty,
    dataLoss,
    gradW: layers.map((layer) => toMatrix(layer.gW, layer.nOut, layer.nIn)),
    gradB: layers.map((layer) => (layer.hasBias ? Array.from(layer.gb) : Array.from({ length: layer.nOut }, () => 0))),
    network: toNetwork(layers, setup.head),
  };
}
