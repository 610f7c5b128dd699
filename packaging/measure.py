"""Measure the bundle against the venv (issue 20; results in docs/benchmarks.md).

    .venv/bin/python packaging/measure.py [--bundle dist/Minutia] [--runs 3]

Prints the bundle's size and its five largest parts, then for the frozen app and for the
venv: seconds from start to a mapped window on an Xvfb display (a fresh, empty HOME each run,
so no saved geometry or settings), and the wall time of ``--self-test`` (the frozen
``Minutia --self-test`` against ``python packaging/launch.py --self-test``), each with an empty
HOME. Needs Xvfb and xwininfo (./setup.sh --test).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from test_desktop.test_starts_under_x import (  # noqa: E402 - the test's X helpers, one copy
    _close_window,
    _mapped_window,
    _start_xvfb,
    _tools,
)

SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def sizes(bundle: Path) -> None:
    def size(path: Path) -> int:
        if path.is_symlink():
            return 0
        if path.is_file():
            return path.stat().st_size
        return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())

    internal = bundle / "_internal"
    total = size(bundle)
    print(f"bundle {bundle}: {total / 1e6:.0f} MB")
    groups: dict[str, int] = {}
    for path in internal.iterdir():  # a wheel's auditwheel libraries count with it
        name = path.name.removesuffix(".libs")
        groups[name] = groups.get(name, 0) + size(path)
    parts = sorted(((n, name) for name, n in groups.items()), reverse=True)
    for n, name in parts[:5]:
        print(f"  {name}: {n / 1e6:.0f} MB ({n / total:.0%})")


def window_seconds(command: list[str], env: dict[str, str], xvfb: str, xwininfo: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        server, display = _start_xvfb(xvfb, Path(folder) / "xvfb.log")
        home = Path(folder) / "home"
        home.mkdir()
        run_env = {**env, "HOME": str(home), "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        try:
            started = time.monotonic()
            app = subprocess.Popen(command, env=run_env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, cwd=folder)
            window = None
            while window is None and app.poll() is None and time.monotonic() - started < 120:
                time.sleep(0.05)
                window = _mapped_window(xwininfo, display)
            seconds = time.monotonic() - started
            if window is None:
                raise SystemExit(f"no window from {command}")
            _close_window(display, window)
            app.wait(timeout=30)
            return seconds
        finally:
            server.terminate()
            server.wait(timeout=10)


def self_test_seconds(command: list[str], env: dict[str, str]) -> float:
    with tempfile.TemporaryDirectory() as home:
        started = time.monotonic()
        run = subprocess.run(command, env={**env, "HOME": home}, capture_output=True, text=True)
        seconds = time.monotonic() - started
        if run.returncode != 0:
            raise SystemExit(f"{command} failed:\n{run.stdout}\n{run.stderr}")
        return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "Minutia")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes(args.bundle)
    xvfb, xwininfo = _tools()
    clean = {"PATH": SYSTEM_PATH, "LANG": "C.UTF-8"}
    venv = {**clean, "PATH": f"{Path(sys.executable).parent}:{SYSTEM_PATH}"}
    faces = {"frozen": ([str(args.bundle / "Minutia")], clean),
             "venv": ([sys.executable, str(ROOT / "packaging" / "launch.py")], venv)}
    for name, (command, env) in faces.items():
        runs = [window_seconds(command, env, xvfb, xwininfo) for _ in range(args.runs)]
        print(f"{name}: window after {' '.join(f'{s:.2f}' for s in runs)} s"
              f" (first {runs[0]:.2f}, median {statistics.median(runs):.2f})")
    for name, (command, env) in faces.items():
        seconds = self_test_seconds([*command, "--self-test"], env)
        print(f"{name}: --self-test {seconds:.1f} s")
    print(f"load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
