"""Which .docx reader: ctrdesk's own against docx2python and mammoth, on the corpus.

For each .docx of tests/corpus, the text each reader gives is parsed by the same parser
and scored field by field against the expected result; the time to read is measured too.
docx2python and mammoth are not dependencies of ctrdesk: install them in a scratch
folder to run this (``pip install --target /tmp/readers docx2python mammoth`` and
``PYTHONPATH=/tmp/readers``); a reader that is not installed is skipped.

    python bench/docx_readers.py
"""

from __future__ import annotations

import io
import re
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from corpus_score import CORPUS, cases, score  # noqa: E402
from ctrdesk.core.importing.docx_reader import docx_lines  # noqa: E402
from ctrdesk.core.importing.parser import parse_program_text  # noqa: E402


def own(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "\n".join(docx_lines(package))


def _d2p_paragraph(text: str) -> str:
    # docx2python writes its own list marks ("1)\t", "a)\t", "--\t") after tab indents.
    text = text.lstrip("\t")
    text = re.sub(r"^--\t", "- ", text)
    return re.sub(r"^(\S{1,8})\)\t", r"\1) ", text)


def with_docx2python(data: bytes) -> str:
    from docx2python import docx2python

    lines: list[str] = []
    with docx2python(io.BytesIO(data)) as result:
        body: Any = result.body
    seen_text = False
    for table in body:
        rows = [[[_d2p_paragraph(p) for p in cell] for cell in row] for row in table]
        width = max((len(r) for r in rows), default=0)
        if width <= 1:  # plain paragraphs come as a table of one cell
            for row in rows:
                for cell in row:
                    for paragraph in cell:
                        lines += [paragraph, ""]
                        seen_text = seen_text or bool(paragraph.strip())
            continue
        if width <= 3 and (not seen_text or any("Nơi nhận" in p for r in rows for c in r
                                                 for p in c)):
            for column in range(width):  # a layout table: column by column
                for row in rows:
                    if column < len(row):
                        lines += row[column]
                lines.append("")
            continue
        for row in rows:
            lines.append("\t".join(" ".join(p for p in cell if p.strip()) for cell in row))
        lines.append("")
    return "\n".join(lines)


def with_mammoth(data: bytes) -> str:
    import mammoth

    return str(mammoth.extract_raw_text(io.BytesIO(data)).value)


READERS: dict[str, Callable[[bytes], str]] = {
    "ctrdesk (own numbering)": own, "docx2python": with_docx2python, "mammoth": with_mammoth}


def main() -> int:
    docx_cases = [c for c in cases() if c["file"].endswith(".docx")]
    print(f"{len(docx_cases)} .docx documents of the corpus\n")
    print(f"{'reader':<26} {'fields':>11} {'score':>7} {'read ms/doc':>12}")
    for name, reader in READERS.items():
        right = total = 0
        elapsed = 0.0
        try:
            for case in docx_cases:
                data = (CORPUS / "files" / case["file"]).read_bytes()
                start = time.perf_counter()
                text = reader(data)
                elapsed += time.perf_counter() - start
                result = score(parse_program_text(text), case)
                right += result.right
                total += result.total
        except ImportError:
            print(f"{name:<26} (not installed)")
            continue
        print(f"{name:<26} {right:>5}/{total:<5} {right / total:7.1%} "
              f"{elapsed / len(docx_cases) * 1000:12.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
