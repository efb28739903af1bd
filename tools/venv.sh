#!/usr/bin/env bash
# Create .venv (Python 3.11+) and install ctrdesk in it with the given extras.
# Usage: tools/venv.sh [EXTRAS]     e.g. tools/venv.sh test
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-python3}"
"$python" - <<'PY' || { echo "ctrdesk needs Python 3.11 or newer" >&2; exit 1; }
import sys; sys.exit(sys.version_info < (3, 11))
PY
[ -x .venv/bin/python ] || "$python" -m venv .venv
spec="."
[ -n "${1:-}" ] && spec=".[$1]"
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)-${1:-base}"
if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e "$spec"
    touch "$stamp"
fi
