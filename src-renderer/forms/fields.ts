import type { z } from 'zod';

/** Field errors keyed by the dotted path of the parameter they belong to ("optimizer.lr", "layers.1.units"). */
export type FieldErrors = Record<string, string>;

/** The params a form builds, and whether the method's schema accepts them. */
export interface ParamsCheck {
  params: Record<string, unknown>;
  errors: FieldErrors;
  ok: boolean;
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A number field's text as a parameter value: blank means "not given" (the schema default applies),
 * anything that is not plainly a number becomes NaN so that the schema reports it at that field.
 * Number() alone would read "" as 0 and "0x10" as 16.
 */
export function numberFromText(text: string): number | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  return NUMBER_TEXT.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** zod's messages name types ("expected int, received number"); a form should name what to type. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const received = (issue as { received?: unknown }).received;
      if (issue.expected === 'int') return 'Enter a whole number.';
      if (issue.expected === 'number') return received === 'NaN' ? 'Enter a number, e.g. 0.1 or 1e-3.' : 'Required.';
      return issue.message;
    }
    case 'too_small':
      return `Must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}.`;
    case 'too_big':
      return `Must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}.`;
    default:
      return issue.message;
  }
}

/** The first problem at each path; a form shows one message per field. */
export function errorsByPath(issues: readonly z.core.$ZodIssue[], prefix = ''): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = prefix + issue.path.map(String).join('.');
    errors[path] ??= issueMessage(issue);
  }
  return errors;
}

/** Validates built params with a method's own schema (the one the services use). */
export function checkParams(schema: z.ZodType, params: Record<string, unknown>, extraErrors: FieldErrors = {}): ParamsCheck {
  const parsed = schema.safeParse(params);
  const errors = { ...(parsed.success ? {} : errorsByPath(parsed.error.issues)), ...extraErrors };
  return { params, errors, ok: Object.keys(errors).length === 0 };
}

/** Leaves out keys whose value is undefined, so that the spec shows only what was given. */
export function defined<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}
