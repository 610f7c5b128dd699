"""The meeting library: every session folder listed, searched (words and meaning), renamed
and deleted, through an SQLite index the folders can always rebuild (issue 18)."""

from engine.library.actions import Action
from engine.library.embedder import Embedder, model_files
from engine.library.folders import INTERRUPTED, MINUTES_WRITTEN
from engine.library.hook import session_finished
from engine.library.library import Entry, Library, Skipped, SyncReport
from engine.library.search import HIGHLIGHT, Hit, fts_query

__all__ = ["HIGHLIGHT", "Action", "INTERRUPTED", "MINUTES_WRITTEN", "Embedder", "Entry", "Hit",
           "Library", "Skipped", "SyncReport", "fts_query", "model_files", "session_finished"]
