/**
 * Per-layer weight initialisers, drawn from the numpy-compatible generator.
 *
 * A layer's weight matrix has shape (out × in) and is drawn in row-major order
 * (W[0][0], W[0][1], …, W[1][0], …), exactly like `np.random.randn(out, in) * std`
 * or `np.random.uniform(-limit, limit, (out, in))`. Biases are zero except for
 * the PyTorch initialiser, which draws the bias after the weights.
 *
 * | spec                                   | weights                                   |
 * | -------------------------------------- | ----------------------------------------- |
 * | `{dist: 'zeros'}`                      | 0                                         |
 * | `{dist: 'normal', std}`                | randn · std (numeric std)                 |
 * | `{dist: 'normal', std: 'he'}`          | randn · √(2 / fan_in)                     |
 * | `{dist: 'normal', std: 'glorot'}`      | randn · √(2 / (fan_in + fan_out))         |
 * | `{dist: 'uniform', limit}`             | uniform(−limit, limit)                    |
 * | `{dist: 'uniform', limit: 'he'}`       | limit = √(6 / fan_in)                     |
 * | `{dist: 'uniform', limit: 'glorot'}`   | limit = √(6 / (fan_in + fan_out))         |
 * | `{dist: 'pytorch'}`                    | W, then b ~ uniform(−1/√fan_in, 1/√fan_in) |
 *
 * 'pytorch' is torch.nn.Linear's default (kaiming_uniform_ with a = √5, which
 * works out to the bound 1/√fan_in, and the same bound for the bias); only the
 * distribution is PyTorch's, the numbers come from the numpy generator.
 */
import type { NumpyRandomState } from './rng';

export { initSpecSchema, type InitSpec } from '../../../shared/domain/params/training';
import type { InitSpec } from '../../../shared/domain/params/training';


/**
 * The initialiser used when a layer does not name one: He normal for the
 * ReLU family (relu, leaky_relu, softplus), Glorot normal otherwise (sigmoid,
 * tanh, identity, softmax outputs).
 */
export function defaultInitFor(activation: string): InitSpec {
  return activation === 'relu' || activation === 'leaky_relu' || activation === 'softplus'
    ? { dist: 'normal', std: 'he' }
    : { dist: 'normal', std: 'glorot' };
}

/** The standard deviation a normal initialiser uses for a layer of this shape. */
export function normalStd(std: number | 'he' | 'glorot', fanIn: number, fanOut: number): number {
  if (std === 'he') return Math.sqrt(2 / fanIn);
  if (std === 'glorot') return Math.sqrt(2 / (fanIn + fanOut));
  return std;
}

/** The bound a uniform initialiser uses for a layer of this shape. */
export function uniformLimit(limit: number | 'he' | 'glorot', fanIn: number, fanOut: number): number {
  if (limit === 'he') return Math.sqrt(6 / fanIn);
  if (limit === 'glorot') return Math.sqrt(6 / (fanIn + fanOut));
  return limit;
}

/**
 * Fills one layer's weights `W` (row-major, out × in, length out·in) and bias `b`
 * (length out, or null when the layer has no bias) from `rng`, in numpy's order.
 */
export function initLayer(
  spec: InitSpec,
  fanIn: number,
  fanOut: number,
  rng: NumpyRandomState,
  W: Float64Array,
  b: Float64Array | null,
): void {
  const count = fanIn * fanOut;
  if (W.length !== count) throw new RangeError(`W has ${W.length} entries, expected ${fanOut}×${fanIn}`);
  if (b) b.fill(0);
  switch (spec.dist) {
    case 'zeros':
      W.fill(0);
      return;
    case 'normal': {
      const std = normalStd(spec.std, fanIn, fanOut);
      for (let i = 0; i < count; i++) W[i] = rng.standardNormal() * std;
      return;
    }
    case 'uniform': {
      const limit = uniformLimit(spec.limit, fanIn, fanOut);
      for (let i = 0; i < count; i++) W[i] = rng.uniform(-limit, limit);
      return;
    }
    case 'pytorch': {
      const bound = 1 / Math.sqrt(fanIn);
      for (let i = 0; i < count; i++) W[i] = rng.uniform(-bound, bound);
      if (b) for (let i = 0; i < fanOut; i++) b[i] = rng.uniform(-bound, bound);
      return;
    }
  }
}
