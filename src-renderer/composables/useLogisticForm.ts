import { computed, reactive } from 'vue';
import { logisticParamsSchema } from '../../shared/domain/params/training';
import { checkParams, defined, numberFromText, type ParamsCheck } from '../forms/fields';

export const logisticSolvers = ['auto', 'newton', 'lbfgs'] as const;
export type LogisticSolver = (typeof logisticSolvers)[number];

/** Text as typed; blank fields take the schema's defaults (shown as placeholders). */
export interface LogisticDraft {
  C: string;
  solver: LogisticSolver;
  maxIter: string;
  tol: string;
  fitIntercept: boolean;
}

export const logisticDefaults = { C: '1', maxIter: '1000', tol: '1e-8' } as const;

export function useLogisticForm() {
  const draft = reactive<LogisticDraft>({ C: '', solver: 'auto', maxIter: '', tol: '', fitIntercept: true });

  const check = computed<ParamsCheck>(() =>
    checkParams(
      logisticParamsSchema,
      defined({
        C: numberFromText(draft.C),
        // Only what differs from the defaults, so that the spec stays short.
        fitIntercept: draft.fitIntercept ? undefined : false,
        solver: draft.solver === 'auto' ? undefined : draft.solver,
        maxIter: numberFromText(draft.maxIter),
        tol: numberFromText(draft.tol),
      }),
    ),
  );

  return { draft, check };
}

export type LogisticForm = ReturnType<typeof useLogisticForm>;
