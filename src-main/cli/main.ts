import { Command, CommanderError } from 'commander';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ServiceError } from '../../shared/contracts/errors';
import { successfulStatuses } from '../../shared/domain/run';
import { MAX_NETWORK_IMPORT_BYTES } from '../../shared/contracts/runs';
import { appVersion } from '../paths';
import { resolveDbPath } from '../data-dir';
import { createAppContext, type AppContext } from '../services/context';
import { startHost } from '../host/server';
import { datasetLine, runDetails, runLine } from './format';
import { parseParamFlags } from './params';

interface DbOption {
  db?: string;
}

function print(value: unknown, json: boolean | undefined, human: () => string): void {
  process.stdout.write(`${json ? JSON.stringify(value, null, 2) : human()}\n`);
}

async function withContext<T>(options: DbOption, work: (context: AppContext) => Promise<T>): Promise<T> {
  const context = createAppContext({ dbPath: resolveDbPath(options.db), mode: 'cli' });
  try {
    return await work(context);
  } finally {
    await context.close();
  }
}

function readSpecFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ServiceError('invalid-input', `cannot read the spec file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ServiceError('invalid-input', `the spec file ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function buildProgram(): Command {
  const program = new Command('relulab')
    .description('ReLU Lab: study small ReLU networks with optimisation. Runs are kept in a local SQLite history.')
    .version(appVersion)
    .showHelpAfterError('(add --help for usage)');

  program
    .command('run')
    .description('run one method on one data set and store it in the history')
    .option('--dataset <id>', 'data set id (see `relulab datasets list`)')
    .option('--method <id>', 'method id: evaluate, linear-regression')
    .option('--param <key=value>', 'a parameter; repeatable; JSON values, key=@file.json reads a file', collect, [])
    .option('--spec <file>', 'a JSON spec {"dataset": ..., "method": ..., "params": {...}}')
    .option('--name <name>', 'a name for the run')
    .option('--json', 'print the stored run as JSON')
    .option('--db <file>', 'the history database (default: RELULAB_DB or the app data folder)')
    .action(async (options: DbOption & { dataset?: string; method?: string; param: string[]; spec?: string; name?: string; json?: boolean }) => {
      let spec: unknown;
      if (options.spec) {
        if (options.dataset || options.method || options.param.length) throw new ServiceError('invalid-input', 'give either --spec or --dataset/--method/--param, not both');
        spec = readSpecFile(options.spec);
      } else {
        if (!options.dataset || !options.method) throw new ServiceError('invalid-input', 'give --dataset and --method, or --spec FILE');
        spec = { dataset: options.dataset, method: options.method, params: parseParamFlags(options.param), ...(options.name ? { name: options.name } : {}) };
      }
      await withContext(options, async ({ services }) => {
        // Everything is validated before the run is stored: bad input writes nothing.
        services.runs.validateSpec(spec as never);
        const started = await services.runs.start(spec as never);
        const run = withAttackFields(await services.runs.whenFinished(started.id));
        print(run, options.json, () => runDetails(run));
        if (!(successfulStatuses as readonly string[]).includes(run.status)) process.exitCode = 1;
      });
    });

  const runs = program.command('runs').description('the run history');
  runs
    .command('list')
    .description('list runs, newest first')
    .option('--limit <n>', 'how many', (v) => Number.parseInt(v, 10), 100)
    .option('--method <id>', 'only this method')
    .option('--dataset <id>', 'only this data set')
    .option('--json', 'print a JSON array')
    .option('--db <file>', 'the history database')
    .action(async (options: DbOption & { limit: number; method?: string; dataset?: string; json?: boolean }) => {
      await withContext(options, async ({ dispatch }) => {
        const query = { limit: options.limit, ...(options.method ? { method: options.method } : {}), ...(options.dataset ? { dataset: options.dataset } : {}) };
        const page = unwrap(await dispatch('runs', 'list', [query])) as { runs: import('../../shared/domain/run').RunSummary[] };
        print(page.runs, options.json, () => page.runs.map(runLine).join('\n') || 'No runs yet.');
      });
    });
  runs
    .command('show <id>')
    .description('show one run')
    .option('--json', 'print the run as JSON')
    .option('--db <file>', 'the history database')
    .action(async (id: string, options: DbOption & { json?: boolean }) => {
      await withContext(options, async ({ services }) => {
        const run = withAttackFields(await services.runs.get(id));
        print(run, options.json, () => runDetails(run));
      });
    });

  runs
    .command('resume <id>')
    .description('finish an interrupted or cancelled sweep (a batch): finished members are kept, the rest run')
    .option('--json', 'print the sweep as JSON when it is done')
    .option('--db <file>', 'the history database')
    .action(async (id: string, options: DbOption & { json?: boolean }) => {
      await withContext(options, async ({ services }) => {
        await services.runs.resume(id);
        const run = withAttackFields(await services.runs.whenFinished(id));
        print(run, options.json, () => runDetails(run));
        if (run.status !== 'completed') process.exitCode = 1;
      });
    });

  runs
    .command('export <id>')
    .description('write the optimisation model a milp-train run solved, as LP or MPS text')
    .requiredOption('--format <format>', 'lp or mps')
    .option('--out <file>', 'where to write it (default: standard output)')
    .option('--db <file>', 'the history database')
    .action(async (id: string, options: DbOption & { format: string; out?: string }) => {
      await withContext(options, async ({ dispatch }) => {
        const { text } = unwrap(await dispatch('runs', 'exportModel', [id, options.format])) as { text: string };
        if (options.out) {
          writeFileSync(options.out, text);
          process.stdout.write(`Wrote ${options.out}\n`);
        } else process.stdout.write(text);
      });
    });

  const networks = program.command('networks').description('trained networks from files');
  networks
    .command('import <file>')
    .description('import a trained network (ONNX: sequential Gemm or MatMul + Add with Relu; or a JSON weights file) as an evaluate run on a data set')
    .requiredOption('--dataset <id>', 'the data set the network takes its inputs from')
    .option('--name <name>', 'a name for the run (default: the file name)')
    .option('--json', 'print the stored run as JSON')
    .option('--db <file>', 'the history database')
    .action(async (file: string, options: DbOption & { dataset: string; name?: string; json?: boolean }) => {
      let bytes: Buffer;
      try {
        const size = statSync(file).size;
        if (size > MAX_NETWORK_IMPORT_BYTES) throw new ServiceError('invalid-input', `${file} is ${(size / 1e6).toFixed(1)} MB; the limit for a network file is ${MAX_NETWORK_IMPORT_BYTES / 1e6} MB`);
        bytes = readFileSync(file);
      } catch (error) {
        if (error instanceof ServiceError) throw error;
        throw new ServiceError('invalid-input', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      const extension = path.extname(file).toLowerCase();
      const format = extension === '.onnx' ? 'onnx' : extension === '.json' || bytes.subarray(0, 64).toString('utf8').trimStart().startsWith('{') ? 'json' : 'onnx';
      await withContext(options, async ({ dispatch }) => {
        const input = { dataset: options.dataset, fileName: path.basename(file), format, base64: bytes.toString('base64'), ...(options.name ? { name: options.name } : {}) };
        const run = unwrap(await dispatch('runs', 'importNetwork', [input])) as import('../../shared/domain/run').RunSummary;
        print(run, options.json, () => `Imported ${path.basename(file)} as run ${run.id} on ${run.datasetName} (${run.status}); attack it with --method adversarial --param network=${run.id}`);
        if (run.status !== 'completed') process.exitCode = 1;
      });
    });

  const datasets = program.command('datasets').description('data sets');
  datasets
    .command('list')
    .option('--json', 'print a JSON array')
    .option('--db <file>', 'the history database')
    .action(async (options: DbOption & { json?: boolean }) => {
      await withContext(options, async ({ services }) => {
        const list = await services.datasets.list();
        print(list, options.json, () => list.map(datasetLine).join('\n'));
      });
    });
  datasets
    .command('show <id>')
    .option('--json', 'print the data set with its data as JSON')
    .option('--db <file>', 'the history database')
    .action(async (id: string, options: DbOption & { json?: boolean }) => {
      await withContext(options, async ({ services }) => {
        const d = await services.datasets.get(id);
        print(d, options.json, () =>
          [datasetLine(d), `  features ${d.data.featureNames.join(', ')}`, ...d.data.X.slice(0, 10).map((x, i) => `  ${x.join(', ')} → ${d.data.y[i]}`), d.rows > 10 ? `  … ${d.rows - 10} more rows` : ''].filter(Boolean).join('\n'),
        );
      });
    });
  datasets
    .command('import <file>')
    .description('import a CSV (features then a label column; header optional) or a JSON data set')
    .option('--name <name>', 'the data set name (default: the file name)')
    .option('--target <column>', 'CSV: the label column, by name or 0-based index (default: the last)')
    .option('--task <task>', 'binary, multiclass or regression (default: inferred from the labels)')
    .option('--json', 'print the new data set as JSON')
    .option('--db <file>', 'the history database')
    .action(async (file: string, options: DbOption & { name?: string; target?: string; task?: string; json?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new ServiceError('invalid-input', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      const format = path.extname(file).toLowerCase() === '.json' ? 'json' : 'csv';
      const target = options.target === undefined ? undefined : /^\d+$/.test(options.target) ? Number(options.target) : options.target;
      await withContext(options, async ({ dispatch }) => {
        const input = { fileName: path.basename(file), format, text, ...(options.name ? { name: options.name } : {}), ...(target !== undefined ? { targetColumn: target } : {}), ...(options.task ? { task: options.task } : {}) };
        const created = unwrap(await dispatch('datasets', 'import', [input])) as import('../../shared/domain/dataset').DatasetSummary;
        print(created, options.json, () => `Imported ${created.name} as ${created.id}: ${created.rows} rows, ${created.features} features, ${created.task}.`);
      });
    });
  datasets
    .command('generate <generator>')
    .description('make a 2-D data set: noisy-xor, circles, moons, blobs or spirals (kept with its parameters)')
    .option('--n <n>', 'points', (v) => Number(v))
    .option('--noise <sd>', 'Gaussian noise on every coordinate', (v) => Number(v))
    .option('--balance <share>', 'share of class 1 (two classes)', (v) => Number(v))
    .option('--classes <k>', 'classes (blobs, spirals)', (v) => Number(v))
    .option('--seed <seed>', 'random seed', (v) => Number(v))
    .option('--name <name>', 'the data set name')
    .option('--json', 'print the new data set as JSON')
    .option('--db <file>', 'the history database')
    .action(async (generator: string, options: DbOption & { n?: number; noise?: number; balance?: number; classes?: number; seed?: number; name?: string; json?: boolean }) => {
      const params = Object.fromEntries(Object.entries({ generator, n: options.n, noise: options.noise, balance: options.balance, classes: options.classes, seed: options.seed, name: options.name }).filter(([, v]) => v !== undefined));
      await withContext(options, async ({ dispatch }) => {
        const created = unwrap(await dispatch('datasets', 'generate', [params])) as import('../../shared/domain/dataset').DatasetSummary;
        print(created, options.json, () => `Generated ${created.name} as ${created.id}: ${created.rows} rows, ${created.task}.`);
      });
    });
  datasets
    .command('export <id>')
    .requiredOption('--out <file>', 'where to write it (.csv or .json)')
    .option('--format <format>', 'csv or json (default: from the file extension)')
    .option('--db <file>', 'the history database')
    .action(async (id: string, options: DbOption & { out: string; format?: string }) => {
      const format = options.format ?? (path.extname(options.out).toLowerCase() === '.json' ? 'json' : 'csv');
      await withContext(options, async ({ dispatch }) => {
        const exported = unwrap(await dispatch('datasets', 'export', [id, format])) as { text: string };
        writeFileSync(options.out, exported.text);
        process.stdout.write(`Wrote ${options.out}\n`);
      });
    });

  program
    .command('report')
    .description('export runs or an experiment as HTML, Markdown (images beside it), CSV, JSON or PDF')
    .option('--runs <ids>', 'comma-separated run ids')
    .option('--experiment <id>', 'an experiment id')
    .requiredOption('--format <format>', 'html, md, csv, json or pdf')
    .requiredOption('--out <file>', 'where to write the report')
    .option('--title <title>', 'the report title')
    .option('--db <file>', 'the history database')
    .action(async (options: DbOption & { runs?: string; experiment?: string; format: string; out: string; title?: string }) => {
      const baseName = path.basename(options.out).replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_') || 'report';
      const request = {
        format: options.format,
        baseName,
        ...(options.runs ? { runs: options.runs.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
        ...(options.experiment ? { experimentId: options.experiment } : {}),
        ...(options.title ? { title: options.title } : {}),
      };
      await withContext(options, async ({ dispatch }) => {
        const { files } = unwrap(await dispatch('reports', 'build', [request])) as { files: { name: string; base64: string }[] };
        // The first file is the report; the rest (Markdown images) go in a folder beside it.
        const written = files.map((file, i) => {
          const target = i === 0 ? options.out : path.join(path.dirname(options.out), file.name);
          mkdirSync(path.dirname(target), { recursive: true });
          writeFileSync(target, Buffer.from(file.base64, 'base64'));
          return target;
        });
        process.stdout.write(`Wrote ${written[0]}${written.length > 1 ? ` and ${written.length - 1} image(s) in ${baseName}_files/` : ''}\n`);
      });
    });

  program
    .command('serve')
    .description('browser mode: serve the app on 127.0.0.1 and print its URL (with a per-launch token)')
    .option('--port <n>', 'the port (default: a free one)', (v) => Number.parseInt(v, 10))
    .option('--db <file>', 'the history database')
    .action(async (options: DbOption & { port?: number }) => {
      const context = createAppContext({ dbPath: resolveDbPath(options.db), mode: 'browser' });
      const host = await startHost({ context, ...(options.port !== undefined ? { port: options.port } : {}) });
      process.stdout.write(`ReLU Lab is running in browser mode at ${host.url}\n`);
      const stop = async () => {
        await host.close();
        await context.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  return program;
}

/** An attack's answer also at the top of its JSON (`solution.x`, `witness.valid`), as scripts expect. */
function withAttackFields<T extends import('../../shared/domain/run').RunRecord>(run: T): T {
  if (!run.result?.solution) return run;
  return { ...run, solution: run.result.solution, witness: run.result.witness ?? null };
}

function unwrap(envelope: import('../../shared/contracts/wire').Envelope): unknown {
  if (envelope.ok) return envelope.result;
  throw new ServiceError(envelope.error.code, envelope.error.message);
}

async function main(): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`relulab: error: ${message.split('\n')[0]}\n`);
    process.exitCode = 1;
  }
}

void main();
