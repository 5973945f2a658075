import { computed, reactive, watch, type Ref } from 'vue';
import type { Task } from '../../shared/domain/dataset';
import { activationNames, type ActivationName } from '../../shared/domain/network';
import { lossNames, mlpParamsSchema, type LossName } from '../../shared/domain/params/training';
import { checkParams, defined, numberFromText, type FieldErrors, type ParamsCheck } from '../forms/fields';

export const layerActivations = [...activationNames, 'softmax'] as const;
export type LayerActivation = ActivationName | 'softmax';

export const initChoices = ['default', 'zeros', 'normal', 'uniform', 'pytorch'] as const;
export type InitChoice = (typeof initChoices)[number];
export const scaleKinds = ['value', 'he', 'glorot'] as const;
export type ScaleKind = (typeof scaleKinds)[number];

export const optimizerNames = ['sgd', 'adam'] as const;
export type OptimizerName = (typeof optimizerNames)[number];

/** One dense layer as typed in the form. */
export interface LayerDraft {
  /** Stable identity for v-for while layers are added and removed. */
  key: number;
  units: string;
  activation: LayerActivation;
  alpha: string;
  beta: string;
  bias: boolean;
  init: InitChoice;
  /** normal: std; uniform: limit — a number, or the He / Glorot rule for the layer's fan. */
  scaleKind: ScaleKind;
  scaleValue: string;
}

/** Text as typed; blank optional fields take the schema's defaults (shown as placeholders). */
export interface MlpDraft {
  layers: LayerDraft[];
  loss: LossName;
  optimizer: OptimizerName;
  lr: string;
  momentum: string;
  beta1: string;
  beta2: string;
  eps: string;
  epochs: string;
  batchSize: string;
  stopLoss: string;
  weightDecay: string;
  seed: string;
}

/** What the defaults depend on: which data set, its task and how many classes it has. */
export interface MlpTarget {
  datasetId: string;
  task: Task;
  classes: number;
}

/** The head that goes with each loss: picking a loss sets the last layer's activation to it. */
const headOfLoss: Record<LossName, LayerActivation> = { bce: 'sigmoid', mse: 'identity', cross_entropy: 'softmax' };
const heads = new Set<LayerActivation>(Object.values(headOfLoss));

let nextLayerKey = 1;

function layer(units: number, activation: LayerActivation, extra: Partial<LayerDraft> = {}): LayerDraft {
  return { key: nextLayerKey++, units: String(units), activation, alpha: '', beta: '', bias: true, init: 'default', scaleKind: 'value', scaleValue: '1', ...extra };
}

function baseDraft(): Omit<MlpDraft, 'layers' | 'loss' | 'optimizer' | 'lr' | 'epochs'> {
  return { momentum: '', beta1: '', beta2: '', eps: '', batchSize: '', stopLoss: '', weightDecay: '', seed: '0' };
}

/**
 * Sensible starting points. XOR gets the 2-2-1 net of the numpy programs (issue 3) so that a
 * first run reproduces them; digits gets the 64-32-16-10 net that reaches ≥ 95 % test accuracy.
 */
export function mlpDefaults(target: MlpTarget | null): MlpDraft {
  if (target?.datasetId === 'xor') {
    return {
      ...baseDraft(),
      layers: [
        layer(2, 'relu', { init: 'normal', scaleValue: '1' }),
        layer(1, 'sigmoid', { bias: false, init: 'normal', scaleValue: '1' }),
      ],
      loss: 'bce',
      optimizer: 'sgd',
      lr: '0.1',
      epochs: '10000',
    };
  }
  if (target?.task === 'multiclass') {
    const classes = Math.max(2, target.classes);
    const big = target.datasetId === 'digits' || classes > 4;
    return {
      ...baseDraft(),
      layers: big ? [layer(32, 'relu'), layer(16, 'relu'), layer(classes, 'softmax')] : [layer(8, 'relu'), layer(classes, 'softmax')],
      loss: 'cross_entropy',
      optimizer: 'adam',
      lr: '0.01',
      epochs: big ? '20' : '500',
      batchSize: big ? '128' : '',
    };
  }
  if (target?.task === 'regression') {
    return { ...baseDraft(), layers: [layer(8, 'relu'), layer(1, 'identity')], loss: 'mse', optimizer: 'adam', lr: '0.01', epochs: '500' };
  }
  return { ...baseDraft(), layers: [layer(8, 'relu'), layer(1, 'sigmoid')], loss: 'bce', optimizer: 'adam', lr: '0.01', epochs: '500' };
}

