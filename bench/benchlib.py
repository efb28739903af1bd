"""What every bench shares: its figures against their targets, and the exit status.

Each figure is a time (seconds) with, when there is one, the floor measured in the same
run; its target is either a ratio to the floor or an absolute time. A bench prints its
figures as it goes, calls :meth:`Figures.exit_code` last and exits with it: non-zero when
a target is missed. When ``CTRDESK_BENCH_RESULTS`` names a file, each figure is also
appended to it as a JSON line, for ``bench/run-all``'s table.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass


@dataclass
class Figure:
    bench: str
    figure: str
    seconds: float
    floor: float | None  # seconds, measured in the same run
    target: str  # "<= 5x floor", "<= 1 s", or "" when the figure has no target
    met: bool
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.seconds / self.floor if self.floor else None


class Figures:
    def __init__(self, bench: str) -> None:
        self.bench = bench
        self.figures: list[Figure] = []

    def add(self, figure: str, seconds: float, floor: float | None = None, *,
            max_ratio: float | None = None, max_seconds: float | None = None,
            note: str = "") -> bool:
        """Record a figure; return whether it met its target (True when it has none)."""
        met = True
        target = ""
        if max_ratio is not None:
            target = f"<= {max_ratio:g}x floor"
            met = floor is not None and seconds <= max_ratio * floor
        elif max_seconds is not None:
            target = f"<= {max_seconds:g} s"
            met = seconds <= max_seconds
        entry = Figure(self.bench, figure, seconds, floor, target, met, note)
        self.figures.append(entry)
        results = os.environ.get("CTRDESK_BENCH_RESULTS")
        if results:
            with open(results, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
        return met

    def exit_code(self) -> int:
        missed = [f for f in self.figures if not f.met]
        for figure in missed:
            print(f"MISSED: {figure.figure}: {figure.seconds * 1000:.0f} ms, target "
                  f"{figure.target}", file=sys.stderr)
        return 1 if missed else 0


def peak_rss_mb() -> float:
    """The process's peak resident memory so far, in MB."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024
