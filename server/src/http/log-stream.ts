/**
 * Where the log goes: standard output, one write per turn of the event loop instead of one per
 * line. Each request logs a line, and a write to a pipe is a system call that wakes the
 * reader; under load the lines of many requests now share one. Nothing is held longer than the
 * current turn, and what is pending when the process exits is written before it does.
 */
export interface LogStream {
  write(line: string): void;
}

export function stdoutPerTurn(out: NodeJS.WritableStream = process.stdout): LogStream {
  let pending: string[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    out.write(text);
  };
  // Writes to a pipe or a file are synchronous on Linux and macOS: this one is out before exit.
  process.on('exit', flush);
  return {
    write(line) {
      if (pending.length === 0) setImmediate(flush);
      pending.push(line);
    },
  };
}
