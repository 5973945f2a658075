import { computed, watch, type Ref } from 'vue';
import type { Dataset } from '../../shared/domain/dataset';
import type { RunRecord } from '../../shared/domain/run';
import { formatNumber } from '../format/numbers';
import { attackDetailsOf, attackOutcomeOf, formulationTitle, isLocalFormulation } from '../results/attack';
import { gridResolution } from '../results/model';
import { useAttacksStore } from '../stores/attacks';
import { useMilpBounds } from './useMilpBounds';

/** 8×8 digits: drawn as images rather than as a list of 64 numbers. */
const DIGIT_SIDE = 8;
// The plane's box reaches a little past the data and both points, so that the arrow never sits on the frame.
const PLANE_MARGIN = 0.15;

/** What the run page shows for an adversarial attack. */
export function useAttackRun(run: Readonly<Ref<RunRecord>>, dataset: Readonly<Ref<Dataset | null>>) {
  const attacks = useAttacksStore();

  const details = computed(() => attackDetailsOf(run.value));
  const outcome = computed(() => attackOutcomeOf(run.value, details.value));
  const formulation = computed(() => formulationTitle(run.value.params));
  const local = computed(() => isLocalFormulation(details.value?.formulation));
  const witness = computed(() => details.value?.witness ?? null);
  const classNames = computed<readonly string[]>(() => dataset.value?.data.classNames ?? []);

  function className(k: number | null | undefined): string {
    if (k === null || k === undefined) return '—';
    const name = classNames.value[k];
    return name && name !== String(k) ? `${k} (${name})` : String(k);
  }

  const features = computed(() => details.value?.x0?.length ?? 0);
  const isDigit = computed(() => features.value === DIGIT_SIDE * DIGIT_SIDE);
  const isPlanar = computed(() => features.value === 2);

  const images = computed(() => {
    const d = details.value;
    if (!isDigit.value || !d?.x0) return null;
    const perturbation = d.x ? d.x.map((value, i) => value - (d.x0![i] ?? 0)) : null;
    return { side: DIGIT_SIDE, original: d.x0, perturbed: d.x, perturbation };
  });

  const logits = computed(() => {
    const before = details.value?.originalLogits ?? null;
    const after = witness.value?.logits.length ? witness.value.logits : null;
    if (!before && !after) return null;
    const count = Math.max(before?.length ?? 0, after?.length ?? 0);
    return { labels: Array.from({ length: count }, (_, k) => className(k)), before, after };
  });

  /** The attacked network is a stored run's model (its id in params) or an inline network (no surface from the host). */
  const networkRunId = computed(() => (typeof run.value.params.network === 'string' ? run.value.params.network : null));

  const planeBounds = computed<[number, number, number, number] | null>(() => {
    const d = details.value;
    const rows = dataset.value?.data.X;
    if (!isPlanar.value || !d?.x0 || !rows) return null;
    const points = [...rows, d.x0, ...(d.x ? [d.x] : [])];
    const xs = points.map((p) => p[0] ?? 0);
    const ys = points.map((p) => p[1] ?? 0);
    const pad = (lo: number, hi: number): [number, number] => {
      const span = hi - lo || 1;
      return [lo - PLANE_MARGIN * span, hi + PLANE_MARGIN * span];
    };
    const [x0, x1] = pad(Math.min(...xs), Math.max(...xs));
    const [y0, y1] = pad(Math.min(...ys), Math.max(...ys));
    return [x0, x1, y0, y1];
  });

  const plane = computed(() => {
    const d = details.value;
    if (!isPlanar.value || !d?.x0) return null;
    const grid = attacks.plane?.attackRunId === run.value.id ? attacks.plane.grid : null;
    const error = networkRunId.value ? attacks.planeError : 'the attacked network was given inline, and the host draws surfaces only for stored runs.';
    return { original: d.x0, perturbed: d.x, grid, error, bounds: planeBounds.value };
  });

  watch(
    () => [run.value.id, networkRunId.value, planeBounds.value] as const,
    ([attackRunId, networkId, bounds]) => {
      if (networkId && bounds) void attacks.loadPlane(attackRunId, networkId, bounds, gridResolution(null, 160));
    },
    { immediate: true },
  );

  /** The size of the optimisation model, which is what makes a solve slow or fast. */
  const modelSize = computed(() => {
    const m = run.value.metrics;
    if (m.variables === undefined) return [];
    const rows: { label: string; value: string }[] = [
      { label: 'Variables', value: formatNumber(m.variables) },
      { label: 'Constraints', value: formatNumber(m.constraints) },
      { label: 'Binaries', value: formatNumber(m.binaries) },
      { label: 'Stable neurons', value: m.stableNeurons === undefined ? '— (not used by a local formulation)' : formatNumber(m.stableNeurons) },
      { label: 'Unstable neurons', value: m.unstableNeurons === undefined ? '—' : formatNumber(m.unstableNeurons) },
      { label: 'Made stable by tightening', value: formatNumber(m.tightenedStable) },
    ];
    if (m.nodes !== undefined) rows.push({ label: 'Branch-and-bound nodes', value: formatNumber(m.nodes) });
    return rows;
  });

  const localSolve = computed(() => {
    const l = details.value?.local;
    if (!l) return null;
    return {
      // A MIP keeps the local solve it started from (its starting solution and search radius).
      title: local.value ? 'Local solver' : 'Local solve used as the MIP’s start',
      rows: [
        { label: 'Iterations', value: formatNumber(l.iterations) },
        { label: 'Final trust radius', value: formatNumber(l.trustRadius) },
        { label: 'Constraint violation', value: formatNumber(l.violation) },
        { label: 'Stop reason', value: l.stopReason ?? '—' },
      ],
      message: l.message,
    };
  });

  const bounds = useMilpBounds(run);
  const showsBounds = computed(() => bounds.primal.value.length > 0 || bounds.dual.value.length > 0);

  return { details, outcome, formulation, local, witness, className, images, logits, plane, modelSize, localSolve, bounds, showsBounds };
}
