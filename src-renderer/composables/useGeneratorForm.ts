import { computed, reactive, ref } from 'vue';
import { generatorInfo, generatorNames, generatorParamsSchema, type GeneratorName } from '../../shared/domain/params/generators';
import { checkParams, defined, numberFromText, type ParamsCheck } from '../forms/fields';
import { useDatasetsStore } from '../stores/datasets';

/** Text as typed; blank fields take the schema's defaults (shown as placeholders). */
export interface GeneratorDraft {
  generator: GeneratorName;
  n: string;
  noise: string;
  balance: string;
  classes: string;
  seed: string;
  name: string;
}

export const generatorDefaults = { n: '200', noise: '0.1', balance: '0.5', classes: '3', seed: '0' } as const;

export const generatorChoices = generatorNames.map((id) => ({ id, ...generatorInfo[id] }));

/** Only blobs and spirals take a number of classes; the others always make two. */
export function takesClasses(generator: GeneratorName): boolean {
  return generator === 'blobs' || generator === 'spirals';
}

export function useGeneratorForm(onCreated: (id: string) => void) {
  const datasets = useDatasetsStore();
  const draft = reactive<GeneratorDraft>({ generator: 'noisy-xor', n: '', noise: '', balance: '', classes: '', seed: '', name: '' });

  const classes = computed(() => (takesClasses(draft.generator) ? (numberFromText(draft.classes) ?? Number(generatorDefaults.classes)) : 2));
  /** Balance is the share of class 1, which means something only with two classes. */
  const balanceApplies = computed(() => classes.value === 2);
  const summary = computed(() => generatorInfo[draft.generator].summary);

  const check = computed<ParamsCheck>(() =>
    checkParams(
      generatorParamsSchema,
      defined({
        generator: draft.generator,
        n: numberFromText(draft.n),
        noise: numberFromText(draft.noise),
        balance: balanceApplies.value ? numberFromText(draft.balance) : undefined,
        classes: takesClasses(draft.generator) ? classes.value : undefined,
        seed: numberFromText(draft.seed),
        name: draft.name.trim() || undefined,
      }),
    ),
  );

  const submitting = ref(false);

  async function submit(): Promise<void> {
    if (!check.value.ok || submitting.value) return;
    submitting.value = true;
    try {
      const created = await datasets.generate(check.value.params as Parameters<typeof datasets.generate>[0]);
      if (created) {
        draft.name = '';
        onCreated(created.id);
      }
    } finally {
      submitting.value = false;
    }
  }

  return { draft, check, classes, balanceApplies, summary, submitting, submit };
}
