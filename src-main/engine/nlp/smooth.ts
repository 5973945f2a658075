/**
 * The logits (with their Jacobian) of a dense network whose hidden ReLUs are
 * replaced by one of the ReLU's smooth surrogates of the activation table
 * (nn/activations.ts):
 *
 *  - relu: max(0, z) itself (slope 1 for z > 0, 0 for z < 0 and ½ at 0).
 *  - sqrt: (z + √(z² + ε))/2. With ε = 0 this is exactly the ReLU (DESIGN.md
 *    §6 writes it as (z + √(z²))/2). ε is in the squared units of the
 *    pre-activations.
 *  - softplus: log(1 + e^{βz})/β, a different network (overestimates the ReLU
 *    by at most log 2/β).
 *
 * Hidden identity layers stay linear; the last layer's pre-activations are the
 * logits (its activation and the output head are ignored).
 */
import type { Network } from '../../../shared/domain/network';
import { activations } from '../nn/activations';

export type Smoothing = { kind: 'relu' } | { kind: 'sqrt'; epsilon: number } | { kind: 'softplus'; beta: number };

const { sqrt, softplus } = activations.relu.surrogates;

/** 'relu' is the sqrt surrogate at ε = 0: the ReLU itself, with slope ½ at the kink. */
export function smoothValue(s: Smoothing, z: number): number {
  switch (s.kind) {
    case 'relu':
      return sqrt.value(z, 0);
    case 'sqrt':
      return sqrt.value(z, s.epsilon);
    case 'softplus':
      return softplus.value(z, s.beta);
  }
}

export function smoothSlope(s: Smoothing, z: number): number {
  switch (s.kind) {
    case 'relu':
      return sqrt.slope(z, 0);
    case 'sqrt':
      return sqrt.slope(z, s.epsilon);
    case 'softplus':
      return softplus.slope(z, s.beta);
  }
}

export interface CompiledLayer {
  rows: number;
  cols: number;
  /** Row-major rows × cols. */
  W: Float64Array;
  b: Float64Array;
  /** Nonlinearity applied to this layer's pre-activations ('logits' for the last layer). */
  kind: 'relu' | 'linear' | 'logits';
}

export interface CompiledNet {
  inputs: number;
  outputs: number;
  layers: CompiledLayer[];
}

/** Flat arrays of a network whose hidden layers are relu or identity (others are refused). */
export function compileNet(net: Network): CompiledNet {
  const L = net.layers.length;
  const layers = net.layers.map((layer, k): CompiledLayer => {
    const rows = layer.W.length;
    const cols = layer.W[0]!.length;
    const W = new Float64Array(rows * cols);
    layer.W.forEach((row, i) => row.forEach((w, j) => (W[i * cols + j] = w)));
    let kind: CompiledLayer['kind'];
    if (k === L - 1) kind = 'logits';
    else if (layer.activation === 'relu') kind = 'relu';
    else if (layer.activation === 'identity') kind = 'linear';
    else throw new Error(`layer ${k + 1} uses ${layer.activation}: the local formulations need relu (or identity) hidden layers`);
    return { rows, cols, W, b: Float64Array.from(layer.b), kind };
  });
  return { inputs: layers[0]!.cols, outputs: layers[L - 1]!.rows, layers };
}

/** Logits of the smoothed network at x. */
export function smoothLogits(net: CompiledNet, s: Smoothing, x: ArrayLike<number>): Float64Array {
  let a: ArrayLike<number> = x;
  for (const layer of net.layers) {
    const out = new Float64Array(layer.rows);
    for (let i = 0; i < layer.rows; i++) {
      let z = layer.b[i]!;
      const base = i * layer.cols;
      for (let j = 0; j < layer.cols; j++) z += layer.W[base + j]! * a[j]!;
      out[i] = layer.kind === 'relu' ? smoothValue(s, z) : z;
    }
    a = out;
  }
  return a as Float64Array;
}

/** Logits and their Jacobian (outputs × inputs, row-major) by forward-mode differentiation. */
export function smoothLogitsAndJacobian(
  net: CompiledNet,
  s: Smoothing,
  x: ArrayLike<number>,
): { logits: Float64Array; jacobian: Float64Array } {
  const d = net.inputs;
  let a: ArrayLike<number> = x;
  // J: (units of the current layer) × d; starts as the identity (implicitly).
  let J: Float64Array | null = null;
  for (const layer of net.layers) {
    const out = new Float64Array(layer.rows);
    const nextJ = new Float64Array(layer.rows * d);
    for (let i = 0; i < layer.rows; i++) {
      let z = layer.b[i]!;
      const base = i * layer.cols;
      for (let j = 0; j < layer.cols; j++) z += layer.W[base + j]! * a[j]!;
      let slope = 1;
      if (layer.kind === 'relu') {
        out[i] = smoothValue(s, z);
        slope = smoothSlope(s, z);
      } else out[i] = z;
      const row = i * d;
      if (slope === 0) continue;
      if (J === null) {
        for (let j = 0; j < d; j++) nextJ[row + j] = slope * layer.W[base + j]!;
      } else {
        for (let j = 0; j < layer.cols; j++) {
          const w = layer.W[base + j]! * slope;
          if (w === 0) continue;
          const src = j * d;
          for (let q = 0; q < d; q++) nextJ[row + q]! += w * J[src + q]!;
        }
      }
    }
    a = out;
    J = nextJ;
  }
  return { logits: a as Float64Array, jacobian: J! };
}
