// execve watch: an application component (componentize-js, a command) that
// imports the execve source and drives it: it asks for events, prints
// those of the programs it watches, and ends when it has seen enough.
//
// Usage: execve-watch [-p PROG[,PROG...]] [-n COUNT] [-t SECONDS]
//   -p  only these programs (the last part of argv[0])
//   -n  end after printing COUNT events
//   -t  end after SECONDS
// Without -n or -t it runs until Ctrl-C. It prints its header once the
// source has attached the BPF program: every exec after that is seen.

import { getArguments } from 'wasi:cli/environment@0.2.12';
import { nextBatch } from 'wasi-bpf-examples:events/source@0.1.0';

const USAGE = 'usage: execve-watch [-p PROG[,PROG...]] [-n COUNT] [-t SECONDS]';

// How long one call may wait: the deadline of -t is checked between calls.
const MAX_WAIT_MS = 1000;

class UsageError extends Error {}

function parseArgs(args) {
  const options = { progs: null, count: Infinity, seconds: Infinity };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = args[++i];
    if (value === undefined && ['-p', '-n', '-t'].includes(flag)) throw new UsageError(`${flag} needs a value`);
    if (flag === '-p') {
      options.progs = new Set(value.split(',').filter((p) => p !== ''));
    } else if (flag === '-n' || flag === '-t') {
      const number = Number(value);
      const valid = number > 0 && (flag === '-t' || Number.isInteger(number));
      if (!valid) throw new UsageError(`invalid ${flag} '${value}'`);
      options[flag === '-n' ? 'count' : 'seconds'] = number;
    } else {
      throw new UsageError(`unknown argument '${flag}'`);
    }
  }
  return options;
}

// The source's errors arrive as exceptions whose payload is its message.
function batch(timeoutMs) {
  try {
    return nextBatch(timeoutMs);
  } catch (e) {
    throw new Error(e.payload ?? String(e));
  }
}

function program(args) {
  const argv0 = args.length > 0 ? args[0] : '';
  return argv0.slice(argv0.lastIndexOf('/') + 1);
}

// HH:MM:SS in UTC, as the Rust and C examples print it.
function clock() {
  return new Date().toISOString().slice(11, 19);
}

// The columns of the C and Rust examples' lines.
function row(time, pid, ppid, uid, comm, args) {
  const pad = (value, width) => String(value).padEnd(width);
  return `${pad(time, 8)} ${pad(pid, 7)} ${pad(ppid, 7)} ${pad(uid, 6)} ${pad(comm, 16)} ${args}`;
}

function line(event, args) {
  return row(clock(), event.pid, event.ppid, event.uid, event.comm, args.join(' ') + (event.truncated ? ' ...' : ''));
}

function watch({ progs, count, seconds }) {
  const deadline = Date.now() + seconds * 1000;
  // Loads and attaches the program: the header says it is watching.
  batch(0);
  console.log(row('TIME', 'PID', 'PPID', 'UID', 'COMM', 'ARGS'));
  let printed = 0;
  while (printed < count && Date.now() < deadline) {
    const wait = Math.max(0, Math.min(MAX_WAIT_MS, Math.ceil(deadline - Date.now())));
    for (const event of batch(wait)) {
      const args = event.args.slice(0, event.argc);
      if (progs && !progs.has(program(args))) continue;
      console.log(line(event, args));
      if (++printed >= count) break;
    }
  }
}

export const run = {
  run() {
    try {
      watch(parseArgs(getArguments().slice(1)));
    } catch (e) {
      console.error(`execve-watch: ${e.message}${e instanceof UsageError ? `\n${USAGE}` : ''}`);
      // A thrown error is run's `err`: the command fails (exit 1).
      throw e;
    }
  },
};
