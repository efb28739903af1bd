#!/usr/bin/env bash
# Refresh the message catalogs: extract, merge into vi and en, compile.
# Translate new entries in translations/vi/LC_MESSAGES/ctrdesk.po, then run again.
set -euo pipefail
cd "$(dirname "$0")/.."
pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 -k pgettext:1c,2 \
    -o translations/ctrdesk.pot --no-location --sort-output \
    --project ctrdesk --version "$(python -c 'import ctrdesk; print(ctrdesk.__version__)')" .
for lang in vi en; do
    if [ -f "translations/$lang/LC_MESSAGES/ctrdesk.po" ]; then
        pybabel update -i translations/ctrdesk.pot -d translations -D ctrdesk -l "$lang" \
            --no-fuzzy-matching --ignore-obsolete
    else
        pybabel init -i translations/ctrdesk.pot -d translations -D ctrdesk -l "$lang"
    fi
done
pybabel compile -d translations -D ctrdesk --statistics
