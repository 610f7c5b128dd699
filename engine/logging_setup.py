"""Log to a rotating file in the user log dir; the terminal and window show one-line messages."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from engine import paths


def setup_logging(level: int = logging.INFO) -> Path:
    """Attach the file handler once; returns the log file's path."""
    log_file = paths.ensure_dir(paths.log_dir()) / "minutia.log"
    root = logging.getLogger()
    if not any(getattr(h, "_minutia", False) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=3,
                                                       encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._minutia = True
        root.addHandler(handler)
    root.setLevel(level)
    return log_file
