import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';
import type { ChartConfiguration, ChartType } from 'chart.js';
import { Chart } from '../charts/register';
import { applyChartDefaults } from '../charts/theme';
import { activeTheme, type Theme } from './useTheme';

/** The theme whose colours chart.js's defaults hold; they are global, so they change once per switch. */
let defaultsTheme: Theme | null = null;

function syncChartDefaults(): void {
  if (defaultsTheme === activeTheme.value) return;
  applyChartDefaults();
  defaultsTheme = activeTheme.value;
}

/**
 * The one place where chart.js instances live: created on mount, updated in place when the
 * reactive inputs of `configFactory` change (or the theme does), destroyed on unmount. Inline
 * plugins are fixed at creation, so they must read changing state through closures rather
 * than through the config.
 */
export function useChart<T extends ChartType>(canvas: Readonly<Ref<HTMLCanvasElement | null>>, configFactory: () => ChartConfiguration<T>): void {
  let chart: Chart<T> | null = null;
  let stopWatching: (() => void) | null = null;

  onMounted(() => {
    stopWatching = watch(
      () => {
        // Read first, so that a theme switch re-runs the factory, which may read theme colours too.
        void activeTheme.value;
        syncChartDefaults();
        return configFactory();
      },
      (config) => {
        const element = canvas.value;
        if (!element) return;
        if (!chart) {
          chart = new Chart(element, config);
          return;
        }
        chart.data = config.data;
        if (config.options) chart.options = config.options;
        chart.update('none');
      },
      { immediate: true },
    );
  });

  onBeforeUnmount(() => {
    stopWatching?.();
    chart?.destroy();
    chart = null;
  });
}
