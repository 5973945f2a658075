import { computed, onBeforeUnmount, ref, watch, type Ref } from 'vue';
import { reportFormats, type ReportFormat, type ReportRequest } from '../../shared/contracts/reports';
import { readStored, writeStored } from '../dom/storage';
import { downloadName, saveFiles } from '../dom/saveFiles';
import { useReportsStore } from '../stores/reports';

/** What a report covers: chosen runs, or an experiment (whose report then carries its name and notes). */
export type ReportTarget = { runs: string[] } | { experimentId: string };

export const formatLabels: Record<ReportFormat, string> = {
  html: 'HTML: one self-contained file (charts, tables, specs)',
  md: 'Markdown, with its images as separate files',
  csv: 'CSV: the comparison table',
  json: 'JSON: specs and results, re-runnable',
  pdf: 'PDF (needs Chromium on this computer)',
};

const FORMAT_KEY = 'report.format';

function isReportFormat(value: unknown): value is ReportFormat {
  return typeof value === 'string' && (reportFormats as readonly string[]).includes(value);
}

export type ExportPhase = 'idle' | 'building' | 'saving' | 'done' | 'failed';

/** The report panel: a format and a title in, files saved out, with progress and errors in words. */
export function useReportExport(target: Readonly<Ref<ReportTarget>>) {
  const reports = useReportsStore();

  const format = ref<ReportFormat>(readStored(FORMAT_KEY, isReportFormat, 'html'));
  const title = ref('');
  const phase = ref<ExportPhase>('idle');
  const status = ref('');
  const hint = ref('');
  /** Set when PDF failed for want of Chromium: the panel offers HTML in one click. */
  const offerHtml = ref(false);
  const savedFiles = ref<string[]>([]);
  /** For Markdown: the folder the images must go in, beside the .md file. */
  const imageFolder = ref<string | null>(null);
  const elapsedSeconds = ref(0);
  let ticker: ReturnType<typeof setInterval> | undefined;

  watch(format, (value) => writeStored(FORMAT_KEY, value));

  const busy = computed(() => phase.value === 'building' || phase.value === 'saving');
  const empty = computed(() => 'runs' in target.value && target.value.runs.length === 0);

  function startTicker(): void {
    const started = Date.now();
    elapsedSeconds.value = 0;
    ticker = setInterval(() => (elapsedSeconds.value = Math.floor((Date.now() - started) / 1000)), 500);
  }

  function stopTicker(): void {
    clearInterval(ticker);
    ticker = undefined;
  }

  onBeforeUnmount(stopTicker);

  async function exportReport(): Promise<void> {
    if (busy.value || empty.value) return;
    const request: ReportRequest = { ...target.value, format: format.value };
    const chosenTitle = title.value.trim();
    if (chosenTitle) request.title = chosenTitle.slice(0, 200);
    phase.value = 'building';
    status.value = format.value === 'pdf' ? 'Building the report and printing it to PDF…' : 'Building the report…';
    hint.value = '';
    offerHtml.value = false;
    savedFiles.value = [];
    imageFolder.value = null;
    startTicker();
    const outcome = await reports.build(request);
    stopTicker();
    if (!outcome.ok) {
      phase.value = 'failed';
      status.value = outcome.message;
      hint.value = outcome.hint;
      offerHtml.value = outcome.pdfUnavailable;
      return;
    }
    const [report, ...images] = outcome.files;
    if (images.length && report) {
      const folder = images[0]!.name.slice(0, images[0]!.name.lastIndexOf('/'));
      imageFolder.value = folder || null;
    }
    phase.value = 'saving';
    await saveFiles(outcome.files, (index, file) => {
      status.value = outcome.files.length > 1 ? `Saving file ${index + 1} of ${outcome.files.length}: ${downloadName(file.name)}…` : `Saving ${file.name}…`;
    });
    savedFiles.value = outcome.files.map((file) => downloadName(file.name));
    phase.value = 'done';
    status.value = outcome.files.length > 1 ? `Saved ${report?.name ?? 'the report'} and ${images.length} image${images.length === 1 ? '' : 's'}.` : `Saved ${report?.name ?? 'the report'}.`;
  }

  function exportHtmlInstead(): Promise<void> {
    format.value = 'html';
    return exportReport();
  }

  return { format, title, phase, status, hint, offerHtml, savedFiles, imageFolder, elapsedSeconds, busy, empty, exportReport, exportHtmlInstead };
}
