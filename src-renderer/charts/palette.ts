/** Class colours shared by every plot, so that class 1 looks the same in the data and in the heat map. */
export const classColors = ['#3b6fb6', '#d9603b', '#3f9b5a', '#8e5bb5', '#c9a227', '#2a9ca5', '#c4487f', '#7a6a55', '#6b7f8f', '#9aa83a'];

export function classColor(label: number): string {
  const index = Number.isInteger(label) && label >= 0 ? label % classColors.length : 0;
  return classColors[index] ?? '#555555';
}

export function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** One colour per compared run, by its position in the comparison; the same in the table and every chart. */
export function runColor(index: number): string {
  return classColor(index);
}
