import { computed, effectScope, ref, toRaw, type Ref } from 'vue';
import type { DatasetData, Task } from '../../shared/domain/dataset';
import type { MethodInfo } from '../../shared/domain/methods';
import type { ParamsCheck } from '../forms/fields';
import { useLogisticForm } from './useLogisticForm';
import { useMilpForm } from './useMilpForm';
import { useMlpForm, type MlpTarget } from './useMlpForm';
import { useNetworkEditor } from './useNetworkEditor';
import { useSweepForm } from './useSweepForm';

/**
 * The methods a card can hold: those whose parameters the existing forms build from a data set alone.
 * An attack needs a trained network rather than a data set, so it is started from its own form.
 */
export const cardMethods = ['linear-regression', 'logistic-regression', 'mlp-gd', 'milp-train', 'sweep', 'evaluate'] as const;
export type CardMethod = (typeof cardMethods)[number];

/** What every card of the builder shares: the chosen data set, as the forms need it. */
export interface CardContext {
  features: Readonly<Ref<number | null>>;
  task: Readonly<Ref<Task | null>>;
  mlpTarget: Readonly<Ref<MlpTarget | null>>;
  data: Readonly<Ref<DatasetData | null>>;
  methodInfo(id: string): MethodInfo | null;
}

let nextCardKey = 1;

function copyOf<T>(value: T): T {
  return structuredClone(toRaw(value));
}

function createCard(context: CardContext, method: CardMethod) {
  const key = nextCardKey++;
  const selected = ref<CardMethod>(method);
  // `v-model.number` leaves an empty or partial entry as a string.
  const threshold = ref<number | string>(0.5);
  const network = useNetworkEditor(context.features);
  const mlp = useMlpForm(context.mlpTarget);
  const logistic = useLogisticForm();
  const milpTrain = useMilpForm(context.data);
  const sweep = useSweepForm({ mlp, logistic });

  const info = computed(() => context.methodInfo(selected.value));

  const taskProblem = computed(() => {
    const task = context.task.value;
    const methodInfo = info.value;
    if (!methodInfo || !task || methodInfo.tasks.includes(task)) return null;
    return `${methodInfo.title} does not apply to ${task} data sets.`;
  });

  // The same params as the single-run form builds for each method.
  const params = computed<ParamsCheck>(() => {
    switch (selected.value) {
      case 'evaluate': {
        const check = network.check.value;
        return check.ok ? { ok: true, params: { network: check.network }, errors: {} } : { ok: false, params: {}, errors: { network: check.error } };
      }
      case 'linear-regression': {
        const value = threshold.value;
        if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, params: {}, errors: { threshold: 'The threshold must be a number, e.g. 0.5.' } };
        return { ok: true, params: { threshold: value }, errors: {} };
      }
      case 'logistic-regression':
        return logistic.check.value;
      case 'mlp-gd':
        return mlp.check.value;
      case 'milp-train':
        return milpTrain.check.value;
      case 'sweep':
        return sweep.check.value;
      default:
        // Unreachable while cardMethods lists only the cases above; a method without a form cannot run from a card.
        return { ok: false, params: {}, errors: { method: 'This method has no form here.' } };
    }
  });

  /** Why this card cannot run yet, in words; null when it can. */
  const blocker = computed(() => {
    if (!info.value) return 'This method is not available.';
    if (taskProblem.value) return taskProblem.value;
    if (params.value.ok) return null;
    return selected.value === 'evaluate' ? (params.value.errors.network ?? 'The network is not valid.') : 'Correct the fields marked in red.';
  });

  return { key, method: selected, threshold, network, mlp, logistic, milpTrain, sweep, info, taskProblem, params, blocker };
}

export type MethodCard = ReturnType<typeof createCard> & { dispose(): void };

/**
 * One method card: a method and its parameter form. Cards are made from click handlers, outside any
 * component's setup, so each gets its own effect scope for its forms' watchers, stopped when removed.
 */
export function useMethodCard(context: CardContext, method: CardMethod): MethodCard {
  const scope = effectScope(true);
  const card = scope.run(() => createCard(context, method))!;
  return Object.assign(card, { dispose: () => scope.stop() });
}

/** A new card with the same method and every field as typed in `source`. */
export function duplicateMethodCard(context: CardContext, source: MethodCard): MethodCard {
  const card = useMethodCard(context, source.method.value);
  card.threshold.value = source.threshold.value;
  card.network.text.value = source.network.text.value;
  Object.assign(card.mlp.draft, copyOf(source.mlp.draft));
  Object.assign(card.logistic.draft, copyOf(source.logistic.draft));
  Object.assign(card.milpTrain.draft, copyOf(source.milpTrain.draft));
  Object.assign(card.sweep.draft, copyOf(source.sweep.draft));
  return card;
}
