import type { DatasetData } from '../../../shared/domain/dataset';
import type { GeneratorParams } from '../../../shared/domain/params/generators';
import { NumpyRandomState } from '../nn/rng';

/** How many points each class gets: two classes by `balance`, more classes evenly. */
function classSizes(n: number, classes: number, balance: number): number[] {
  if (classes === 2) {
    const ones = Math.min(n - 1, Math.max(1, Math.round(n * balance)));
    return [n - ones, ones];
  }
  return Array.from({ length: classes }, (_, k) => Math.floor(n / classes) + (k < n % classes ? 1 : 0));
}

type PointMaker = (rng: NumpyRandomState, label: number, i: number, count: number, classes: number) => [number, number];

const makers: Record<GeneratorParams['generator'], PointMaker> = {
  'noisy-xor': (rng, label) => {
    // Class 1 sits on (0,1) and (1,0), class 0 on (0,0) and (1,1).
    const corner = rng.randomSample() < 0.5;
    return label === 1 ? (corner ? [0, 1] : [1, 0]) : corner ? [0, 0] : [1, 1];
  },
  circles: (rng, label) => {
    const angle = 2 * Math.PI * rng.randomSample();
    const radius = label === 1 ? 0.5 : 1;
    return [radius * Math.cos(angle), radius * Math.sin(angle)];
  },
  moons: (rng, label) => {
    const t = Math.PI * rng.randomSample();
    return label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
  },
  blobs: (rng, label, _i, _count, classes) => {
    const angle = (2 * Math.PI * label) / classes;
    return [2 * Math.cos(angle) + 0.5 * rng.standardNormal(), 2 * Math.sin(angle) + 0.5 * rng.standardNormal()];
  },
  spirals: (_rng, label, i, count, classes) => {
    const t = (i + 0.5) / count;
    const angle = 3 * Math.PI * t + (2 * Math.PI * label) / classes;
    return [t * Math.cos(angle), t * Math.sin(angle)];
  },
};

/** A two-feature classification set, reproducible from its parameters and seed. */
export function generateDataset(params: GeneratorParams): DatasetData {
  const rng = new NumpyRandomState(params.seed);
  const classes = params.generator === 'blobs' || params.generator === 'spirals' ? params.classes : 2;
  const sizes = classSizes(params.n, classes, params.balance);
  const points: { x: [number, number]; label: number }[] = [];
  sizes.forEach((count, label) => {
    for (let i = 0; i < count; i++) {
      const [a, b] = makers[params.generator](rng, label, i, count, classes);
      points.push({ x: [a + params.noise * rng.standardNormal(), b + params.noise * rng.standardNormal()], label });
    }
  });
  // Shuffled so that the rows do not come sorted by class.
  const order = rng.permutation(points.length);
  return {
    task: classes === 2 ? 'binary' : 'multiclass',
    featureNames: ['x1', 'x2'],
    X: order.map((i) => points[i]!.x),
    y: order.map((i) => points[i]!.label),
  };
}
