"""Parsing benchmark: time and memory per 100 KB of program text, against a floor; then
the time to read and parse a 50-page .docx and a multi-page PDF.

The floor is what any reader must do: read the same text, split it into lines and
normalise each one, in a loop. Both run in the same process on the same text (the two
seeds, repeated to ~1 MB), so the ratio holds on any machine.

The .docx is a corpus program (Word numbering, layout tables, merged cells) repeated to
about 50 pages (140,000 characters of body text); it must read and parse in under 2 s.
The PDF is a corpus program printed over about 20 pages.

    python bench/parse.py [--repeat N] [--runs N]
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

sys.path.insert(0, str(ROOT / "tests" / "corpus"))

from ctrdesk.core.importing import parse_file  # noqa: E402
from ctrdesk.core.importing.parser import parse_program_text  # noqa: E402

DOCX_BUDGET_S = 2.0
PAGE_CHARS = 2_800  # a page of 14 pt Times on A4 with the 36-HD margins


def _floor(text: str) -> int:
    count = 0
    for line in text.split("\n"):
        count += len(" ".join(unicodedata.normalize("NFC", line).split()))
    return count


def _timed(func, text, runs: int) -> float:
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
    office = _office_files(args.runs)
    return max(office, figures.exit_code())


def _repeated(name: str, characters: int, fmt: str) -> object:
    from dataclasses import replace

    from documents import DOCS

    doc = next(d for d in DOCS if d.name == name)
    body = doc.body.strip()
    copies = max(1, characters // len(body) + 1)
    return replace(doc, name=f"bench_{name}", fmt=fmt, body="\n".join([body] * copies))


def _office_files(runs: int) -> int:
    import tempfile

    import pdfplumber
    from render import render

    with tempfile.TemporaryDirectory() as folder:
        docx_doc = _repeated("01_tinh_chuong_trinh_hanh_dong", 50 * PAGE_CHARS, "docx")
        docx_path = render(docx_doc, Path(folder))  # type: ignore[arg-type]
        pdf_doc = _repeated("02_khu_vuc_chuong_trinh_hanh_dong", 20 * PAGE_CHARS, "pdf")
        pdf_path = render(pdf_doc, Path(folder))  # type: ignore[arg-type]
        with pdfplumber.open(pdf_path) as pdf:
            pdf_pages = len(pdf.pages)
        docx_s = _timed(parse_file, docx_path, runs)  # type: ignore[arg-type]
        pdf_s = _timed(parse_file, pdf_path, max(1, runs // 2))  # type: ignore[arg-type]
        items = sum(1 for _ in parse_file(docx_path)[1].walk())
    verdict = "ok" if docx_s < DOCX_BUDGET_S else f"OVER the {DOCX_BUDGET_S:.0f} s budget"
    print(f".docx, ~50 pages      : {docx_s * 1000:8.1f} ms  read + parse, {items} elements "
          f"({verdict})")
    print(f".pdf, {pdf_pages:>2} pages       : {pdf_s * 1000:8.1f} ms  read + parse "
          f"({pdf_s / pdf_pages * 1000:.0f} ms per page)")
    return 0 if docx_s < DOCX_BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
