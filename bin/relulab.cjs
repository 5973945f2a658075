#!/usr/bin/env node
// The `relulab` command: runs the bundled CLI that `npm ci` (prepare) or `npm run build` produced.
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'out', 'main', 'cli.cjs');
if (!fs.existsSync(cli)) {
  process.stderr.write('relulab: error: ReLU Lab is not built yet: run `npm run build` in ' + path.dirname(__dirname) + '\n');
  process.exit(1);
}
require(cli);
