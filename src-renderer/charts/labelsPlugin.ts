import type { Plugin } from 'chart.js';
import { chartTheme } from './theme';

const LINE_HEIGHT = 12;

/**
 * Writes a text label beside each point. Points that land on the same pixel (as several
 * samples do after a ReLU) get their labels stacked, so that the collision is visible.
 */
export function pointLabelsPlugin(labelAt: (datasetIndex: number, index: number) => string | undefined): Plugin<'scatter'> {
  return {
    id: 'pointLabels',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const used = new Map<string, number>();
      const theme = chartTheme();
      ctx.save();
      ctx.font = `11px ${chart.options.font?.family ?? 'sans-serif'}`;
      ctx.fillStyle = theme.label;
      // A halo in the background colour keeps labels legible over the heat map and over points.
      ctx.strokeStyle = theme.labelHalo;
      ctx.lineWidth = 3;
      ctx.lineJoin = 'round';
      ctx.textBaseline = 'bottom';
      chart.data.datasets.forEach((_dataset, datasetIndex) => {
        if (!chart.isDatasetVisible(datasetIndex)) return;
        chart.getDatasetMeta(datasetIndex).data.forEach((element, index) => {
          const label = labelAt(datasetIndex, index);
          if (!label) return;
          const key = `${Math.round(element.x)}:${Math.round(element.y)}`;
          const stacked = used.get(key) ?? 0;
          used.set(key, stacked + 1);
          const x = element.x + 6;
          const y = element.y - 4 - stacked * LINE_HEIGHT;
          ctx.strokeText(label, x, y);
          ctx.fillText(label, x, y);
        });
      });
      ctx.restore();
    },
  };
}
