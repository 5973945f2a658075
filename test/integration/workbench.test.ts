import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot, testContext } from '../helpers/context';

describe('data sets: generators, versions, duplicate, trash', () => {
  let context: ReturnType<typeof testContext>;
  beforeAll(() => {
    context = testContext();
  });
  afterAll(() => context.dispose());
  const ds = () => context.services.datasets;

  it.each(['noisy-xor', 'circles', 'moons', 'blobs', 'spirals'] as const)('generates %s reproducibly and keeps its parameters as provenance', async (generator) => {
    const a = await ds().generate({ generator, n: 60, noise: 0.05, seed: 7, ...(generator === 'blobs' ? { classes: 3 } : {}) });
    const b = await ds().generate({ generator, n: 60, noise: 0.05, seed: 7, ...(generator === 'blobs' ? { classes: 3 } : {}) });
    const c = await ds().generate({ generator, n: 60, noise: 0.05, seed: 8, ...(generator === 'blobs' ? { classes: 3 } : {}) });
    const [da, db, dc] = await Promise.all([ds().get(a.id), ds().get(b.id), ds().get(c.id)]);
    expect(da.data).toEqual(db.data);
    expect(da.data.X).not.toEqual(dc.data.X);
    expect(da.rows).toBe(60);
    expect(da.provenance).toMatchObject({ kind: 'generated', generator, seed: 7, params: { n: 60, noise: 0.05 } });
    expect('classes' in (da.provenance as { params: object }).params).toBe(generator === 'blobs' || generator === 'spirals');
    expect(new Set(da.data.y).size).toBe(generator === 'blobs' ? 3 : 2);
  });

  it('balances classes as asked', async () => {
    const s = await ds().generate({ generator: 'moons', n: 100, balance: 0.3, seed: 1 });
    const data = (await ds().get(s.id)).data;
    expect(data.y.filter((v) => v === 1)).toHaveLength(30);
  });

  it('editing makes a new version; a run keeps its version and its re-run uses the same data', async () => {
    const created = await ds().import({ fileName: 'pts.csv', format: 'csv', text: 'a,b,y\n0,0,0\n1,1,1\n0,1,1\n' });
    const first = await context.services.runs.whenFinished((await context.services.runs.start({ dataset: created.id, method: 'linear-regression' })).id);
    expect(first.datasetVersion).toBe(1);
    const v1 = await ds().get(created.id);
    const edited = await ds().update(created.id, { data: { ...v1.data, X: [...v1.data.X, [1, 0]], y: [...v1.data.y, 0] }, note: 'added a point' });
    expect(edited.version).toBe(2);
    expect((await ds().versions(created.id)).map((v) => [v.version, v.rows, v.note])).toEqual([[2, 4, 'added a point'], [1, 3, 'created']]);
    const rerun = await context.services.runs.whenFinished((await context.services.runs.rerun(first.id)).id);
    expect(rerun.datasetVersion).toBe(1);
    expect(rerun.result!.trace).toHaveLength(3);
    expect(rerun.params).toEqual(first.params);
    const fresh = await context.services.runs.whenFinished((await context.services.runs.start({ dataset: created.id, method: 'linear-regression' })).id);
    expect(fresh.datasetVersion).toBe(2);
    expect(fresh.result!.trace).toHaveLength(4);
    expect((await ds().export(created.id, 'csv', 1)).text.trim().split('\n')).toHaveLength(4);
    expect((await ds().export(created.id, 'csv')).text.trim().split('\n')).toHaveLength(5);
    await expect(ds().get(created.id, 9)).rejects.toThrow(/has no version 9/);
  });

  it('refuses invalid edits and writes nothing', async () => {
    const created = await ds().import({ fileName: 'e.csv', format: 'csv', text: 'a,y\n1,0\n2,1\n' });
    const before = snapshot(context);
    const bad = await context.dispatch('datasets', 'update', [created.id, { data: { task: 'binary', featureNames: ['a'], X: [[1], [NaN]], y: [0, 1] } }]);
    expect(bad.ok).toBe(false);
    const badLabel = await context.dispatch('datasets', 'update', [created.id, { data: { task: 'binary', featureNames: ['a'], X: [[1], [2]], y: [0, 3] } }]);
    expect(badLabel.ok).toBe(false);
    if (!badLabel.ok) expect(badLabel.error.message).toMatch(/must be 0 or 1/);
    expect(snapshot(context)).toBe(before);
  });

  it('duplicates, renames, deletes with undo; built-ins stay', async () => {
    const copy = await ds().duplicate('xor', 'my XOR');
    expect(copy).toMatchObject({ name: 'my XOR', builtin: false, provenance: { kind: 'edited', from: 'xor@1' } });
    expect((await ds().update(copy.id, { name: 'renamed XOR' })).name).toBe('renamed XOR');
    await ds().delete(copy.id);
    expect((await ds().list()).some((d) => d.id === copy.id)).toBe(false);
    await expect(context.services.runs.start({ dataset: copy.id, method: 'linear-regression' })).rejects.toThrow(/in the trash/);
    await ds().restore(copy.id);
    expect((await ds().list()).some((d) => d.id === copy.id)).toBe(true);
    expect((await ds().duplicate('xor')).name).toBe('XOR (copy)');
    expect((await ds().duplicate('xor')).name).toBe('XOR (copy 2)');
    await expect(ds().delete('xor')).rejects.toThrow(/built in/);
    await expect(ds().update('xor', { data: { task: 'binary', featureNames: ['a'], X: [[0]], y: [0] } })).rejects.toThrow(/duplicate it/);
  });

  it('previews an import without storing it', async () => {
    const before = snapshot(context);
    const preview = await ds().previewImport({ fileName: 'p.csv', format: 'csv', text: 'u,v,label\n1,2,cat\n3,4,dog\n5,6,cat\n' });
    expect(preview).toMatchObject({ name: 'p', task: 'binary', featureNames: ['u', 'v'], rows: 3, classNames: ['cat', 'dog'], head: { X: [[1, 2], [3, 4], [5, 6]], y: [0, 1, 0] } });
    expect(snapshot(context)).toBe(before);
  });
});

