import type { Network } from '../../../shared/domain/network';
import { forward } from './forward';

export interface GridEvaluation {
  values: Float64Array;
  min: number;
  max: number;
}

/**
 * The network's first output over a resolution × resolution grid covering
 * [xmin, xmax] × [ymin, ymax], row-major with y outermost (row 0 at ymin).
 */
export function evaluateGrid(net: Network, bounds: readonly [number, number, number, number], resolution: number): GridEvaluation {
  const [xmin, xmax, ymin, ymax] = bounds;
  const values = new Float64Array(resolution * resolution);
  const point = [0, 0];
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < resolution; r++) {
    point[1] = ymin + ((ymax - ymin) * r) / (resolution - 1);
    for (let c = 0; c < resolution; c++) {
      point[0] = xmin + ((xmax - xmin) * c) / (resolution - 1);
      const v = forward(net, point)[0]!;
      values[r * resolution + c] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { values, min, max };
}

/** The data's range widened by a margin, so that no point sits on the plot's edge. */
export function dataBounds(X: readonly (readonly number[])[], margin = 0.25): [number, number, number, number] {
  let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
  for (const row of X) {
    xmin = Math.min(xmin, row[0]!);
    xmax = Math.max(xmax, row[0]!);
    ymin = Math.min(ymin, row[1]!);
    ymax = Math.max(ymax, row[1]!);
  }
  const dx = Math.max(xmax - xmin, 1e-9) * margin;
  const dy = Math.max(ymax - ymin, 1e-9) * margin;
  return [xmin - dx, xmax + dx, ymin - dy, ymax + dy];
}
