import { ref, type Ref } from 'vue';
import { downloadText } from '../dom/download';
import { useRunsStore } from '../stores/runs';

export type ModelFormat = 'lp' | 'mps';

/** Saves the MILP a run solved, as the solver-neutral text other solvers read. */
export function useModelExport(runId: Readonly<Ref<string>>) {
  const runs = useRunsStore();
  /** The format being written: the host rebuilds the model from the run's params and data, which takes a moment for big ones. */
  const exporting = ref<ModelFormat | null>(null);

  async function exportAs(format: ModelFormat): Promise<void> {
    if (exporting.value) return;
    exporting.value = format;
    try {
      const file = await runs.exportModel(runId.value, format);
      if (file) downloadText(file.fileName, file.mediaType, file.text);
    } finally {
      exporting.value = null;
    }
  }

  return { exporting, exportAs };
}