describe('history: tags, notes, archive, trash, filters', () => {
  let context: ReturnType<typeof testContext>;
  beforeAll(() => {
    context = testContext();
  });
  afterAll(() => context.dispose());
  const runs = () => context.services.runs;

  it('edits tags and notes, filters by tag and date, archives and deletes with undo', async () => {
    const a = await runs().whenFinished((await runs().start({ dataset: 'xor', method: 'linear-regression', name: 'alpha' })).id);
    const b = await runs().whenFinished((await runs().start({ dataset: 'xor', method: 'logistic-regression', name: 'beta' })).id);
    await runs().update(a.id, { tags: ['baseline', 'linear'], notes: 'the classic failure' });
    expect((await runs().list({ tag: 'baseline' })).runs.map((r) => r.id)).toEqual([a.id]);
    await runs().update(b.id, { tags: ['baseline'] });
    expect(await runs().tags()).toEqual([{ tag: 'baseline', count: 2 }, { tag: 'linear', count: 1 }]);
    expect((await runs().list({ search: 'classic failure' })).runs.map((r) => r.id)).toEqual([a.id]);
    expect((await runs().list({ createdAfter: '2100-01-01' })).total).toBe(0);
    expect((await runs().list({ createdBefore: '2100-01-01' })).total).toBe(2);

    await runs().update(b.id, { archived: true });
    expect((await runs().list({})).runs.map((r) => r.id)).toEqual([a.id]);
    expect((await runs().list({ archived: 'only' })).runs.map((r) => r.id)).toEqual([b.id]);
    expect((await runs().list({ archived: 'include' })).total).toBe(2);

    await runs().delete(a.id);
    expect((await runs().list({ archived: 'include' })).runs.map((r) => r.id)).toEqual([b.id]);
    expect((await runs().restore(a.id)).notes).toBe('the classic failure');
    expect((await runs().list({})).runs.map((r) => r.id)).toEqual([a.id]);
  });
});
