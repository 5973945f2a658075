import { computed, reactive, type Ref } from 'vue';
import { paramsDataMismatch } from '../../shared/domain/checks';
import type { DatasetData } from '../../shared/domain/dataset';
import { explainOutputWeights, milpTrainModes, milpTrainParamsSchema, type MilpTrainMode } from '../../shared/domain/params/milp';
import { checkParams, defined, numberFromText, type ParamsCheck } from '../forms/fields';

export { milpTrainModes };

/** Text as typed; blank optional fields take the schema's defaults (shown as placeholders). */
export interface MilpDraft {
  width: string;
  weightBound: string;
  biasBound: string;
  mode: MilpTrainMode;
  lambda: string;
  timeLimit: string;
  mipGap: string;
  symmetryBreaking: boolean;
  tightening: boolean;
  /** Search level by level over connection supports when it applies (the default), or always one MILP. */
  supportSearch: boolean;
  outputBound: string;
}

/** Filled in rather than left blank, so that a first run sends the spec of issue 4 as written. */
export function milpDefaults(): MilpDraft {
  return {
    width: '2',
    weightBound: '10',
    biasBound: '10',
    mode: 'exact',
    lambda: '',
    timeLimit: '60',
    mipGap: '0',
    symmetryBreaking: true,
    tightening: true,
    supportSearch: true,
    outputBound: '',
  };
}

/** Schema defaults of the fields left blank in milpDefaults(): the placeholders. */
export const milpPlaceholders = { lambda: '0.01', outputBound: '1' } as const;

export function milpParams(draft: MilpDraft): Record<string, unknown> {
  return defined({
    width: numberFromText(draft.width),
    weightBound: numberFromText(draft.weightBound),
    biasBound: numberFromText(draft.biasBound),
    mode: draft.mode,
    // λ means nothing outside l1 mode; leaving it out keeps the spec honest.
    lambda: draft.mode === 'l1' ? numberFromText(draft.lambda) : undefined,
    timeLimit: numberFromText(draft.timeLimit),
    mipGap: numberFromText(draft.mipGap),
    // Only what differs from the defaults, so that the spec stays short.
    symmetryBreaking: draft.symmetryBreaking ? undefined : false,
    tightening: draft.tightening ? undefined : false,
    strategy: draft.supportSearch ? undefined : 'single-milp',
    outputBound: numberFromText(draft.outputBound),
  });
}

const boundsSchema = milpTrainParamsSchema.pick({ weightBound: true, biasBound: true, outputBound: true });

/** Form state of `milp-train`, checked by the schema the services use and against the chosen data set. */
export function useMilpForm(data: Readonly<Ref<DatasetData | null>>) {
  const draft = reactive<MilpDraft>(milpDefaults());

  function reset(): void {
    Object.assign(draft, milpDefaults());
  }

  const params = computed(() => milpParams(draft));

  const check = computed<ParamsCheck>(() => {
    const parsed = milpTrainParamsSchema.safeParse(params.value);
    // The data checks need complete params; the schema's own errors come first anyway.
    const problem = parsed.success && data.value ? paramsDataMismatch('milp-train', parsed.data, data.value) : null;
    return checkParams(milpTrainParamsSchema, params.value, problem ? { data: problem } : {});
  });

  /**
   * The homogeneity argument with the bounds as typed; null while one of them is not a valid
   * number, so that the sentence never quotes bounds the run would not use.
   */
  const explanation = computed(() => {
    const { weightBound, biasBound, outputBound } = params.value;
    const parsed = boundsSchema.safeParse(defined({ weightBound, biasBound, outputBound }));
    return parsed.success ? explainOutputWeights(parsed.data) : null;
  });

  return { draft, check, explanation, reset };
}

export type MilpForm = ReturnType<typeof useMilpForm>;
