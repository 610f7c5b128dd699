"""The engine must import and run its CLI parser with Qt and the desktop app unavailable:
every module of it, as found on disk (not as a package walker finds them, which skips a
folder without ``__init__.py``)."""

import json
import subprocess
import sys
from pathlib import Path

import engine

ENGINE = Path(engine.__file__).parent

BLOCK_QT = """
import importlib, json, pkgutil, sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6', 'desktop'):
            raise ImportError('Qt is blocked in this test: ' + name)
sys.meta_path.insert(0, BlockQt())
import engine
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
from cli.parser import build_parser
build_parser().parse_args(['minutes', 'x.wav'])
assert not any(m.split('.')[0] in ('PySide6', 'shiboken6') for m in sys.modules)
walked = [m.name for m in pkgutil.walk_packages(engine.__path__, 'engine.')]
print(json.dumps({"imported": sorted(m for m in sys.modules if m == 'engine' or m.startswith('engine.')),
                  "walked": sorted(['engine', *walked])}))
"""


def modules_on_disk() -> set[str]:
    names = set()
    for file in ENGINE.rglob("*.py"):
        parts = file.relative_to(ENGINE.parent).with_suffix("").parts
        names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_engine_imports_every_module_with_qt_blocked():
    on_disk = modules_on_disk()
    assert {"engine.config", "engine.remote.fallback", "engine.audio.recorder"} <= on_disk
    result = subprocess.run([sys.executable, "-c", BLOCK_QT, json.dumps(sorted(on_disk))],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    # Exactly the files: no module was skipped, and no package exists without its
    # __init__.py (a namespace package, which pkgutil and PyInstaller do not look into).
    assert set(found["imported"]) == on_disk
    assert set(found["walked"]) == on_disk


def test_blocker_really_blocks_qt():
    code = BLOCK_QT.split("import engine")[0] + "import PySide6\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode != 0 and "Qt is blocked" in result.stderr
