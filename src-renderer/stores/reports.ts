import { defineStore } from 'pinia';
import { client } from '../api/client';
import type { ReportFileOut, ReportFormat, ReportRequest } from '../../shared/contracts/reports';
import { ServiceError } from '../../shared/contracts/errors';
import { hintFor, messageOf } from './app';

export type ReportOutcome = { ok: true; files: ReportFileOut[] } | { ok: false; message: string; hint: string; pdfUnavailable: boolean };

/** No Chromium to print with: the message says so and names the way out (HTML), so the generic hint would only repeat it. */
function isPdfUnavailable(error: unknown, format: ReportFormat): boolean {
  return error instanceof ServiceError && error.code === 'unavailable' && format === 'pdf';
}

/**
 * Builds reports on the main side. The files come back whole (base64): the panel saves them.
 * Failures are returned rather than reported, because they belong next to the Export button.
 */
export const useReportsStore = defineStore('reports', () => {
  async function build(request: ReportRequest): Promise<ReportOutcome> {
    try {
      const { files } = await client.api.reports.build(request);
      if (!files.length) return { ok: false, message: 'The report came back empty.', hint: hintFor(null), pdfUnavailable: false };
      return { ok: true, files };
    } catch (error) {
      const pdfUnavailable = isPdfUnavailable(error, request.format);
      return { ok: false, message: messageOf(error), hint: pdfUnavailable ? '' : hintFor(error), pdfUnavailable };
    }
  }

  return { build };
});