function layerParams(draft: LayerDraft): Record<string, unknown> {
  const scale = draft.scaleKind === 'value' ? numberFromText(draft.scaleValue) : draft.scaleKind;
  const init =
    draft.init === 'default' ? undefined
    : draft.init === 'normal' ? { dist: 'normal', std: scale }
    : draft.init === 'uniform' ? { dist: 'uniform', limit: scale }
    : { dist: draft.init };
  return defined({
    units: numberFromText(draft.units),
    activation: draft.activation,
    alpha: draft.activation === 'leaky_relu' ? numberFromText(draft.alpha) : undefined,
    beta: draft.activation === 'softplus' ? numberFromText(draft.beta) : undefined,
    bias: draft.bias,
    init,
  });
}

export function mlpParams(draft: MlpDraft): Record<string, unknown> {
  const optimizer =
    draft.optimizer === 'sgd'
      ? defined({ name: 'sgd', lr: numberFromText(draft.lr), momentum: numberFromText(draft.momentum) })
      : defined({ name: 'adam', lr: numberFromText(draft.lr), beta1: numberFromText(draft.beta1), beta2: numberFromText(draft.beta2), eps: numberFromText(draft.eps) });
  const seed = numberFromText(draft.seed);
  return defined({
    layers: draft.layers.map(layerParams),
    loss: draft.loss,
    optimizer,
    epochs: numberFromText(draft.epochs),
    batchSize: numberFromText(draft.batchSize),
    stopLoss: numberFromText(draft.stopLoss),
    weightDecay: numberFromText(draft.weightDecay),
    rng: seed === undefined ? undefined : { kind: 'numpy', seed },
  });
}

/** What the schema cannot know: whether the loss and the output layer suit this data set (the services check the same). */
function dataProblems(draft: MlpDraft, target: MlpTarget | null): FieldErrors {
  const errors: FieldErrors = {};
  if (!target) return errors;
  const last = draft.layers.length - 1;
  const units = numberFromText(draft.layers[last]?.units ?? '');
  if (draft.loss === 'bce' && target.task !== 'binary') {
    errors.loss = `bce needs a binary data set; this one is ${target.task}: use ${target.task === 'multiclass' ? 'cross_entropy' : 'mse'}.`;
  }
  if (draft.loss === 'cross_entropy' && target.task === 'regression') errors.loss = 'cross_entropy needs class labels; this data set is a regression one: use mse.';
  if (draft.loss === 'cross_entropy' && target.task === 'multiclass' && units !== undefined && units < target.classes) {
    errors[`layers.${last}.units`] = `The data set has ${target.classes} classes: the last layer needs one unit per class.`;
  }
  return errors;
}

export function useMlpForm(target: Readonly<Ref<MlpTarget | null>>) {
  const draft = reactive<MlpDraft>(mlpDefaults(target.value));

  function reset(): void {
    Object.assign(draft, mlpDefaults(target.value));
  }

  // The architecture's input and output sizes come from the data set: start again from its defaults.
  watch(
    () => (target.value ? `${target.value.datasetId}:${target.value.classes}` : null),
    (key, previous) => {
      if (key && key !== previous) reset();
    },
  );

  watch(
    () => draft.loss,
    (loss) => {
      const last = draft.layers[draft.layers.length - 1];
      if (last && heads.has(last.activation)) last.activation = headOfLoss[loss];
    },
  );

  /** A new hidden layer goes just before the output layer, like the one before it. */
  function addLayer(): void {
    const hidden = draft.layers.length > 1 ? draft.layers[draft.layers.length - 2] : undefined;
    const added = hidden ? { ...hidden, key: nextLayerKey++ } : layer(8, 'relu');
    draft.layers.splice(Math.max(0, draft.layers.length - 1), 0, added);
  }

  function removeLayer(index: number): void {
    if (draft.layers.length > 1) draft.layers.splice(index, 1);
  }

  const params = computed(() => mlpParams(draft));
  const check = computed<ParamsCheck>(() => checkParams(mlpParamsSchema, params.value, dataProblems(draft, target.value)));

  return { draft, check, reset, addLayer, removeLayer };
}

export type MlpForm = ReturnType<typeof useMlpForm>;

export { lossNames };
