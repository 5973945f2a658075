import type { DatasetData } from '../../shared/domain/dataset';
import type { Network } from '../../shared/domain/network';
import type { RunSeriesPoint } from '../../shared/domain/run';
import { dataBounds, evaluateGrid } from '../engine/nn/grid';
import { encodePng } from './png';

const classColours: [number, number, number][] = [
  [49, 99, 181],
  [214, 84, 50],
  [46, 140, 87],
  [150, 80, 170],
  [200, 150, 30],
  [30, 150, 160],
  [120, 120, 120],
  [180, 60, 120],
  [90, 110, 40],
  [20, 20, 20],
];

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The decision boundary as a PNG: the model's first output as a blue–white–red heat map around
 * the decision level, the level's contour in black, and the data points coloured by class.
 */
export function decisionBoundaryPng(net: Network, data: DatasetData, level = 0.5, size = 320): Buffer {
  const bounds = dataBounds(data.X);
  const grid = evaluateGrid(net, bounds, size);
  const spread = Math.max(grid.max - level, level - grid.min, 1e-12);
  const rgba = new Uint8Array(size * size * 4);
  const at = (r: number, c: number) => grid.values[r * size + c]! >= level;
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const v = grid.values[row * size + col]!;
      const t = Math.max(-1, Math.min(1, (v - level) / spread));
      const base: [number, number, number] = t >= 0 ? [214, 84, 50] : [49, 99, 181];
      const w = Math.abs(t) * 0.55;
      // Image rows run top to bottom; the grid's row 0 is the lowest y.
      const i = ((size - 1 - row) * size + col) * 4;
      const edge = (col + 1 < size && at(row, col) !== at(row, col + 1)) || (row + 1 < size && at(row, col) !== at(row + 1, col));
      const colour = edge ? [0, 0, 0] : base.map((b) => Math.round(255 * (1 - w) + b * w));
      rgba.set([colour[0]!, colour[1]!, colour[2]!, 255], i);
    }
  }
  const [xmin, xmax, ymin, ymax] = bounds;
  data.X.forEach((x, n) => {
    const cx = Math.round(((x[0]! - xmin) / (xmax - xmin)) * (size - 1));
    const cy = Math.round((1 - (x[1]! - ymin) / (ymax - ymin)) * (size - 1));
    const colour = classColours[Math.round(data.y[n]!) % classColours.length]!;
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const d2 = dx * dx + dy * dy;
        const px = cx + dx;
        const py = cy + dy;
        if (d2 > 16 || px < 0 || py < 0 || px >= size || py >= size) continue;
        rgba.set(d2 > 9 ? [255, 255, 255, 255] : [...colour, 255], (py * size + px) * 4);
      }
    }
  });
  return encodePng(size, size, rgba);
}

/** Curves (loss, bounds) as an inline SVG line chart with axes and a legend. */
export function lineChartSvg(series: Record<string, RunSeriesPoint[]>, options: { title: string; xLabel: string; logY?: boolean; width?: number; height?: number }): string {
  const width = options.width ?? 560;
  const height = options.height ?? 260;
  const pad = { left: 56, right: 12, top: 28, bottom: 36 };
  const entries = Object.entries(series).filter(([, points]) => points.length > 0);
  const all = entries.flatMap(([, p]) => p);
  if (all.length === 0) return '';
  const ty = (y: number) => (options.logY ? Math.log10(Math.max(y, 1e-300)) : y);
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => ty(p.y)).filter(Number.isFinite);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  const px = (x: number) => pad.left + ((x - x0) / (x1 - x0 || 1)) * (width - pad.left - pad.right);
  const py = (y: number) => height - pad.bottom - ((ty(y) - y0) / (y1 - y0)) * (height - pad.top - pad.bottom);
  const palette = ['#3163b5', '#d65432', '#2e8c57', '#9650aa'];
  const lines = entries.map(([name, points], k) => {
    const d = points.filter((p) => Number.isFinite(ty(p.y))).map((p, i) => `${i ? 'L' : 'M'}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join('');
    return `<path d="${d}" fill="none" stroke="${palette[k % palette.length]}" stroke-width="1.6"/><text x="${pad.left + 8 + k * 140}" y="18" font-size="12" fill="${palette[k % palette.length]}">■ ${escapeXml(name)}</text>`;
  });
  const tick = (v: number) => (options.logY ? `1e${v.toFixed(1)}` : Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : v.toPrecision(3));
  const yTicks = [0, 0.5, 1].map((f) => y0 + f * (y1 - y0));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(options.title)}">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<line x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="#888"/>`,
    `<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${height - pad.bottom}" stroke="#888"/>`,
    ...yTicks.map((v) => `<text x="${pad.left - 6}" y="${(height - pad.bottom - ((v - y0) / (y1 - y0)) * (height - pad.top - pad.bottom) + 4).toFixed(1)}" font-size="10" text-anchor="end" fill="#555">${escapeXml(tick(v))}</text>`),
    `<text x="${pad.left}" y="${height - 8}" font-size="10" fill="#555">${escapeXml(String(x0))}</text>`,
    `<text x="${width - pad.right}" y="${height - 8}" font-size="10" text-anchor="end" fill="#555">${escapeXml(String(x1))}</text>`,
    `<text x="${(width / 2).toFixed(0)}" y="${height - 8}" font-size="11" text-anchor="middle" fill="#333">${escapeXml(options.xLabel)}</text>`,
    ...lines,
    '</svg>',
  ].join('');
}
