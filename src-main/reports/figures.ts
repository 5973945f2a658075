import type { ReportRun } from './report-data';
import { decisionBoundaryPng, lineChartSvg } from './charts';

export interface Figure {
  /** A file name for formats that keep images beside the text. */
  name: string;
  caption: string;
  mediaType: 'image/png' | 'image/svg+xml';
  data: Buffer;
}

/** The charts a run gets in a report, drawn without a browser. */
export function figuresFor(run: ReportRun, index: number): Figure[] {
  const figures: Figure[] = [];
  const { record, dataset } = run;
  const prefix = `run-${index + 1}`;
  if (record.model && dataset && dataset.data.featureNames.length === 2 && dataset.task !== 'regression') {
    const level = typeof record.params.threshold === 'number' ? record.params.threshold : 0.5;
    figures.push({ name: `${prefix}-decision-boundary.png`, caption: 'Decision boundary: the model’s output over the data’s range (blue below, red above the decision level; black: the level contour), data points by class.', mediaType: 'image/png', data: decisionBoundaryPng(record.model, dataset.data, level) });
  }
  const loss = Object.fromEntries(Object.entries(run.series).filter(([name]) => name === 'loss' || name === 'objective'));
  if (Object.keys(loss).length) {
    const values = Object.values(loss).flat().map((p) => p.y).filter((y) => y > 0);
    const logY = values.length > 1 && Math.max(...values) / Math.min(...values) > 50;
    figures.push({ name: `${prefix}-loss.svg`, caption: `Training ${Object.keys(loss).join(' and ')} per ${record.method === 'logistic-regression' ? 'iteration' : 'epoch'}${logY ? ' (log scale)' : ''}.`, mediaType: 'image/svg+xml', data: Buffer.from(lineChartSvg(loss, { title: 'loss', xLabel: record.method === 'logistic-regression' ? 'iteration' : 'epoch', logY })) });
  }
  const bounds = Object.fromEntries(Object.entries(run.series).filter(([name]) => name === 'primal' || name === 'dual'));
  if (Object.keys(bounds).length) {
    figures.push({ name: `${prefix}-bounds.svg`, caption: 'MIP primal and dual bounds over time (s).', mediaType: 'image/svg+xml', data: Buffer.from(lineChartSvg(bounds, { title: 'bounds', xLabel: 'seconds' })) });
  }
  return figures;
}
