// Runs a command from node_modules/.bin (or PATH) and resolves with its exit code.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export function run(command, args = [], options = {}) {
  const local = join(process.cwd(), 'node_modules', '.bin', command);
  return new Promise((resolve) => {
    const child = spawn(local, args, { stdio: 'inherit', ...options });
    child.on('error', () => {
      const fallback = spawn(command, args, { stdio: 'inherit', ...options });
      fallback.on('error', () => resolve(127));
      fallback.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
