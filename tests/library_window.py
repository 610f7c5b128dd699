"""The window on a real meeting library for the library pane's and the Actions tab's tests:
session folders under ``tmp_path/sessions`` (where the window's jobs write too), its own
index file, deletions moved to a folder standing in for the system trash, and the threads
every library call ran on."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from desktop.main_window import MainWindow
from desktop.session_controller import SessionController
from desktop.workers.library_jobs import LibraryJobs
from engine import EngineConfig
from engine.library import Library


class WatchedLibrary(Library):
    """The engine's Library, noting the thread of each call the window makes."""

    threads: set[str] = set()

    def _noted(self) -> None:
        WatchedLibrary.threads.add(threading.current_thread().name)

    def sync(self):
        self._noted()
        return super().sync()

    def search(self, query, **kw):
        self._noted()
        return super().search(query, **kw)

    def resolve(self, text):
        self._noted()
        return super().resolve(text)

    def set_done(self, ref, done=True):
        self._noted()
        return super().set_done(ref, done)


def trash_into(folder: Path):
    def trash(path: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), str(folder / path.name))
    return trash


def library_window(qtbot, settings, tmp_path: Path, make_pipeline, *,
                   confirm=lambda question: True) -> MainWindow:
    """A shown window whose library is ``tmp_path/sessions`` (its index in ``tmp_path``)."""
    root = tmp_path / "sessions"

    def make_library() -> Library:
        return WatchedLibrary(root=root, index_path=tmp_path / "index" / "library.sqlite3",
                              trash=trash_into(tmp_path / "trash"))

    controller = SessionController(lambda cfg: make_pipeline(cfg, root), EngineConfig())
    window = MainWindow(controller, settings, confirm=confirm,
                        library=LibraryJobs(make_library=make_library))
    qtbot.addWidget(window)
    window.show()
    return window


def wait_listed(qtbot, window, count: int, timeout: int = 15000) -> None:
    qtbot.waitUntil(lambda: window.library_pane.model.rowCount() == count
                    and not window.library.jobs.busy, timeout=timeout)
