#!/usr/bin/env bash
# Set up ctrdesk with its test dependencies and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
# The tests check signatures with real tools: SoftHSM2 (a PKCS#11 token), OpenSC's
# pkcs11-tool, NSS's certutil and poppler's pdfsig/pdftoppm/pdffonts; the .docx export is
# converted by LibreOffice (headless) with Liberation Serif for Times New Roman.
CTRDESK_EXTRA_DEBS="softhsm2 opensc libnss3-tools poppler-utils libreoffice-writer-nogui \
fonts-liberation2" bash tools/system-deps.sh
bash tools/venv.sh test
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
# One worker per core; the tests of one file stay together (they share fixtures).
exec .venv/bin/python -m pytest -n "${CTRDESK_TEST_WORKERS:-auto}" --dist loadfile "$@"
