import { computed, reactive, watch, type Ref } from 'vue';
import { useRouter } from 'vue-router';
import { adversarialParamsSchema, attackFormulations, type AttackFormulation } from '../../shared/domain/params/attack';
import type { RunSpecInput } from '../../shared/domain/run';
import { checkParams, defined, numberFromText, type ParamsCheck } from '../forms/fields';
import { formulationTitle } from '../results/attack';
import { useAttacksStore } from '../stores/attacks';

export { attackFormulations };

export const attackCriteria = ['all-others', 'any', 'target'] as const;
export type AttackCriterionChoice = (typeof attackCriteria)[number];

/** Text as typed; blank optional fields take the schema's defaults. */
export interface AttackDraft {
  /** Id of the run whose model is attacked. */
  network: string;
  sample: string;
  split: 'test' | 'train' | 'all';
  norm: 'l1' | 'linf';
  criterion: AttackCriterionChoice;
  target: string;
  margin: string;
  formulation: AttackFormulation;
  beta: string;
  tightening: 'none' | 'interval' | 'lp';
  timeLimit: string;
}

/** The spec of issue 7 as written: test sample 0, all-others, margin 0.01, L1, MIP with LP tightening. */
export function attackDefaults(): AttackDraft {
  return { network: '', sample: '0', split: 'test', norm: 'l1', criterion: 'all-others', target: '0', margin: '0.01', formulation: 'mip', beta: '1', tightening: 'lp', timeLimit: '120' };
}

/** The formulations "Compare formulations" runs, in the order of the comparison table. */
export const comparedFormulations: readonly { formulation: AttackFormulation; beta?: number }[] = [
  { formulation: 'mip' },
  { formulation: 'lp-relaxation' },
  { formulation: 'sqrt-relu' },
  { formulation: 'softplus', beta: 1 },
  { formulation: 'softplus', beta: 5 },
];

export function attackParams(draft: AttackDraft): Record<string, unknown> {
  const target = numberFromText(draft.target);
  return defined({
    network: draft.network,
    sample: numberFromText(draft.sample),
    split: draft.split,
    norm: draft.norm,
    criterion: draft.criterion === 'target' ? { target: target ?? Number.NaN } : draft.criterion,
    margin: numberFromText(draft.margin),
    formulation: draft.formulation,
    // β means nothing outside softplus; leaving it out keeps the spec honest.
    beta: draft.formulation === 'softplus' ? numberFromText(draft.beta) : undefined,
    tightening: draft.tightening,
    timeLimit: numberFromText(draft.timeLimit),
  });
}

/**
 * Form state of `adversarial`: the network is chosen among the completed runs with a model on the
 * chosen data set (and the right input size), then checked by the schema the services use.
 */
export function useAttackForm(datasetId: Readonly<Ref<string>>, features: Readonly<Ref<number | null>>, shown: Readonly<Ref<boolean>>) {
  const attacks = useAttacksStore();
  const router = useRouter();
  const draft = reactive<AttackDraft>(attackDefaults());

  function reset(): void {
    Object.assign(draft, { ...attackDefaults(), network: draft.network });
  }

  // Listing networks costs a request per candidate run: only while the attack form is open.
  watch(
    () => [shown.value, datasetId.value, features.value] as const,
    ([isShown, id, count]) => {
      if (isShown && id) void attacks.loadNetworkChoices(id, count);
    },
    { immediate: true },
  );

  const choices = computed(() => (attacks.networkChoicesFor === datasetId.value ? attacks.networkChoices : []));

  // The newest trained network is the likely target; a choice from another data set is dropped.
  watch(
    choices,
    (list) => {
      if (!list.some((choice) => choice.id === draft.network)) draft.network = list[0]?.id ?? '';
    },
    { immediate: true },
  );

  const params = computed(() => attackParams(draft));

  const check = computed<ParamsCheck>(() => {
    const extra: Record<string, string> = {};
    if (!draft.network) {
      extra.network = attacks.networkChoicesLoading ? 'Looking for trained networks…' : 'No trained network on this data set: train one first (e.g. Gradient descent, or a preset).';
    }
    const result = checkParams(adversarialParamsSchema, params.value, extra);
    // The target class lives inside the criterion object; the form shows it at its own field.
    const targetError = result.errors['criterion.target'] ?? (draft.criterion === 'target' ? result.errors.criterion : undefined);
    return targetError ? { ...result, errors: { ...result.errors, target: targetError } } : result;
  });

  /** One spec per compared formulation, everything else as in the form. */
  const comparisonSpecs = computed<RunSpecInput[]>(() =>
    comparedFormulations.map(({ formulation, beta }) => {
      const variant = defined({ ...params.value, formulation, beta });
      return { dataset: datasetId.value, method: 'adversarial', name: `attack: ${formulationTitle(variant)}`, params: variant };
    }),
  );

  async function compare(): Promise<void> {
    if (!check.value.ok) return;
    const sample = `${draft.split} sample ${draft.sample || '0'}`;
    const network = choices.value.find((choice) => choice.id === draft.network);
    const name = `Formulation comparison: ${network?.name ?? draft.network}, ${sample}`;
    const experimentId = await attacks.startComparison(name, datasetId.value, comparisonSpecs.value);
    if (experimentId) await router.push(`/experiments/${experimentId}`);
  }

  async function importNetwork(file: File): Promise<void> {
    const id = await attacks.importNetwork(datasetId.value, file);
    if (!id) return;
    await attacks.loadNetworkChoices(datasetId.value, features.value);
    draft.network = id;
  }

  return { draft, choices, loading: computed(() => attacks.networkChoicesLoading), comparing: computed(() => attacks.comparing), check, comparisonSpecs, reset, compare, importNetwork };
}

export type AttackForm = ReturnType<typeof useAttackForm>;
