"""The frozen app's entry point: ``Minutia`` opens the desktop app, ``Minutia --cli ...`` runs
the ``minutia`` command line, ``Minutia --self-test`` checks the bundle (engine/self_test.py).

PyInstaller freezes this script (packaging/minutia.spec); from a checkout it runs the same way:
``.venv/bin/python packaging/launch.py --self-test``.
"""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Dispatch on the first argument.

    Args:
        argv: the arguments after the program name; ``None`` reads ``sys.argv``.

    Returns:
        The exit code of the face that ran.
    """
    # A frozen app re-runs its own executable for multiprocessing children: let them be children.
    multiprocessing.freeze_support()
    args = sys.argv[1:] if argv is None else argv
    # Windows and macOS bundles have a second, console executable for the command line.
    if Path(sys.executable).stem.lower().endswith("-cli") and getattr(sys, "frozen", False):
        args = ["--cli", *args]
    if args[:1] == ["--cli"]:
        from cli import main as cli_main
        return cli_main(args[1:])
    if args[:1] == ["--self-test"]:
        from engine.self_test import main as self_test_main
        return self_test_main(args[1:])
    if args[:1] in (["--version"], ["-V"]):
        from engine.version import __version__
        print(f"Minutia {__version__}")
        return 0
    from desktop.app import main as desktop_main
    return desktop_main(args)


if __name__ == "__main__":
    sys.exit(main())
