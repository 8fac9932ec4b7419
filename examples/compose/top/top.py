"""execve top: which processes start the most programs.

A processor component (componentize-py): it counts the execs it is handed
per parent process and, at each flush that follows new events, prints the
parents with the most execs since it started, with those of the last
interval (NEW) and the last program each one ran.

The parent's name: a forked child keeps its parent's comm until its own
exec, so the comm of an exec event (the caller's, before the exec) is the
parent's name, unless the process had exec'd before (a shell's `exec`).

EXECVE_TOP (environment) is how many parents a report lists (10).
"""

import os
import sys
from dataclasses import dataclass

from wit_world import exports
from wit_world.imports.types import Event

# How much of the last command line a row shows.
COMMAND_WIDTH = 48


@dataclass
class Parent:
    comm: str
    execs: int = 0
    new: int = 0
    last: str = ""


def rows_from_env() -> int:
    value = os.environ.get("EXECVE_TOP", "10")
    try:
        return max(1, int(value))
    except ValueError:
        # A report is still worth more than a trap.
        print(f"execve top: EXECVE_TOP={value!r} is not a number: listing 10", file=sys.stderr)
        return 10


class Top:
    """The counts since the start, and what the next report shows."""

    def __init__(self) -> None:
        self.parents: dict[int, Parent] = {}
        self.execs = 0
        self.new = 0
        self.reports = 0
        # Read at the first report, not here: componentize-py runs this
        # module's top level when it builds the component, not at run time.
        self.rows: int | None = None

    def add(self, event: Event) -> None:
        parent = self.parents.setdefault(event.ppid, Parent(event.comm))
        parent.comm = event.comm
        parent.execs += 1
        parent.new += 1
        parent.last = " ".join(event.args[: event.argc]) + (" ..." if event.truncated else "")
        self.execs += 1
        self.new += 1

    def report(self) -> None:
        if self.new == 0:
            return
        if self.rows is None:
            self.rows = rows_from_env()
        self.reports += 1
        print(f"#{self.reports}: {self.execs} execs (+{self.new}) from {len(self.parents)} parents")
        print(f"{'EXECS':>7} {'NEW':>5} {'PPID':<7} {'PARENT':<16} LAST")
        ranked = sorted(self.parents.items(), key=lambda item: (-item[1].execs, item[0]))
        for ppid, p in ranked[: self.rows]:
            print(f"{p.execs:>7} {p.new:>5} {ppid:<7} {p.comm:<16} {p.last[:COMMAND_WIDTH]}")
        if len(ranked) > self.rows:
            print(f"{'':>7} {'':>5} ({len(ranked) - self.rows} more)")
        # A reader (a test, a pipe) sees each report when it is made.
        print(flush=True)
        for p in self.parents.values():
            p.new = 0
        self.new = 0


# The state is the module's: componentize-py, not this code, makes the
# Processor it calls.
TOP = Top()


class Processor(exports.Processor):
    def handle(self, batch: list[Event]) -> None:
        for event in batch:
            TOP.add(event)

    def flush(self) -> None:
        TOP.report()
