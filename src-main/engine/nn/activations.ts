/**
 * The activation table: every activation's mathematics in one place, in each
 * form the engine uses — the value and derivative (forward passes, the local
 * solver), the range over an interval (bound propagation), array loops and
 * JavaScript source of the same formulas (the trainers' loops and generated
 * kernels, which must compute bit for bit what the scalar forms compute), and
 * the ReLU's smooth surrogates (the local attack formulations).
 */
import type { ActivationName, Layer, OutputHead } from '../../../shared/domain/network';

/** The parameters an activation's formulas read. */
export interface ActivationParams {
  /** Negative slope of leaky_relu. */
  alpha: number;
  /** Sharpness of softplus: log(1 + e^{βz}) / β. */
  beta: number;
}

export interface ActivationSpec extends ActivationParams {
  name: ActivationName;
}

export const defaultActivationParams: Readonly<ActivationParams> = { alpha: 0.01, beta: 1 };

export function activationOf(layer: Pick<Layer, 'activation' | 'alpha' | 'beta'>): ActivationSpec {
  return { name: layer.activation, alpha: layer.alpha ?? defaultActivationParams.alpha, beta: layer.beta ?? defaultActivationParams.beta };
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

/** Names the generated kernels give the layer's parameters (see train/mlp.ts). */
export interface KernelNames {
  alpha: string;
  beta: string;
}

/** One activation's mathematics. */
export interface Activation {
  /** f(z). */
  value(z: number, p: ActivationParams): number;
  /** f′(z), given also a = f(z) (sigmoid and tanh are cheaper from a). At a kink, the left derivative (relu: 0 at 0). */
  derivative(z: number, a: number, p: ActivationParams): number;
  /** The range of f over [l, u]. */
  range(l: number, u: number, p: ActivationParams): [number, number];
  /** A[i] = f(Z[i]) for i < n (A may be Z itself for the identity). */
  valuesInto(Z: Float64Array, A: Float64Array, n: number, p: ActivationParams): void;
  /** G[i] ← G[i]·f′(Z[i]) for i < n, where A = f(Z). */
  scaleByDerivative(Z: Float64Array, A: Float64Array, G: Float64Array, n: number, p: ActivationParams): void;
  /**
   * The same formulas as JavaScript expressions over the given identifiers, for
   * generated kernels, which have `sigmoid` and `softplus` in scope.
   */
  source: {
    value(z: string, p: KernelNames): string;
    /** g·f′(z), with a = f(z). */
    scaleByDerivative(g: string, z: string, a: string, p: KernelNames): string;
  };
}

/** A smooth stand-in for the ReLU with a shape parameter. */
export interface Surrogate {
  value(z: number, shape: number): number;
  slope(z: number, shape: number): number;
}

/** Range of a nondecreasing f over [l, u]. */
function monotoneRange(f: (z: number) => number, l: number, u: number): [number, number] {
  return [f(l), f(u)];
}

const identity: Activation = {
  value: (z) => z,
  derivative: () => 1,
  range: (l, u) => [l, u],
  valuesInto(Z, A, n) {
    if (A !== Z) A.set(Z.subarray(0, n));
  },
  scaleByDerivative() {},
  source: { value: (z) => z, scaleByDerivative: (g) => g },
};

const reluValue = (z: number): number => (z > 0 ? z : 0);

const relu = {
  value: reluValue,
  derivative: (z) => (z > 0 ? 1 : 0),
  range: (l, u) => monotoneRange(reluValue, l, u),
  valuesInto(Z, A, n) {
    for (let i = 0; i < n; i++) {
      const z = Z[i]!;
      A[i] = z > 0 ? z : 0;
    }
  },
  scaleByDerivative(Z, _A, G, n) {
    for (let i = 0; i < n; i++) G[i] = Z[i]! > 0 ? G[i]! : 0;
  },
  source: {
    value: (z) => `${z} > 0 ? ${z} : 0`,
    scaleByDerivative: (g, z) => `${z} > 0 ? ${g} : 0`,
  },
  /**
   * Smooth surrogates of the ReLU, each with the slope the local solver
   * differentiates by. sqrt: (z + √(z² + ε))/2, exactly the ReLU at ε = 0
   * (slope ½ at the kink then); ε > 0 rounds the kink over a width of about
   * √ε and overestimates the ReLU by at most √ε/2. softplus: log(1 + e^{βz})/β,
   * the softplus activation itself.
   */
  surrogates: {
    sqrt: {
      value(z, epsilon) {
        if (epsilon === 0) return z > 0 ? z : 0;
        // (z + √(z²+ε))/2 = ε / (2(√(z²+ε) − z)) avoids cancellation for z ≪ 0.
        return z >= 0 ? (z + Math.sqrt(z * z + epsilon)) / 2 : epsilon / (2 * (Math.sqrt(z * z + epsilon) - z));
      },
      slope(z, epsilon) {
        if (epsilon === 0) return z > 0 ? 1 : z < 0 ? 0 : 0.5;
        const r = Math.sqrt(z * z + epsilon);
        return (1 + z / r) / 2;
      },
    },
    softplus: {
      value: (z, beta) => softplus(z, beta),
      slope: (z, beta) => sigmoid(beta * z),
    },
  },
} satisfies Activation & { surrogates: Record<'sqrt' | 'softplus', Surrogate> };

const leakyRelu: Activation = {
  value: (z, p) => (z > 0 ? z : p.alpha * z),
  derivative: (z, _a, p) => (z > 0 ? 1 : p.alpha),
  range(l, u, p) {
    // Monotone only for α ≥ 0: the extremes lie at the ends or at the kink.
    const ends = [l, u, ...(l < 0 && u > 0 ? [0] : [])].map((z) => (z > 0 ? z : p.alpha * z));
    return [Math.min(...ends), Math.max(...ends)];
  },
  valuesInto(Z, A, n, p) {
    const alpha = p.alpha;
    for (let i = 0; i < n; i++) {
      const z = Z[i]!;
      A[i] = z > 0 ? z : alpha * z;
    }
  },
  scaleByDerivative(Z, _A, G, n, p) {
    const alpha = p.alpha;
    for (let i = 0; i < n; i++) if (!(Z[i]! > 0)) G[i] = G[i]! * alpha;
  },
  source: {
    value: (z, p) => `${z} > 0 ? ${z} : ${p.alpha} * ${z}`,
    scaleByDerivative: (g, z, _a, p) => `${z} > 0 ? ${g} : ${g} * ${p.alpha}`,
  },
};

const sigmoidActivation: Activation = {
  value: sigmoid,
  derivative: (_z, s) => s * (1 - s),
  range: (l, u) => monotoneRange(sigmoid, l, u),
  valuesInto(Z, A, n) {
    for (let i = 0; i < n; i++) A[i] = sigmoid(Z[i]!);
  },
  scaleByDerivative(_Z, A, G, n) {
    for (let i = 0; i < n; i++) {
      const s = A[i]!;
      G[i] = G[i]! * (s * (1 - s));
    }
  },
  source: {
    value: (z) => `sigmoid(${z})`,
    scaleByDerivative: (g, _z, a) => `${g} * (${a} * (1 - ${a}))`,
  },
};

const tanh: Activation = {
  value: Math.tanh,
  derivative: (_z, t) => 1 - t * t,
  range: (l, u) => monotoneRange(Math.tanh, l, u),
  valuesInto(Z, A, n) {
    for (let i = 0; i < n; i++) A[i] = Math.tanh(Z[i]!);
  },
  scaleByDerivative(_Z, A, G, n) {
    for (let i = 0; i < n; i++) {
      const t = A[i]!;
      G[i] = G[i]! * (1 - t * t);
    }
  },
  source: {
    value: (z) => `Math.tanh(${z})`,
    scaleByDerivative: (g, _z, a) => `${g} * (1 - ${a} * ${a})`,
  },
};

const softplusActivation: Activation = {
  value: (z, p) => softplus(z, p.beta),
  derivative: (z, _a, p) => sigmoid(p.beta * z),
  range: (l, u, p) => [softplus(l, p.beta), softplus(u, p.beta)],
  valuesInto(Z, A, n, p) {
    const beta = p.beta;
    for (let i = 0; i < n; i++) A[i] = softplus(Z[i]!, beta);
  },
  scaleByDerivative(Z, _A, G, n, p) {
    const beta = p.beta;
    for (let i = 0; i < n; i++) G[i] = G[i]! * sigmoid(beta * Z[i]!);
  },
  source: {
    value: (z, p) => `softplus(${z}, ${p.beta})`,
    scaleByDerivative: (g, z, _a, p) => `${g} * sigmoid(${p.beta} * ${z})`,
  },
};

export const activations = {
  identity,
  relu,
  leaky_relu: leakyRelu,
  sigmoid: sigmoidActivation,
  tanh,
  softplus: softplusActivation,
} as const satisfies Record<ActivationName, Activation>;

export function activate(spec: ActivationSpec, z: number): number {
  return activations[spec.name].value(z, spec);
}

/** Derivative with respect to the pre-activation z. */
export function activationDerivative(spec: ActivationSpec, z: number): number {
  const f: Activation = activations[spec.name];
  return f.derivative(z, f.value(z, spec), spec);
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
