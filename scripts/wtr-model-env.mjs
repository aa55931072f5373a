// Hands the browser the environment variables of the model-based tests (the browser has no
// `process.env`): a test asks with `executeServerCommand('conv-model-env')`.
//
//   CONV_MODEL_RUNS=20000 npx wtr --config web-test-runner.config.mjs "test/pinned/**/*.test.ts"
//   CONV_MODEL_SEED=-123 CONV_MODEL_PATH="17:3:0" CONV_MODEL_REPLAY="b:B" npx wtr …
// replays the run a failure printed (its seed, path, and the counterexample's replayPath).
const NAMES = [
  'CONV_MODEL_RUNS',
  'CONV_MODEL_SEED',
  'CONV_MODEL_PATH',
  'CONV_MODEL_REPLAY',
  'CONV_MODEL_COMMANDS',
];

export function modelEnvPlugin() {
  return {
    name: 'conv-model-env',
    executeCommand({ command }) {
      if (command !== 'conv-model-env') return undefined;
      return Object.fromEntries(
        NAMES.filter((name) => process.env[name]).map((name) => [name, process.env[name]]),
      );
    },
  };
}
