// `npm run build`: the ESM build for npm users (tsc: one module per source file, type
// declarations, dependencies as imports), the minified script-include bundles (rollup), and the
// framework types and editor data generated from custom-elements.json (scripts/integrations.mjs).
import { rmSync } from 'node:fs';
import { run } from './run.mjs';

rmSync('dist', { recursive: true, force: true });
const steps = [
  ['tsc', ['-p', 'tsconfig.build.json']],
  ['rollup', ['-c', 'rollup.config.mjs', '--silent']],
  ['node', ['scripts/integrations.mjs']],
];
for (const [command, args] of steps) {
  const code = await run(command, args);
  if (code !== 0) process.exit(code);
}
console.log('Built dist/esm (npm), dist/*.js (script-include bundles), dist/types and dist/editor.');
