import { describe, expect, it } from 'vitest';
import { loadDigits } from '../../src-main/services/builtin-datasets';
import { datasetDataSchema } from '../../shared/domain/dataset';

describe('the bundled digits data set', () => {
  const digits = loadDigits();

  it('has 1,797 images of 64 pixels in [0, 1] and 10 classes', () => {
    expect(digits.data.X).toHaveLength(1797);
    expect(digits.data.X.every((row) => row.length === 64 && row.every((v) => v >= 0 && v <= 1))).toBe(true);
    expect(new Set(digits.data.y).size).toBe(10);
    expect(datasetDataSchema.safeParse(digits.data).success).toBe(true);
  });

  it('holds out a seeded 20 % test split (359 rows, the same every time)', () => {
    expect(digits.data.testIndices).toHaveLength(359);
    expect(new Set(digits.data.testIndices).size).toBe(359);
    expect(loadDigits().data.testIndices).toEqual(digits.data.testIndices);
  });

  it('credits its source', () => {
    expect(digits.description).toMatch(/Alpaydin/);
  });
});
