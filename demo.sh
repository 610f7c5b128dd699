#!/usr/bin/env bash
# Set up (first run only) and write the minutes of the bundled sample meeting.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
exec .venv/bin/minutia minutes assets/samples/meeting.wav --temperature 0 "$@"
