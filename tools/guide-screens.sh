#!/usr/bin/env bash
# Remake the user guide's pictures (resources/guide/images) from the screenshots the test
# suite takes of every page and dialog at 1366x768 (tests/ui/test_fit_1366.py), keeping
# only those the guide shows, in 256 colours. Run after changing what a page looks like.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-.venv/bin/python}"
shots="$(mktemp -d)"
trap 'rm -rf "$shots"' EXIT
CTRDESK_SCREENS="$shots" QT_QPA_PLATFORM=offscreen "$python" -m pytest -q -p no:cacheprovider \
    tests/ui/test_fit_1366.py
"$python" - "$shots" <<'PY'
import sys
from pathlib import Path

from PIL import Image

from ctrdesk.core.guide import guide_dir, guide_images

shots, guide = Path(sys.argv[1]), guide_dir()
for name in guide_images():
    source = shots / Path(name).name
    if not source.is_file():
        sys.exit(f"the tests made no {source.name}: fix the guide or tests/ui/fit_screens.py")
    target = guide / name
    target.parent.mkdir(parents=True, exist_ok=True)
    Image.open(source).convert("RGB").quantize(colors=256).save(target, optimize=True)
    print(target)
PY
