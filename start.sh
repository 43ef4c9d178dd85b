#!/usr/bin/env bash
# Set up (first run only) and open the review page on the bundled sample pair.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh requirements.txt
export ALIGNER_OPEN_SAMPLE="${ALIGNER_OPEN_SAMPLE:-pair}"
exec .venv/bin/streamlit run app.py "$@"
