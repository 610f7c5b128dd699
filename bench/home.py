"""A benchmark's throwaway MINUTIA_HOME: its sessions, logs, settings and assembled models go
to a temporary folder, not the user's, and the folder goes when the run ends (a run can
assemble the 145 MB Whisper model there; hundreds of runs filled a disk before)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile


def throwaway_home(name: str) -> None:
    """Set MINUTIA_HOME to a new temporary folder removed at exit, unless it is set already
    (then the caller's folder is kept)."""
    if "MINUTIA_HOME" in os.environ:
        return
    folder = tempfile.mkdtemp(prefix=f"minutia-bench-{name}-")
    os.environ["MINUTIA_HOME"] = folder
    atexit.register(shutil.rmtree, folder, True)
