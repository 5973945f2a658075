import { Chart, Legend, LinearScale, PointElement, ScatterController, Tooltip } from 'chart.js';

// Only what the scatter plots use: keeps the bundle small. Lines and heat maps are drawn by our own plugins.
Chart.register(ScatterController, PointElement, LinearScale, Tooltip, Legend);

export { Chart };

// Match the application's system font and dense type.
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
Chart.defaults.font.size = 11;
Chart.defaults.color = '#444';
