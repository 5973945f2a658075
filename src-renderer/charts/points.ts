import { classColor } from './palette';

export interface PlotPoint {
  x: number;
  y: number;
  /** Drawn next to the point when the plot shows labels. */
  label?: string;
}

export interface PointGroup {
  name: string;
  color: string;
  points: PlotPoint[];
}

export interface LabelledPoint {
  x: number;
  y: number;
  target: number;
  label?: string;
}

/** One group per class, so that the legend names the classes; regression targets form a single group. */
export function groupByClass(points: readonly LabelledPoint[], classNames?: readonly string[], regression = false): PointGroup[] {
  if (regression) {
    return [{ name: 'samples', color: classColor(0), points: points.map(({ x, y, label }) => ({ x, y, label })) }];
  }
  const groups = new Map<number, PointGroup>();
  for (const point of points) {
    let group = groups.get(point.target);
    if (!group) {
      group = { name: classNames?.[point.target] ?? `class ${point.target}`, color: classColor(point.target), points: [] };
      groups.set(point.target, group);
    }
    group.points.push({ x: point.x, y: point.y, label: point.label });
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, group]) => group);
}

/** Axis limits around the data with a margin, so that points never sit on the frame. */
export function paddedRange(values: readonly number[], margin = 0.1): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (!Number.isFinite(min)) return [0, 1];
  const span = max - min || Math.max(Math.abs(max), 1);
  return [min - span * margin, max + span * margin];
}
