import type { Network } from '../../../shared/domain/network';
import type { TraceRow } from '../../../shared/domain/run';
import { activationOf, activations, applyHead, type Activation } from './activations';

export interface LayerTrace {
  pre: number[];
  post: number[];
}

/** Forward pass of one input, keeping every layer's pre-activations and activations. */
export function traceForward(net: Network, input: readonly number[]): { layers: LayerTrace[]; output: number[] } {
  const layers: LayerTrace[] = [];
  let current: readonly number[] = input;
  for (const layer of net.layers) {
    const spec = activationOf(layer);
    const value: Activation['value'] = activations[spec.name].value;
    // Plain loops: this runs per point of every decision grid.
    const units = layer.W.length;
    const pre = new Array<number>(units);
    const post = new Array<number>(units);
    for (let i = 0; i < units; i++) {
      const row = layer.W[i]!;
      let z = layer.b[i]!;
      for (let j = 0; j < row.length; j++) z += row[j]! * current[j]!;
      pre[i] = z;
      post[i] = value(z, spec);
    }
    layers.push({ pre, post });
    current = post;
  }
  const output = [...current];
  applyHead(net.output, output);
  return { layers, output };
}

export function forward(net: Network, input: readonly number[]): number[] {
  return traceForward(net, input).output;
}

/**
 * The decision a network's output stands for. One output: class 1 when it reaches
 * the threshold (0.5 for a probability or a score fitted to 0/1 labels). Several: argmax.
 */
export function predictClass(output: readonly number[], threshold = 0.5): number {
  if (output.length === 1) return output[0]! >= threshold ? 1 : 0;
  let best = 0;
  for (let i = 1; i < output.length; i++) if (output[i]! > output[best]!) best = i;
  return best;
}

export function traceRows(
  net: Network,
  X: readonly (readonly number[])[],
  y: readonly number[],
  limit: number,
  threshold = 0.5,
): TraceRow[] {
  const rows: TraceRow[] = [];
  for (let n = 0; n < Math.min(limit, X.length); n++) {
    const { layers, output } = traceForward(net, X[n]!);
    rows.push({ index: n, input: [...X[n]!], layers, output, prediction: predictClass(output, threshold), target: y[n]! });
  }
  return rows;
}
