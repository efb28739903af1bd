#!/usr/bin/env bash
# Build the one-folder app with PyInstaller and check that it starts headless.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/venv.sh dev
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN build.spec
app=dist/ctrdesk/ctrdesk
"$app" --version
tmp="$(mktemp -d)"
"$app" --db "$tmp/demo.sqlite" --demo org list --json > "$tmp/orgs.json"
grep -q "Chi bộ Vụ 14" "$tmp/orgs.json"
"$app" guide --out "$tmp/guide" > /dev/null  # the user guide is bundled, pictures and all
test -s "$tmp/guide/index.html" && test -s "$tmp/guide/images/page_00_home.png"
QT_QPA_PLATFORM=offscreen CTRDESK_EXIT_WHEN_SHOWN=1 "$app" --db "$tmp/demo.sqlite" --demo \
    | grep -q ctrdesk-workspace-loaded
rm -rf "$tmp"
echo "packaged app starts"
