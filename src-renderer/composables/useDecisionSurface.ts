import { computed, type Ref } from 'vue';
import type { DecisionGrid } from '../../shared/contracts/runs';
import { gridStep, isFlat, renderHeatmap } from '../charts/grid';
import { marchingSquares, type Segment } from '../charts/marchingSquares';
import { chartTheme } from '../charts/theme';
import { activeTheme } from './useTheme';

/** The heat-map image and the decision contour (in data coordinates) of a decision grid. */
export function useDecisionSurface(grid: Readonly<Ref<DecisionGrid | null>>) {
  const flat = computed(() => (grid.value ? isFlat(grid.value) : false));

  // Repainted on a theme switch: the heat map fades into the page background.
  const image = computed(() => {
    void activeTheme.value;
    return grid.value ? renderHeatmap(grid.value, chartTheme().heatBase) : null;
  });

  const contour = computed<Segment[]>(() => {
    const value = grid.value;
    if (!value || flat.value) return [];
    const n = value.resolution;
    const [xmin, , ymin] = value.bounds;
    const { dx, dy } = gridStep(value);
    return marchingSquares(value.values, n, n, value.level).map(([x1, y1, x2, y2]) => [xmin + x1 * dx, ymin + y1 * dy, xmin + x2 * dx, ymin + y2 * dy]);
  });

  return { flat, image, contour };
}
