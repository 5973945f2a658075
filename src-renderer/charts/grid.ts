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

type Rgb = [number, number, number];

const WHITE: Rgb = [255, 255, 255];
// Faint enough that the data points on top stay readable.
const MAX_TINT = 0.6;

/** The colour for a divergence t ∈ [−1, 1]: `base` (the page background) at the level, class colours away from it. */
export function heatColor(t: number, base: Rgb = WHITE): Rgb {
  const [r, g, b] = hexToRgb(classColor(t < 0 ? 0 : 1));
  const weight = MAX_TINT * Math.pow(Math.abs(t), 0.6);
  return [
    Math.round(base[0] + (r - base[0]) * weight),
    Math.round(base[1] + (g - base[1]) * weight),
    Math.round(base[2] + (b - base[2]) * weight),
  ];
}

/** The grid as an image, one pixel per sample, top row = largest y. */
export function renderHeatmap(grid: DecisionGrid, base: Rgb = WHITE): HTMLCanvasElement {
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
      const [r, g, b] = heatColor(divergence(grid, grid.values[gridRow * n + column] ?? grid.level), base);
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
