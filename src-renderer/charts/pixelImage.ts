import { hexToRgb } from './palette';

export type Rgb = [number, number, number];

/** Ink on paper: 0 is white, 1 black, as the digits are usually shown. */
export function inkColor(value: number): Rgb {
  const level = Math.round(255 * (1 - Math.max(0, Math.min(1, value))));
  return [level, level, level];
}

const NEGATIVE: Rgb = hexToRgb('#3b6fb6');
const POSITIVE: Rgb = hexToRgb('#c23b22');

/**
 * Diverging map for a perturbation: blue where ink is taken away, red where it is added, white
 * for no change; full colour at ±`scale`, so that the largest change of this image is saturated.
 */
export function divergingColor(value: number, scale: number): Rgb {
  const t = scale > 0 ? Math.max(-1, Math.min(1, value / scale)) : 0;
  const end = t < 0 ? NEGATIVE : POSITIVE;
  const share = Math.abs(t);
  return [0, 1, 2].map((c) => Math.round(255 + (end[c]! - 255) * share)) as Rgb;
}

/** Paints a row-major side × side image on the whole canvas, one filled square per pixel. */
export function paintPixels(canvas: HTMLCanvasElement, values: readonly number[], side: number, color: (value: number) => Rgb): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const cell = canvas.width / side;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  for (let row = 0; row < side; row++) {
    for (let col = 0; col < side; col++) {
      const [r, g, b] = color(values[row * side + col] ?? 0);
      ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
      // Rounded edges so that neighbouring cells meet without hairline gaps.
      ctx.fillRect(Math.floor(col * cell), Math.floor(row * cell), Math.ceil(cell), Math.ceil(cell));
    }
  }
}
