import type { Plugin } from 'chart.js';
import type { DecisionGrid } from '../../shared/contracts/runs';
import { gridStep } from './grid';
import type { Segment } from './marchingSquares';
import { chartTheme } from './theme';

export interface Surface {
  grid: DecisionGrid | null;
  image: HTMLCanvasElement | null;
  /** In data coordinates. */
  contour: Segment[];
}

/** Paints the decision heat map and its level contour inside the chart area, beneath the points. */
export function surfacePlugin(surface: () => Surface): Plugin<'scatter'> {
  return {
    id: 'decisionSurface',
    beforeDatasetsDraw(chart) {
      const { grid, image, contour } = surface();
      if (!grid || !image) return;
      const { ctx, chartArea } = chart;
      const x = chart.scales.x;
      const y = chart.scales.y;
      if (!x || !y) return;
      const [xmin, xmax, ymin, ymax] = grid.bounds;
      const { dx, dy } = gridStep(grid);
      // Each sample is the centre of its pixel.
      const left = x.getPixelForValue(xmin - dx / 2);
      const right = x.getPixelForValue(xmax + dx / 2);
      const top = y.getPixelForValue(ymax + dy / 2);
      const bottom = y.getPixelForValue(ymin - dy / 2);

      ctx.save();
      ctx.beginPath();
      ctx.rect(chartArea.left, chartArea.top, chartArea.width, chartArea.height);
      ctx.clip();
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(image, left, top, right - left, bottom - top);
      if (contour.length) {
        ctx.beginPath();
        for (const [x1, y1, x2, y2] of contour) {
          ctx.moveTo(x.getPixelForValue(x1), y.getPixelForValue(y1));
          ctx.lineTo(x.getPixelForValue(x2), y.getPixelForValue(y2));
        }
        ctx.strokeStyle = chartTheme().contour;
        ctx.lineWidth = 2;
        ctx.lineCap = 'round';
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}
