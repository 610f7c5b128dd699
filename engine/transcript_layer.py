"""A session's corrected transcript: the user's edits kept beside the machine's transcript.

``transcript.json`` stays as the machine wrote it. The edits (engine.transcript_edits) live
in ``transcript.edited.json`` with what undo took back (so redo, and undo itself, survive a
restart), the fingerprint of the transcript.json they were made on, and the corrected
transcript itself (so anything can read it without replaying the edits). The manifest's
``transcript`` names the current one; ``transcript_io.load_transcript(folder)`` reads it, and
every export, the minutes, the library and the speakers' commands read a folder that way.

Each edit is saved as it is made. Edits made on an earlier transcript.json (the session was
transcribed again since) are not applied: they are set aside in
``transcript.edited.stale.json`` at the next edit.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

from engine import transcript_edits, transcript_io, vocabulary
from engine.errors import InputError
from engine.session import Session
from engine.transcript_edits import Hit
from engine.types import Transcript

log = logging.getLogger("minutia.transcript")
LAYER_VERSION = 1
STALE_FILE = "transcript.edited.stale.json"


class TranscriptLayer:
    """The corrections of one session's transcript, with undo and redo.

    ``original`` is transcript.json as the machine wrote it; ``current`` the transcript with
    the edits made (both with the speakers' names of speakers.json). A text edit or a replace
    teaches the user's vocabulary the names and terms it put in (``learn``: default
    engine.vocabulary.learn, the user's file); ``taught`` holds what the last edit taught.
    """

    def __init__(self, session: Session, *,
                 learn: Callable[..., list[str]] = vocabulary.learn) -> None:
        self.session = session
        self._learn = learn
        self.taught: list[str] = []
        self.original = transcript_io.load_transcript(session.dir / transcript_io.ORIGINAL_FILE)
        self.edits: list[dict] = []
        self.undone: list[dict] = []  # what undo took back, the latest last (redo's stack)
        self.stale = False  # the layer on disk was made on an earlier transcript.json
        self._in_use = False  # the layer on disk says the corrections are in use
        self._read()
        self.current = transcript_edits.apply(self.original, self.edits)

    @classmethod
    def open(cls, folder: Path, **options) -> TranscriptLayer:
        """The layer of the session in ``folder`` (``options``: the constructor's).

        Raises:
            InputError: the folder has no transcript (or an unreadable one).
        """
        return cls(Session.open(Path(folder)), **options)

    # ---- state ----------------------------------------------------------------------------
    @property
    def corrected(self) -> bool:
        """The corrected transcript is the session's current one (and it has edits)."""
        return bool(self.edits) and transcript_io.edited_in_use(
            self.session.manifest, {"in_use": self._in_use})

    @property
    def shown(self) -> Transcript:
        """What the session's readers get: ``current`` when corrected, else ``original``."""
        return self.current if self.corrected else self.original

    @property
    def can_undo(self) -> bool:
        return bool(self.edits)

    @property
    def can_redo(self) -> bool:
        return bool(self.undone)

    # ---- edits ----------------------------------------------------------------------------
    def edit_text(self, index: int, text: str) -> Transcript:
        """Segment ``index`` says ``text`` (empty: the segment goes; the others keep their
        times). Returns the corrected transcript. Raises InputError: no such segment."""
        old = self.current.segments[self._checked(index)].text
        if text == old:
            return self.current
        done = self._do({"op": "text", "index": index, "text": text})
        self.taught = self._learn(old, text, replaced=False)
        return done

    def delete(self, index: int) -> Transcript:
        return self._do({"op": "delete", "index": index})

    def merge(self, index: int) -> Transcript:
        """Segment ``index`` and the one after it become one."""
        return self._do({"op": "merge", "index": index})

    def split(self, index: int, at: int) -> Transcript:
        """Segment ``index`` becomes two, cut at character ``at`` of its text."""
        return self._do({"op": "split", "index": index, "at": int(at)})

    def set_speaker(self, index: int, speaker: int | None) -> Transcript:
        """Segment ``index`` was said by ``speaker`` (a number; a new one for someone the
        machine did not tell apart: ``transcript_edits.new_speaker``)."""
        return self._do({"op": "speaker", "index": index, "speaker": speaker})

    def find(self, old: str, *, match_case: bool = False, whole_word: bool = True) -> list[Hit]:
        """Where ``old`` is in the corrected transcript (a replace's preview)."""
        return transcript_edits.find(self.current, old, match_case=match_case,
                                     whole_word=whole_word)

    def replace(self, old: str, new: str, *, match_case: bool = False,
                whole_word: bool = True) -> list[Hit]:
        """Replace ``old`` with ``new`` everywhere (one edit: one undo takes it all back).

        Returns:
            The hits it replaced, as ``find`` saw them; none: nothing was edited.
        """
        hits = self.find(old, match_case=match_case, whole_word=whole_word)
        if hits:
            self._do({"op": "replace", "old": old, "new": new, "match_case": match_case,
                      "whole_word": whole_word})
            self.taught = self._learn(old, new, replaced=True)
        return hits

    def undo(self) -> bool:
        """Take the last edit back (False: there is none)."""
        if not self.edits:
            return False
        self.undone.append(self.edits.pop())
        self._changed()
        return True

    def redo(self) -> bool:
        """Make the last edit undo took back again (False: there is none)."""
        if not self.undone:
            return False
        self.edits.append(self.undone.pop())
        self._changed()
        return True

    def use_original(self, original: bool = True) -> None:
        """Make transcript.json the current transcript again (the edits are kept, and
        ``use_original(False)`` or any new edit brings them back)."""
        self._save(current=not original)

    def reload_names(self) -> None:
        """Read the speakers' names again (a speaker was renamed since)."""
        fresh = transcript_io.load_transcript(self.session.dir / transcript_io.ORIGINAL_FILE)
        self.original.speaker_names = fresh.speaker_names
        self.current.speaker_names = dict(fresh.speaker_names)

    # ---- plumbing -------------------------------------------------------------------------
    def _checked(self, index: int) -> int:
        if not 0 <= index < len(self.current.segments):
            raise InputError(f"No segment number {index} in this transcript"
                             f" ({len(self.current.segments)} segments)")
        return index

    def _do(self, edit: dict) -> Transcript:
        # Made first on the current segments: an edit that cannot be made raises here and
        # leaves the layer as it was.
        segments = transcript_edits.apply_one(self.current.segments, edit)
        self.taught = []
        self.edits.append({**edit, "at_time": datetime.now().isoformat(timespec="seconds")})
        self.undone.clear()
        self.current.segments = segments
        self._save(current=True)
        return self.current

    def _changed(self) -> None:
        self.current = transcript_edits.apply(self.original, self.edits)
        self._save(current=bool(self.edits))

    def _save(self, *, current: bool) -> None:
        if self.stale:
            folder = self.session.dir
            (folder / transcript_io.EDITED_FILE).replace(folder / STALE_FILE)
            log.warning("set the edits made on an earlier transcript aside in %s", STALE_FILE)
            self.stale = False
        self._in_use = current
        layer = {"version": LAYER_VERSION,
                 "base_sha256": transcript_io.original_sha256(self.session.dir),
                 "in_use": current, "edits": self.edits, "undone": self.undone,
                 "transcript": json.loads(transcript_io.to_json(self.current))}
        shown = self.current if current else self.original
        self.session.save_corrections(json.dumps(layer, ensure_ascii=False, indent=1),
                                      current=current, txt=transcript_io.to_txt(shown))

    def _read(self) -> None:
        path = self.session.dir / transcript_io.EDITED_FILE
        if not path.is_file():
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            edits, undone = _edit_list(data["edits"]), _edit_list(data.get("undone", []))
            if data.get("base_sha256") != transcript_io.original_sha256(self.session.dir):
                self.stale = True
                return
            transcript_edits.apply(self.original, edits)  # they still make sense
        except (OSError, ValueError, KeyError, TypeError, AttributeError, InputError) as e:
            raise InputError(f"{path} is damaged ({e}): move it away to use the machine's"
                             " transcript") from e
        self.edits, self.undone = edits, undone
        self._in_use = bool(data.get("in_use"))


def _edit_list(items) -> list[dict]:
    if not isinstance(items, list) or not all(isinstance(e, Mapping) for e in items):
        raise TypeError("edits are not a list of edits")
    return [dict(e) for e in items]
