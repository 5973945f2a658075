import type { DatasetSummary } from '../../shared/domain/dataset';
import type { RunRecord, RunSummary } from '../../shared/domain/run';

function fmt(value: number | undefined): string {
  if (value === undefined) return '—';
  return Number.isInteger(value) ? String(value) : value.toPrecision(6).replace(/\.?0+$/, '');
}

export function runLine(run: RunSummary): string {
  const metrics = Object.entries(run.metrics)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join(', ');
  const ms = run.timings.totalMs !== undefined ? `${run.timings.totalMs.toFixed(0)} ms` : '';
  return [run.id, run.method, run.dataset, run.status, metrics, ms, run.createdAt].join('\t');
}

export function runDetails(run: RunRecord): string {
  const lines = [
    `${run.name} (${run.id})`,
    `  method    ${run.method}`,
    `  data set  ${run.datasetName} (${run.dataset}, version ${run.datasetVersion})`,
    `  status    ${run.status}${run.error ? `: ${run.error}` : ''}`,
    `  metrics   ${Object.entries(run.metrics).map(([k, v]) => `${k} ${fmt(v)}`).join(', ') || '—'}`,
    `  time      ${run.timings.totalMs !== undefined ? `${run.timings.totalMs.toFixed(1)} ms` : '—'}`,
    `  params    ${JSON.stringify(run.params)}`,
  ];
  if (run.model) {
    run.model.layers.forEach((layer, i) => lines.push(`  layer ${i}   W ${JSON.stringify(layer.W)} b ${JSON.stringify(layer.b)} ${layer.activation}`));
  }
  return lines.join('\n');
}

export function datasetLine(d: DatasetSummary): string {
  return [d.id, d.name, d.task, `${d.rows}×${d.features}`, `v${d.version}`, d.provenance.kind].join('\t');
}
