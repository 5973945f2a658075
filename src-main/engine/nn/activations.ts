import type { ActivationName, Layer, OutputHead } from '../../../shared/domain/network';

export interface ActivationSpec {
  name: ActivationName;
  /** Negative slope of leaky_relu. */
  alpha: number;
  /** Sharpness of softplus: log(1 + e^{βz}) / β. */
  beta: number;
}

export function activationOf(layer: Pick<Layer, 'activation' | 'alpha' | 'beta'>): ActivationSpec {
  return { name: layer.activation, alpha: layer.alpha ?? 0.01, beta: layer.beta ?? 1 };
}

export function sigmoid(z: number): number {
  // Two branches keep exp() from overflowing for large |z|.
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function softplus(z: number, beta: number): number {
  const t = beta * z;
  // log1p(e^t) = t + log1p(e^-t) for large t: stays finite and exact.
  return (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t))) / beta;
}

export function activate(spec: ActivationSpec, z: number): number {
  switch (spec.name) {
    case 'identity':
      return z;
    case 'relu':
      return z > 0 ? z : 0;
    case 'leaky_relu':
      return z > 0 ? z : spec.alpha * z;
    case 'sigmoid':
      return sigmoid(z);
    case 'tanh':
      return Math.tanh(z);
    case 'softplus':
      return softplus(z, spec.beta);
  }
}

/** Derivative with respect to the pre-activation z. */
export function activationDerivative(spec: ActivationSpec, z: number): number {
  switch (spec.name) {
    case 'identity':
      return 1;
    case 'relu':
      return z > 0 ? 1 : 0;
    case 'leaky_relu':
      return z > 0 ? 1 : spec.alpha;
    case 'sigmoid': {
      const s = sigmoid(z);
      return s * (1 - s);
    }
    case 'tanh': {
      const t = Math.tanh(z);
      return 1 - t * t;
    }
    case 'softplus':
      return sigmoid(spec.beta * z);
  }
}

/** Applies the output head in place. */
export function applyHead(head: OutputHead, values: number[] | Float64Array): void {
  if (head === 'identity') return;
  if (head === 'sigmoid') {
    for (let i = 0; i < values.length; i++) values[i] = sigmoid(values[i]!);
    return;
  }
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    values[i] = Math.exp(values[i]! - max);
    sum += values[i]!;
  }
  for (let i = 0; i < values.length; i++) values[i] = values[i]! / sum;
}
