"""Keep the library's index current as jobs finish (called by engine.pipeline)."""

from __future__ import annotations

import logging
from pathlib import Path

from engine import paths

log = logging.getLogger("minutia.library")


def session_finished(folder: Path) -> None:
    """Index one session folder that a job just finished with (on the job's own thread).

    Only folders in the user's sessions dir belong to the library (a job run with another
    output folder is not indexed). Meaning vectors are left for the next search or
    ``minutia reindex``, so a job never waits for the embedding model. Never raises: the
    index is a cache, and the next listing or search catches up with the folder.
    """
    try:
        root = paths.sessions_dir()
        if Path(folder).resolve().parent != root.resolve():
            return
        from engine.library.library import Library

        with Library(root=root) as library:
            library.update(Path(folder))
    except Exception:  # noqa: BLE001 - a cache that fails must not fail the job
        log.exception("library: could not index %s", folder)
