#!/usr/bin/env bash
# Set up ctrdesk and open it on the demo workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/system-deps.sh
bash tools/venv.sh
exec .venv/bin/ctrdesk --demo "$@"
