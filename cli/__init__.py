"""``minutia``: the command-line face of the engine, beside the desktop face in ``desktop/``."""

from cli.app import main

__all__ = ["main"]
