import { Chart } from './register';
import { hexToRgb } from './palette';

/** Colours of everything on a chart that is not data: they follow the light or dark theme. */
export interface ChartTheme {
  text: string;
  grid: string;
  /** Sample labels and their halo, which keeps them readable over the heat map and the points. */
  label: string;
  labelHalo: string;
  /** The ring around each data point, so that overlapping points stay apart. */
  pointBorder: string;
  /** The heat map fades from this colour (no decision either way) to the class colours. */
  heatBase: [number, number, number];
  contour: string;
}

// The light theme's values, used if the style sheet has not loaded (or in a test without one).
const fallback: Record<string, string> = {
  '--chart-text': '#444444',
  '--chart-grid': 'rgba(0, 0, 0, 0.1)',
  '--chart-label': '#222222',
  '--chart-label-halo': 'rgba(255, 255, 255, 0.75)',
  '--chart-point-border': '#ffffff',
  '--chart-heat-base': '#ffffff',
  '--chart-contour': '#1d2329',
};

/** Read from the CSS variables in styles/app.css, so that the page and its charts share one definition. */
export function chartTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string) => style.getPropertyValue(name).trim() || fallback[name] || '#808080';
  const heatBase = read('--chart-heat-base');
  return {
    text: read('--chart-text'),
    grid: read('--chart-grid'),
    label: read('--chart-label'),
    labelHalo: read('--chart-label-halo'),
    pointBorder: read('--chart-point-border'),
    heatBase: /^#[0-9a-f]{6}$/i.test(heatBase) ? hexToRgb(heatBase) : [255, 255, 255],
    contour: read('--chart-contour'),
  };
}

/** Axis text, ticks and grid lines of every chart come from chart.js's defaults: point them at the theme. */
export function applyChartDefaults(theme: ChartTheme = chartTheme()): void {
  Chart.defaults.color = theme.text;
  Chart.defaults.borderColor = theme.grid;
}
