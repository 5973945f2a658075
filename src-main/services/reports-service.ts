import os from 'node:os';
import { ServiceError } from '../../shared/contracts/errors';
import { reportRequestSchema, type ReportRequest, type ReportsService } from '../../shared/contracts/reports';
import { appVersion } from '../paths';
import { buildHtml } from '../reports/html';
import type { PdfRenderer } from '../reports/pdf';
import { slug, type ReportInput } from '../reports/report-data';
import { buildCsv, buildJson, buildMarkdown, type ReportFile } from '../reports/text-formats';
import type { DatasetsRepo } from '../store/datasets-repo';
import type { ExperimentsRepo } from '../store/experiments-repo';
import type { RunsRepo } from '../store/runs-repo';
import { currentVersions } from './versions';

export class ReportsServiceImpl implements ReportsService {
  constructor(
    private readonly deps: { runs: RunsRepo; datasets: DatasetsRepo; experiments: ExperimentsRepo; pdf: PdfRenderer },
  ) {}

  private gather(request: ReturnType<typeof reportRequestSchema.parse>): ReportInput {
    const experiment = request.experimentId ? this.deps.experiments.get(request.experimentId) : null;
    if (request.experimentId && !experiment) throw new ServiceError('not-found', `There is no experiment '${request.experimentId}'.`);
    const ids = request.runs ?? this.deps.runs.list({ limit: 1000, offset: 0, experimentId: request.experimentId!, archived: 'include' }).runs.map((r) => r.id).reverse();
    if (ids.length === 0) throw new ServiceError('invalid-input', 'There are no runs to report on.');
    const runs = ids.map((id) => {
      const record = this.deps.runs.get(id);
      if (!record) throw new ServiceError('not-found', `There is no run '${id}'.`);
      return { record, series: this.deps.runs.series(id), dataset: this.deps.datasets.get(record.dataset, record.datasetVersion) };
    });
    const versions = currentVersions();
    return {
      title: request.title ?? (experiment ? `ReLU Lab report: ${experiment.name}` : runs.length === 1 ? `ReLU Lab report: ${runs[0]!.record.name}` : `ReLU Lab report: ${runs.length} runs`),
      generatedAt: new Date().toISOString(),
      environment: {
        'ReLU Lab': appVersion,
        solver: versions.solver ?? 'HiGHS',
        node: process.version,
        platform: `${os.type()} ${os.release()} ${process.arch}, ${os.cpus().length} cores`,
      },
      experiment,
      runs,
    };
  }

  async build(request: ReportRequest) {
    const parsed = reportRequestSchema.parse(request);
    const input = this.gather(parsed);
    const base = parsed.baseName ?? slug(input.title);
    let files: ReportFile[];
    switch (parsed.format) {
      case 'html':
        files = [{ name: `${base}.html`, mediaType: 'text/html', data: Buffer.from(buildHtml(input)) }];
        break;
      case 'md':
        files = buildMarkdown(input, base);
        break;
      case 'csv':
        files = [{ name: `${base}.csv`, mediaType: 'text/csv', data: Buffer.from(buildCsv(input)) }];
        break;
      case 'json':
        files = [{ name: `${base}.json`, mediaType: 'application/json', data: Buffer.from(buildJson(input)) }];
        break;
      case 'pdf':
        files = [{ name: `${base}.pdf`, mediaType: 'application/pdf', data: await this.deps.pdf(buildHtml(input)) }];
        break;
    }
    return { files: files.map((f) => ({ name: f.name, mediaType: f.mediaType, base64: f.data.toString('base64') })) };
  }
}
