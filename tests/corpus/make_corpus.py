"""Rebuild the corpus files and their expected results.

    python tests/corpus/make_corpus.py

Writes ``files/NAME.{docx,pdf,txt}`` and ``expected/NAME.json`` beside this script. The
generated files are committed, so the tests read exactly what was reviewed; run this
again after changing ``documents.py`` or ``render.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from render import render  # noqa: E402

from documents import DOCS  # noqa: E402


def main() -> int:
    files = HERE / "files"
    expected = HERE / "expected"
    files.mkdir(exist_ok=True)
    expected.mkdir(exist_ok=True)
    for doc in DOCS:
        path = render(doc, files)
        data = {"file": path.name, **doc.expect}
        (expected / f"{doc.name}.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(path.relative_to(HERE))
    return 0


if __name__ == "__main__":
    sys.exit(main())
