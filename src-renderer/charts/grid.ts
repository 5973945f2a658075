import type { DecisionGrid } from '../../shared/contracts/runs';
import { classColor, hexToRgb } from './palette';

/** Grid values are samples at evenly spaced points that include both bounds. */
export function gridStep(grid: DecisionGrid): { dx: number; dy: number } {
  const [xmin, xmax, ymin, ymax] = grid.bounds;
  const intervals = Math.max(grid.resolution - 1, 1);
  return { dx: (xmax - xmin) / intervals, dy: (ymax - ymin) / intervals };
}

/** A model whose output does not change over the plot has no boundary; rounding noise would draw a false one. */
export function isFlat(grid: DecisionGrid): boolean {
  const scale = Math.max(1, Math.abs(grid.level), Math.abs(grid.min), Math.abs(grid.max));
  return grid.max - grid.min <= 1e-9 * scale;
}

/** −1 … +1: how far a value lies below or above the decision level, relative to the farthest one. */
export function divergence(grid: DecisionGrid, value: number): number {
  const span = Math.max(grid.max - grid.level, grid.level - grid.min);
  if (!(span > 0) || isFlat(grid)) return 0;
  return Math.max(-1, Math.min(1, (value - grid.level) / span));
}

const WHITE: [number, number, number] = [255, 255, 255];
// Pale enough that the data points on top stay readable.
const MAX_TINT = 0.6;

export function heatColor(t: number): [number, number, number] {
  const [r, g, b] = hexToRgb(classColor(t < 0 ? 0 : 1));
  const weight = MAX_TINT * Math.pow(Math.abs(t), 0.6);
  return [
    Math.round(WHITE[0] + (r - WHITE[0]) * weight),
    Math.round(WHITE[1] + (g - WHITE[1]) * weight),
    Math.round(WHITE[2] + (b - WHITE[2]) * weight),
  ];
}

/** The grid as an image, one pixel per sample, top row = largest y. */
export function renderHeatmap(grid: DecisionGrid): HTMLCanvasElement {
  const n = grid.resolution;
  const canvas = document.createElement('canvas');
  canvas.width = n;
  canvas.height = n;
  const context = canvas.getContext('2d');
  if (!context) return canvas;
  const image = context.createImageData(n, n);
  for (let row = 0; row < n; row++) {
    const gridRow = n - 1 - row;
    for (let column = 0; column < n; column++) {
      const [r, g, b] = heatColor(divergence(grid, grid.values[gridRow * n + column] ?? grid.level));
      const offset = (row * n + column) * 4;
      image.data[offset] = r;
      image.data[offset + 1] = g;
      image.data[offset + 2] = b;
      image.data[offset + 3] = 255;
    }
  }
  context.putImageData(image, 0, 0);
  return canvas;
}
