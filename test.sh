#!/usr/bin/env bash
# Set up (first run only) and run the whole test suite with the real embedded models.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh --test
.venv/bin/python -m ruff check .
exec .venv/bin/python -m pytest "$@"
