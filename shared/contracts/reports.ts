import { z } from 'zod';

export const reportFormats = ['html', 'md', 'csv', 'json', 'pdf'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const reportRequestSchema = z
  .object({
    runs: z.array(z.string().min(1).max(100)).min(1).max(500).optional(),
    experimentId: z.string().min(1).max(100).optional(),
    format: z.enum(reportFormats),
    title: z.string().min(1).max(200).optional(),
    /** File name without extension; Markdown images go in `<baseName>_files/`. From the title by default. */
    baseName: z.string().regex(/^[\w.-]{1,100}$/).optional(),
  })
  .strict()
  .refine((r) => (r.runs ? 1 : 0) + (r.experimentId ? 1 : 0) === 1, { message: 'give either runs or experimentId' });
export type ReportRequest = z.input<typeof reportRequestSchema>;

export interface ReportFileOut {
  /** The first file is the report; others (Markdown images) go beside it under these relative names. */
  name: string;
  mediaType: string;
  base64: string;
}

export interface ReportsService {
  build(request: ReportRequest): Promise<{ files: ReportFileOut[] }>;
}

export const reportsArgs = {
  build: z.tuple([reportRequestSchema]),
} satisfies Record<keyof ReportsService, z.ZodType>;
