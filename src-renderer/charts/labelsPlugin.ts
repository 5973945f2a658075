import type { Plugin } from 'chart.js';

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
      ctx.save();
      ctx.font = `11px ${chart.options.font?.family ?? 'sans-serif'}`;
      ctx.fillStyle = '#222';
      ctx.textBaseline = 'bottom';
      chart.data.datasets.forEach((_dataset, datasetIndex) => {
        if (!chart.isDatasetVisible(datasetIndex)) return;
        chart.getDatasetMeta(datasetIndex).data.forEach((element, index) => {
          const label = labelAt(datasetIndex, index);
          if (!label) return;
          const key = `${Math.round(element.x)}:${Math.round(element.y)}`;
          const stacked = used.get(key) ?? 0;
          used.set(key, stacked + 1);
          ctx.fillText(label, element.x + 6, element.y - 4 - stacked * LINE_HEIGHT);
        });
      });
      ctx.restore();
    },
  };
}
