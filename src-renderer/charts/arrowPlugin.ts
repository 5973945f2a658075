import type { Plugin } from 'chart.js';
import { chartTheme } from './theme';

export interface Arrow {
  from: [number, number];
  to: [number, number];
}

const HEAD_PX = 10;

/** Draws an arrow between two points in data coordinates, over the data (the attack: x⁰ → x). */
export function arrowPlugin(arrow: () => Arrow | null): Plugin<'scatter'> {
  return {
    id: 'attackArrow',
    afterDatasetsDraw(chart) {
      const current = arrow();
      const x = chart.scales.x;
      const y = chart.scales.y;
      if (!current || !x || !y) return;
      const x1 = x.getPixelForValue(current.from[0]);
      const y1 = y.getPixelForValue(current.from[1]);
      const x2 = x.getPixelForValue(current.to[0]);
      const y2 = y.getPixelForValue(current.to[1]);
      const length = Math.hypot(x2 - x1, y2 - y1);
      if (length < 1) return;
      const angle = Math.atan2(y2 - y1, x2 - x1);
      const { ctx } = chart;
      ctx.save();
      ctx.strokeStyle = chartTheme().contour;
      ctx.fillStyle = ctx.strokeStyle;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(x1, y1);
      ctx.lineTo(x2 - Math.cos(angle) * HEAD_PX * 0.8, y2 - Math.sin(angle) * HEAD_PX * 0.8);
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(x2, y2);
      ctx.lineTo(x2 - HEAD_PX * Math.cos(angle - Math.PI / 7), y2 - HEAD_PX * Math.sin(angle - Math.PI / 7));
      ctx.lineTo(x2 - HEAD_PX * Math.cos(angle + Math.PI / 7), y2 - HEAD_PX * Math.sin(angle + Math.PI / 7));
      ctx.closePath();
      ctx.fill();
      ctx.restore();
    },
  };
}
