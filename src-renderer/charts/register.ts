import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';

// Only what the plots use: scatter (data, decision boundary), line (progress curves), bar (sweeps).
// Heat maps and contours are drawn by our own plugins.
Chart.register(ScatterController, LineController, BarController, PointElement, LineElement, BarElement, LinearScale, LogarithmicScale, CategoryScale, Tooltip, Legend);

export { Chart };

// Match the application's system font and dense type.
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
Chart.defaults.font.size = 11;
// Text and grid colours follow the theme: see charts/theme.ts.
