import { classCount, type DatasetData } from './dataset';
import type { MethodId, MethodParams } from './methods';
import { inputSize } from './network';

/** What the params say about the data's shape, checked before a run is stored rather than failing in a worker. */
export function paramsDataMismatch(method: MethodId, params: unknown, data: DatasetData): string | null {
  const features = data.featureNames.length;
  if (method === 'evaluate') {
    const net = (params as MethodParams<'evaluate'>).network;
    if (inputSize(net) !== features) return `The network takes ${inputSize(net)} inputs but the data set has ${features} features.`;
  }
  if (method === 'mlp-gd') {
    const p = params as MethodParams<'mlp-gd'>;
    const units = p.layers[p.layers.length - 1]!.units;
    const classes = classCount(data);
    if (p.loss === 'bce' && data.task !== 'binary') return `Loss 'bce' needs a binary data set; this one is ${data.task}: use cross_entropy (multiclass) or mse (regression).`;
    if (p.loss === 'cross_entropy' && data.task === 'regression') return "Loss 'cross_entropy' needs class labels; this data set is a regression one: use mse.";
    if (p.loss === 'cross_entropy' && units < classes) return `The last layer has ${units} units but the data set has ${classes} classes: one unit per class is needed.`;
  }
  if (method === 'milp-train') {
    const p = params as MethodParams<'milp-train'>;
    if (p.mode === 'margin' && data.task !== 'binary') return `Margin mode needs a binary data set (labels 0 and 1); this one is ${data.task}.`;
    const rows = data.X.length - (data.testIndices?.length ?? 0);
    if (rows * p.width > 200_000) return `${rows} samples × width ${p.width} would make an MILP far too large to solve; use fewer samples or a smaller width.`;
  }
  return null;
}

