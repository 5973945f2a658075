import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractArgs } from '../../shared/contracts';
import { ServiceError } from '../../shared/contracts/errors';
import { MAX_DATASET_ROWS } from '../../shared/domain/dataset';
import { MAX_NETWORK_WEIGHTS } from '../../shared/domain/network';
import { parseCsvDataset, parseJsonDataset } from '../../src-main/services/dataset-import';
import { snapshot, testContext } from '../helpers/context';

const RUNS = Number(process.env.RELULAB_PROPERTY_RUNS ?? 300);

/** Any JSON-ish value, including the shapes the contracts expect, broken in small ways. */
const anyPayload = fc.oneof(
  fc.anything(),
  fc.array(fc.anything(), { maxLength: 4 }),
  fc.tuple(fc.record({ dataset: fc.oneof(fc.constant('xor'), fc.string()), method: fc.oneof(fc.constantFrom('evaluate', 'linear-regression', 'mlp-gd', 'sweep', 'logistic-regression'), fc.string()), params: fc.anything() }, { requiredKeys: [] })),
  fc.tuple(fc.record({ fileName: fc.string(), format: fc.constantFrom('csv', 'json', 'xml'), text: fc.string(), targetColumn: fc.anything() }, { requiredKeys: [] })),
);

describe('bad input never crashes, hangs or writes (property-based)', () => {
  let context: ReturnType<typeof testContext>;
  beforeAll(() => {
    context = testContext();
  });
  afterAll(() => context.dispose());

  const mutating = [
    ['runs', 'start'],
    ['runs', 'update'],
    ['runs', 'delete'],
    ['runs', 'cancel'],
    ['datasets', 'import'],
    ['experiments', 'create'],
    ['experiments', 'runPreset'],
  ] as const;

  it(`every contract method answers ${RUNS} random payloads with a typed envelope`, async () => {
    const methods = Object.entries(contractArgs).flatMap(([service, methodsOf]) => Object.keys(methodsOf).map((method) => [service, method] as const));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), anyPayload, async ([service, method], payload) => {
        const answer = await context.dispatch(service, method, payload);
        expect(typeof answer.ok).toBe('boolean');
        if (!answer.ok) {
          expect(['invalid-input', 'not-found', 'conflict', 'unavailable']).toContain(answer.error.code);
          expect(answer.error.message.length).toBeGreaterThan(5);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('write operations given invalid payloads leave the database exactly as it was', async () => {
    const before = snapshot(context);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...mutating), fc.oneof(fc.anything(), fc.array(fc.string(), { maxLength: 3 })), async ([service, method], payload) => {
        const answer = await context.dispatch(service, method, payload);
        // Only payloads that the contract rejects are random enough to say "nothing written".
        if (!answer.ok) expect(answer.error.code).not.toBe('internal');
      }),
      { numRuns: RUNS },
    );
    // Random strings and values never make a valid spec, data set or id here.
    expect(snapshot(context)).toBe(before);
  });

  it(`the CSV importer refuses ${RUNS} random texts with a typed error or returns valid data`, () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(fc.array(fc.oneof(fc.string(), fc.double().map(String), fc.integer().map(String)), { maxLength: 5 }), { maxLength: 8 }).map((rows) => rows.map((r) => r.join(',')).join('\n'))), (text) => {
        try {
          const data = parseCsvDataset({ fileName: 'random.csv', format: 'csv', text });
          expect(data.X.length).toBe(data.y.length);
          expect(data.X.every((row) => row.every(Number.isFinite))).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ServiceError);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it(`the JSON importer refuses ${RUNS} random documents with a typed error or returns valid data`, () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.record({ X: fc.array(fc.array(fc.double(), { maxLength: 3 }), { maxLength: 4 }), y: fc.array(fc.integer({ min: -1, max: 3 }), { maxLength: 4 }) }).map((v) => JSON.stringify(v))), (text) => {
        try {
          const data = parseJsonDataset({ fileName: 'random.json', format: 'json', text });
          expect(data.X.length).toBe(data.y.length);
        } catch (error) {
          expect(error).toBeInstanceOf(ServiceError);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('oversized input is refused early with the limit named', () => {
  let context: ReturnType<typeof testContext>;
  beforeAll(() => {
    context = testContext();
  });
  afterAll(() => context.dispose());

  it('a CSV of 10⁶ rows', async () => {
    const text = `a,b,y\n${'0.5,0.25,1\n'.repeat(1_000_000)}`;
    const t0 = performance.now();
    const answer = await context.dispatch('datasets', 'import', [{ fileName: 'huge.csv', format: 'csv', text }]);
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.message).toContain(MAX_DATASET_ROWS.toLocaleString('en-US'));
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('a 100 MB JSON document', async () => {
    const text = `{"X": [${'[0.1234567,0.7654321],'.repeat(4_600_000)}[0,0]], "y": []}`;
    expect(text.length).toBeGreaterThan(100e6);
    const answer = await context.dispatch('datasets', 'import', [{ fileName: 'huge.json', format: 'json', text }]);
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.message).toMatch(/larger than 50 MB/);
  });

  it('a network with more than 10⁶ weights', async () => {
    const row = new Array<number>(2).fill(0.1);
    const W = Array.from({ length: 500_001 }, () => row);
    const network = { layers: [{ W, b: new Array<number>(500_001).fill(0), activation: 'relu' }, { W: [new Array<number>(500_001).fill(1)], b: [0], activation: 'identity' }] };
    const answer = await context.dispatch('runs', 'start', [{ dataset: 'xor', method: 'evaluate', params: { network } }]);
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.message).toContain(`the limit is ${MAX_NETWORK_WEIGHTS}`);
  });
});
