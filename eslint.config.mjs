import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import relulab from './scripts/lint/engine-rooms.mjs';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'worker_threads', 'net', 'http', 'https', 'crypto', 'url', 'stream', 'zlib'];

/** Import patterns for a folder of that name at any depth (the folder itself and anything in it). */
const anyDepth = (...folders) => folders.flatMap((folder) => [`**/${folder}`, `**/${folder}/**`]);
const noRenderer = { group: ['**/src-renderer/**', 'vue', 'pinia'], message: 'src-main never imports the renderer.' };
const highsOnlyInEngine = { name: 'highs', message: 'Only engine/highs (the HiGHS adapter) imports highs.' };

/**
 * The engine's rooms, in order: each imports only the rooms before it (rooms on
 * one step are peers and do not import each other) and shared/. model: the
 * modelling layer; highs: the one HiGHS adapter; nn: networks and the
 * activation table; then formulations and trainers over them.
 */
const engineRoomOrder = [['model'], ['highs'], ['nn'], ['data', 'import'], ['bounds'], ['train', 'sparse-train', 'nlp'], ['attack']];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/src-main/**', '../src-main/*', '../../src-main/*'], message: 'The renderer never imports src-main: go through shared/contracts and the api client.' },
          { group: nodeBuiltins, message: 'The renderer runs in a browser: no Node modules.' },
          { group: ['electron', 'better-sqlite3', 'highs'], message: 'The renderer reaches these only through the services.' },
        ],
      }],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/src-main/**', '**/src-renderer/**'], message: 'shared/ is imported by both sides and imports neither.' },
          { group: [...nodeBuiltins, 'electron', 'vue', 'pinia', 'better-sqlite3', 'highs'], message: 'shared/ is pure TypeScript.' },
        ],
      }],
    },
  },
  {
    files: ['src-main/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [highsOnlyInEngine], patterns: [noRenderer] }],
    },
  },
  {
    files: ['src-main/store/**', 'src-main/workers/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [highsOnlyInEngine],
        patterns: [noRenderer, { group: anyDepth('services'), message: 'store/ and workers/ sit below the services: they never import services/.' }],
      }],
    },
  },
  {
    files: ['src-main/engine/**'],
    plugins: { relulab },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'better-sqlite3', ...nodeBuiltins], message: 'engine/ is pure computation: no Electron, SQLite or Node I/O.' },
          noRenderer,
          { group: anyDepth('store', 'services', 'workers', 'electron', 'host', 'cli', 'reports'), message: 'engine/ imports nothing from the rest of src-main.' },
        ],
      }],
      'relulab/engine-rooms': ['error', { root: 'src-main/engine', shared: 'shared', order: engineRoomOrder, packages: { highs: ['highs'] } }],
    },
  },
);
