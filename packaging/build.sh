#!/usr/bin/env bash
# Build the one-folder desktop bundle with PyInstaller (packaging/minutia.spec):
#   dist/Minutia/                               the app: ./Minutia, ./Minutia --cli ..., ./Minutia --self-test
#   dist/Minutia-<version>-linux-x86_64.tar.gz  the same folder, with minutia.desktop and the icon
#
#   packaging/build.sh [--dist DIR] [--work DIR] [--no-tar] [--self-test]
#   (--work: PyInstaller's scratch folder, removed after a build)
#
# Needs the project's venv with the models installed (./setup.sh) and PyInstaller
# (.venv/bin/pip install -e ".[package]"). PYTHON=/path/to/python picks another interpreter.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dist=$root/dist work=$root/build/pyinstaller tar=1 self_test=0
while (($#)); do
    case $1 in
        --dist) dist=$(realpath -m "$2"); shift 2 ;;
        --work) work=$(realpath -m "$2"); shift 2 ;;
        --no-tar) tar=0; shift ;;
        --self-test) self_test=1; shift ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "build.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
python=${PYTHON:-$root/.venv/bin/python}
if ! "$python" -c 'import PyInstaller' 2>/dev/null; then
    echo "build.sh: PyInstaller is missing: $python -m pip install -e \"$root[package]\"" >&2
    exit 2
fi
version=$("$python" -c "import re,sys; print(re.search(r'__version__ = \"([^\"]+)\"', open(sys.argv[1]).read())[1])" \
          "$root/engine/version.py")
case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) platform=linux-x86_64 ;;
    Linux-aarch64) platform=linux-aarch64 ;;
    *) platform=$(uname -s | tr A-Z a-z)-$(uname -m) ;;
esac
if [[ $(uname -s) == Linux ]] && ! ldconfig -p 2>/dev/null | grep -q libportaudio; then
    # sounddevice loads PortAudio from the system at run time; it is not part of the bundle.
    echo "build.sh: note: libportaudio2 is not installed here; the bundle needs it on the user's machine" >&2
fi

started=$(date +%s)
echo "build.sh: building Minutia $version into $dist/Minutia" >&2
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$dist" --workpath "$work" "$root/packaging/minutia.spec"
rm -rf "$work"  # PyInstaller's scratch files (~0.5 GB); --clean rebuilds them every time anyway
bundle=$dist/Minutia
install -m 644 "$root/packaging/minutia.desktop" "$bundle/minutia.desktop"
install -m 644 "$root/assets/icons/minutia.png" "$bundle/minutia.png"
install -m 644 "$root/packaging/INSTALL.txt" "$bundle/INSTALL.txt"
echo "build.sh: bundle ready in $(( $(date +%s) - started )) s: $(du -sh "$bundle" | cut -f1) $bundle" >&2

if ((tar)); then
    archive=$dist/Minutia-$version-$platform.tar.gz
    # gzip -1: the models are already compressed, a higher level only costs time.
    tar -C "$dist" -cf - Minutia | gzip -1 > "$archive.partial"
    mv "$archive.partial" "$archive"
    echo "build.sh: archive $(du -h "$archive" | cut -f1) $archive" >&2
fi
if ((self_test)); then
    "$bundle/Minutia" --self-test
fi
