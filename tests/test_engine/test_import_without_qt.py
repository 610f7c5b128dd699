"""The engine must import and run its CLI parser with Qt unavailable."""

import subprocess
import sys

BLOCK_QT = """
import importlib, pkgutil, sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'):
            raise ImportError('Qt is blocked in this test: ' + name)
sys.meta_path.insert(0, BlockQt())
import engine
for mod in pkgutil.walk_packages(engine.__path__, 'engine.'):
    importlib.import_module(mod.name)
from engine.cli import build_parser
build_parser().parse_args(['minutes', 'x.wav'])
print(sorted(m for m in sys.modules if m.startswith('engine.')).__len__())
assert not any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules)
"""


def test_engine_imports_every_module_with_qt_blocked():
    result = subprocess.run([sys.executable, "-c", BLOCK_QT], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 15  # every engine module was imported


def test_blocker_really_blocks_qt():
    code = BLOCK_QT.split("import engine")[0] + "import PySide6\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode != 0 and "Qt is blocked" in result.stderr
