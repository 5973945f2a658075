import type { DatasetData } from '../../../shared/domain/dataset';
import type { Network } from '../../../shared/domain/network';
import type { RunMetrics } from '../../../shared/domain/run';
import { forward, predictClass } from '../../engine/nn/forward';

export interface Rows {
  X: number[][];
  y: number[];
}

/** Training rows: every row not held out for testing. */
export function trainingRows(data: DatasetData): Rows {
  if (!data.testIndices?.length) return { X: data.X, y: data.y };
  const test = new Set(data.testIndices);
  const X: number[][] = [];
  const y: number[] = [];
  data.X.forEach((x, i) => {
    if (test.has(i)) return;
    X.push(x);
    y.push(data.y[i]!);
  });
  return { X, y };
}

export function testRows(data: DatasetData): Rows | null {
  if (!data.testIndices?.length) return null;
  return { X: data.testIndices.map((i) => data.X[i]!), y: data.testIndices.map((i) => data.y[i]!) };
}

export function accuracy(net: Network, rows: Rows): number {
  let correct = 0;
  rows.X.forEach((x, i) => {
    if (predictClass(forward(net, x)) === rows.y[i]) correct++;
  });
  return correct / rows.X.length;
}

export interface ClassReport {
  /** confusion[true][predicted] */
  confusion: number[][];
  perClassAccuracy: number[];
}

export function classReport(net: Network, rows: Rows, classes: number): ClassReport {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  rows.X.forEach((x, i) => {
    const predicted = predictClass(forward(net, x));
    const row = confusion[rows.y[i]!];
    if (row && predicted < classes) row[predicted]! += 1;
  });
  const perClassAccuracy = confusion.map((row, k) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total ? row[k]! / total : 0;
  });
  return { confusion, perClassAccuracy };
}

/** Test accuracy and, for several classes, the confusion matrix of the split the model did not see. */
export function evaluationOnSplits(net: Network, data: DatasetData): { metrics: RunMetrics; details: Record<string, unknown> } {
  const metrics: RunMetrics = {};
  const details: Record<string, unknown> = {};
  const test = testRows(data);
  if (test && data.task !== 'regression') metrics.testAccuracy = accuracy(net, test);
  if (data.task === 'multiclass') {
    const classes = Math.max(...data.y) + 1;
    details.confusion = classReport(net, test ?? trainingRows(data), classes);
    details.confusionSplit = test ? 'test' : 'train';
  }
  return { metrics, details };
}
