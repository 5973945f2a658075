import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The project's own lint configuration, run on a one-line fixture as if it were the named file. */
const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const fixture = 1;\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'relulab/engine-rooms').map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer fences hold at any depth', () => {
  it.each([
    ['src-main/engine/milp/attack/context.ts', "import { RunsRepo } from '../../../store/runs-repo';"],
    ['src-main/engine/attack/context.ts', "import { RunsRepo } from '../../store/runs-repo';"],
    ['src-main/engine/attack/deeper/still/x.ts', "import type { RunsService } from '../../../../services/runs-service';"],
    ['src-main/engine/nn/x.ts', "import { runJob } from '../../workers/jobs/mlp';"],
    ['src-main/engine/nn/x.ts', "import { startHost } from '../../host';"],
    ['src-main/engine/nn/x.ts', "import { readFileSync } from 'node:fs';"],
  ])('engine file %s: %s is refused', async (file, source) => {
    expect((await problems(file, source)).some((p) => p.startsWith('no-restricted-imports'))).toBe(true);
  });

  it.each([
    ['src-main/store/x.ts', "import { RunsService } from '../services/runs-service';"],
    ['src-main/workers/jobs/x.ts', "import { RunsService } from '../../services/runs-service';"],
    ['src-main/workers/jobs/deep/x.ts', "import type { Services } from '../../../services';"],
  ])('%s never imports services/: %s is refused', async (file, source) => {
    expect((await problems(file, source)).some((p) => p.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('only the adapter imports highs', async () => {
    expect(await problems('src-main/engine/highs/x.ts', "import type { Highs } from 'highs';")).toEqual([]);
    expect(await problems('src-main/engine/bounds/x.ts', "import type { Highs } from 'highs';")).toEqual([expect.stringContaining('only engine/highs')]);
    expect(await problems('src-main/workers/jobs/x.ts', "import type { Highs } from 'highs';")).toEqual([expect.stringContaining('Only engine/highs')]);
  });

  it('lets the layers import what they may', async () => {
    expect(await problems('src-main/engine/attack/x.ts', "import { computeBounds } from '../bounds/bounds';\nimport type { Network } from '../../../shared/domain/network';")).toEqual([]);
    expect(await problems('src-main/workers/jobs/x.ts', "import { runAdversarial } from '../../engine/attack/adversarial';")).toEqual([]);
    expect(await problems('src-main/services/x.ts', "import { RunsRepo } from '../store/runs-repo';")).toEqual([]);
  });
});

describe('the engine room order', () => {
  it.each([
    ['src-main/engine/nn/x.ts', "import { computeBounds } from '../bounds/bounds';", 'engine/nn imports only model, highs: not engine/bounds'],
    ['src-main/engine/highs/x.ts', "import { forward } from '../nn/forward';", 'not engine/nn'],
    ['src-main/engine/model/x.ts', "import { solveModel } from '../highs/highs';", 'engine/model imports only nothing else in the engine'],
    ['src-main/engine/train/x.ts', "import { smoothLogits } from '../nlp/smooth';", 'not engine/nlp'],
    ['src-main/engine/bounds/x.ts', "export { runAdversarial } from '../attack/adversarial';", 'not engine/attack'],
    ['src-main/engine/nlp/deep/x.ts', "const lazy = () => import('../../attack/run');", 'not engine/attack'],
    ['src-main/engine/nn/x.ts', "import { paths } from '../../paths';", 'leaves both'],
    ['src-main/engine/x.ts', '', 'belongs to no room'],
  ])('%s: %s is refused', async (file, source, message) => {
    expect(await problems(file, source)).toEqual([expect.stringContaining(message)]);
  });

  it('allows imports from earlier rooms, within a room and from shared/', async () => {
    expect(
      await problems(
        'src-main/engine/attack/x.ts',
        [
          "import { solveLocalAttack } from '../nlp/slp';",
          "import { computeBounds } from '../bounds/bounds';",
          "import { forward } from '../nn/forward';",
          "import { MilpModel } from '../model/model';",
          "import { Clock } from './context';",
          "import type { Network } from '../../../shared/domain/network';",
        ].join('\n'),
      ),
    ).toEqual([]);
  });
});
