/** A contour piece in grid coordinates (column, row), fractional where it crosses a cell edge. */
export type Segment = [x1: number, y1: number, x2: number, y2: number];

// Cell edges: 0 bottom (corner 0→1), 1 right (1→2), 2 top (3→2), 3 left (0→3).
// Corners: 0 = (i, j), 1 = (i+1, j), 2 = (i+1, j+1), 3 = (i, j+1).
const edgesByCase: readonly (readonly [number, number][])[] = [
  [], [[3, 0]], [[0, 1]], [[3, 1]], [[1, 2]], [], [[0, 2]], [[3, 2]],
  [[3, 2]], [[0, 2]], [], [[1, 2]], [[3, 1]], [[0, 1]], [[3, 0]], [],
];

/**
 * Marching squares over a row-major grid (row = y index). Saddle cells (cases 5 and 10)
 * are resolved by the mean of the four corners, which keeps the contour from crossing itself.
 */
export function marchingSquares(values: ArrayLike<number>, columns: number, rows: number, level: number): Segment[] {
  const segments: Segment[] = [];
  const at = (i: number, j: number) => values[j * columns + i] ?? level;
  for (let j = 0; j < rows - 1; j++) {
    for (let i = 0; i < columns - 1; i++) {
      const corners = [at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)] as const;
      const code = (corners[0] >= level ? 1 : 0) | (corners[1] >= level ? 2 : 0) | (corners[2] >= level ? 4 : 0) | (corners[3] >= level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      const point = (edge: number): [number, number] => {
        const fraction = (a: number, b: number) => (a === b ? 0.5 : (level - a) / (b - a));
        switch (edge) {
          case 0: return [i + fraction(corners[0], corners[1]), j];
          case 1: return [i + 1, j + fraction(corners[1], corners[2])];
          case 2: return [i + fraction(corners[3], corners[2]), j + 1];
          default: return [i, j + fraction(corners[0], corners[3])];
        }
      };
      let pairs = edgesByCase[code] ?? [];
      if (code === 5 || code === 10) {
        const centreInside = (corners[0] + corners[1] + corners[2] + corners[3]) / 4 >= level;
        // Inside centre joins the inside corners, so the lines cut off the outside ones.
        const cutOddCorners = (code === 5) === centreInside;
        pairs = cutOddCorners ? [[0, 1], [3, 2]] : [[3, 0], [1, 2]];
      }
      for (const [from, to] of pairs) {
        const [x1, y1] = point(from);
        const [x2, y2] = point(to);
        segments.push([x1, y1, x2, y2]);
      }
    }
  }
  return segments;
}
