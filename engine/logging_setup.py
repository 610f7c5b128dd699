"""Log to a rotating file in the user log dir; the terminal and window show one-line messages."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from engine import paths

NATIVE_LOG_ENV = "MINUTIA_LLAMA_LOG"
NATIVE_LOGGER = "minutia.llama.cpp"  # llama.cpp's own output, routed by local_llama


def native_log_level() -> int:
    """How much of llama.cpp's own output reaches the log: warnings and errors, unless
    $MINUTIA_LLAMA_LOG names another level (debug, info, warning, error). Its INFO lines
    (every tensor, every context setting, at each load) made most of a ~1 MB log."""
    name = os.environ.get(NATIVE_LOG_ENV, "").strip().upper()
    level = logging.getLevelName(name) if name else logging.WARNING
    return level if isinstance(level, int) else logging.WARNING


def setup_logging(level: int = logging.INFO) -> Path:
    """Attach the file handler once per log file; returns the log file's path. A handler
    left on another file (the data folder changed within the process: MINUTIA_HOME set
    again, as each test does) is closed and replaced, so the log is where the path says."""
    log_file = paths.ensure_dir(paths.log_dir()) / "minutia.log"
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_minutia", False)]:
        if Path(old.baseFilename) != log_file.absolute():
            root.removeHandler(old)
            old.close()
    if not any(getattr(h, "_minutia", False) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=3,
                                                       encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._minutia = True
        root.addHandler(handler)
    root.setLevel(level)
    # Asked for llama.cpp's debug output: let it through the root level too.
    logging.getLogger(NATIVE_LOGGER).setLevel(min(level, native_log_level()))
    return log_file
