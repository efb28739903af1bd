#!/usr/bin/env bash
# Compile Qt's own strings in Vietnamese (translations/qtbase_vi.ts) to the .qm the app
# loads. Run after editing the .ts; tests/ui/test_qt_translation.py checks they agree.
set -euo pipefail
cd "$(dirname "$0")/.."
pyside6-lrelease -silent translations/qtbase_vi.ts -qm translations/qtbase_vi.qm
