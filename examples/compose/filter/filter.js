// execve filter: the exec events it is handed that match its filters, as
// JSON lines (one event a line, for jq or a log shipper).
//
// A processor component (componentize-js). Filters, from the environment
// (`wasm-bpf run --env NAME=VALUE`), each a comma-separated list; an event
// passes when it matches every filter given:
//   EXECVE_COMM  the caller's name before the exec (`bash,cron`)
//   EXECVE_PROG  the program run: the last part of its argv[0] (`ls,true`)
//   EXECVE_UID   the user id (`0,1000`)
//
// A line: {"pid":7,"ppid":1,"uid":0,"comm":"sh","args":["ls","-l"],"truncated":false}
// (`args` are the first eight arguments; `truncated` says there were more).
// The same lines are what execve-replay reads back.

import { getEnvironment } from 'wasi:cli/environment@0.2.12';

// Made at the first batch: componentize-js runs this module's top level
// when it builds the component, where the run's environment is not yet.
let filters = null;

function readFilters() {
  const env = new Map(getEnvironment());
  const list = (name) => {
    const value = env.get(name);
    return value ? new Set(value.split(',').map((s) => s.trim()).filter((s) => s !== '')) : null;
  };
  return { comm: list('EXECVE_COMM'), prog: list('EXECVE_PROG'), uid: list('EXECVE_UID') };
}

function program(args) {
  const argv0 = args.length > 0 ? args[0] : '';
  return argv0.slice(argv0.lastIndexOf('/') + 1);
}

function matches(event, args) {
  const { comm, prog, uid } = filters;
  return (!comm || comm.has(event.comm))
    && (!prog || prog.has(program(args)))
    && (!uid || uid.has(String(event.uid)));
}

export const processor = {
  handle(batch) {
    filters ??= readFilters();
    const lines = [];
    for (const event of batch) {
      const args = event.args.slice(0, event.argc);
      if (!matches(event, args)) continue;
      lines.push(JSON.stringify({
        pid: event.pid, ppid: event.ppid, uid: event.uid, comm: event.comm, args, truncated: event.truncated !== 0,
      }));
    }
    // One write per batch rather than one per event.
    if (lines.length > 0) console.log(lines.join('\n'));
  },

  // Nothing held back: every event was printed when it came.
  flush() {},
};
