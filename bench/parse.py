"""Parsing benchmark: time and memory per 100 KB of program text, against a floor.

The floor is what any reader must do: read the same text, split it into lines and
normalise each one, in a loop. Both run in the same process on the same text (the two
seeds, repeated to ~1 MB), so the ratio holds on any machine.

    python bench/parse.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import Figures

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ctrdesk.core.importing.parser import parse_program_text  # noqa: E402


def _floor(text: str) -> int:
    count = 0
    for line in text.split("\n"):
        count += len(" ".join(unicodedata.normalize("NFC", line).split()))
    return count


def _timed(func, text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15, help="copies of the two seeds")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    samples = ROOT / "resources" / "samples"
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt")))
    text = "\n".join([seeds] * args.repeat)
    size_kb = len(text.encode("utf-8")) / 1024
    parse = _timed(parse_program_text, text, args.runs)
    floor = _timed(_floor, text, args.runs)
    tracemalloc.start()
    parse_program_text(text)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    per_100kb = parse / size_kb * 100
    print(f"text                 : {size_kb:8.0f} KB ({args.repeat} copies of both seeds)")
    print(f"parse                : {parse * 1000:8.1f} ms  ({per_100kb * 1000:.1f} ms per 100 KB)")
    print(f"floor (read+split)   : {floor * 1000:8.1f} ms")
    print(f"ratio                : {parse / floor:8.1f}x the floor")
    figures = Figures("parse")
    figures.add(f"parse {size_kb:,.0f} KB of programs", parse, floor,
                note=f"peak {peak / 1024 / 1024:.1f} MB")
    print(f"peak memory of parse : {peak / 1024 / 1024:8.1f} MB "
          f"({peak / (size_kb * 1024):.1f} bytes per byte of text)")
    return figures.exit_code()


if __name__ == "__main__":
    sys.exit(main())
