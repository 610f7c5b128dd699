#!/usr/bin/env bash
# Set up (first run only) and run the whole test suite with the real embedded models.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh --test
.venv/bin/python -m ruff check engine desktop tests bench packaging
exec .venv/bin/python -m pytest "$@"
