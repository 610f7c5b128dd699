"""Remembered voices: a speaker's voice stored under a name, recognised in later meetings.

Opt-in and local only. Nothing is stored until the user asks to remember a speaker
("Remember this voice", ``minutia speakers remember``); a voice is a 192-float CAM++
embedding (the normalised mean of the speaker's window embeddings, see
``engine.diarize.diarizer.speaker_voices``) in ``voices.json`` in the ``voices`` folder of
the user data dir. Nothing here opens a connection: voices never leave the machine.

After a meeting is diarized, each speaker's voice is compared (cosine similarity) with the
remembered ones; the best pairs are taken first, each voice and each speaker at most once:

    similarity >= SURE       the speaker is named after the voice (speakers.json marks it)
    >= PROBABLY, < SURE      a suggestion only: "Speaker 2 is probably Priya (voice 0.71)"
    < PROBABLY               nothing

The thresholds come from bench/voices.py (``.venv/bin/python bench/voices.py``), which
remembers each person from one recording and compares them with the speakers of others.
True match / false match rate (same-person trials / different-people trials at or above):

    threshold                     0.50         0.55         0.70         0.75         0.90
    synthetic, diarized         100 / 59 %   100 / 47 %   100 / 23 %   100 / 21 %    98 / 9 %
    AMI, diarized, across files  1/2 / 0 %    1/2 / 0 %    1/2 / 0 %    0/2 / 0 %    0/2 / 0 %
    real, reference turns:
      across files (1 pair)      1/1 / 3 %    1/1 / 0 %    1/1 / 0 %    0/1 / 0 %    0/1 / 0 %
      halves of one file         5/5          5/5          5/5          4/5          0/5

Synthetic: 24 espeak-ng meetings of 2-4 of 16 voices (46 same, 900 different trials): the
same voice in another meeting (other sentences) is 0.885-0.99 (median 0.98); different
voices 0.54 at the median but up to 0.98, because CAM++ hears espeak-ng's voices as a few
families (en-us, en-gb+f3, en-gb-scotland+m3, en+m3, en-gb+m5 at 0.77-0.98 of each other;
the +f2/+f5 variants at 0.72-0.86; one voice at another pitch 0.96-0.98). No threshold
tells those apart (nor does the diarizer), so the synthetic set gives the same-voice side.
Real speech gives the other: the AMI excerpts and two_speakers.wav (84 pairs of different
people as diarized, max 0.43; 35 from their reference turns, median 0.08, max 0.52: the two
men of two_speakers.wav, in one room), and the one person heard in two files, FEE083 of
trn06 and trn09: 0.725 diarized (0.739 from reference turns; a 5-window cluster, half
someone else, 0.28); halves of one person's speech in one file 0.748-0.90.

    SURE = 0.70       every clean same-person trial, real (0.725-0.90) or synthetic
                      (>= 0.885), is above it; every real different-people trial below
    PROBABLY = 0.55   just above the most alike different people (0.52, one room)

VoiceBook.match on the synthetic meetings at these thresholds (each person remembered from
their first meeting, never the meeting itself): of 46 speakers already remembered, 42 named
right and 4 named wrong (3 clusters holding two voices; one voice taken for its family's
other at 0.95); of 16 not remembered, 13 named wrongly (0.85-0.97, the families above) and
3 suggested wrongly (0.66-0.69). Real evidence is thin (one person
across files): recordings in other rooms or on other microphones will score the same
person lower, more often "probably" than named.

Files: a session's speaker voices are in its ``speaker_voices.json`` (written by the
pipeline after each diarization, read by ``remember_speaker``); the book is one JSON file
written atomically. A damaged file is logged and read as empty (a damaged entry is skipped
and kept as it is when the book is written again; a damaged book is moved aside to
``voices.json.damaged`` before a new one is written), so a transcript never fails because
of a voice.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from engine import paths
from engine.diarize.turns import label
from engine.errors import InputError

log = logging.getLogger("minutia.voices")

SURE = 0.70
PROBABLY = 0.55
MODEL = "campplus_cn_en_common:raw"  # voices of another embedder are never compared
DIM = 192
BOOK_FILE = "voices.json"
SESSION_FILE = "speaker_voices.json"
FORMAT = 1


@dataclass(frozen=True)
class Voice:
    """A remembered voice: its ``name``, when it was first remembered (ISO date-time), and
    from how many recordings it was learnt."""

    name: str
    created: str
    meetings: int


@dataclass(frozen=True)
class VoiceMatch:
    """``speaker`` sounds like the remembered voice ``name`` (cosine ``similarity``);
    ``sure``: at or above the sure threshold (False: "probably NAME")."""

    speaker: int
    name: str
    similarity: float
    sure: bool


def unit(embedding: np.ndarray) -> np.ndarray:
    """``embedding`` as a unit float32 vector.

    Raises:
        ValueError: not DIM finite numbers, or all zero.
    """
    x = np.asarray(embedding, dtype=np.float64).reshape(-1)
    norm = float(np.linalg.norm(x)) if x.size == DIM and np.all(np.isfinite(x)) else 0.0
    if norm <= 1e-12:
        raise ValueError(f"a voice is {DIM} finite numbers, not all zero")
    return (x / norm).astype(np.float32)


class VoiceBook:
    """The remembered voices in ``folder`` (default: ``voices`` in the user data dir).

    Made without touching the disk; the folder is created by the first ``remember``.

    Args:
        folder: where ``voices.json`` is.
        sure: the similarity from which a match names the speaker.
        probably: the similarity from which a match is suggested.
    """

    def __init__(self, folder: Path | None = None, *, sure: float = SURE,
                 probably: float = PROBABLY) -> None:
        self.folder = Path(folder) if folder is not None else paths.data_dir() / "voices"
        self.sure = sure
        self.probably = min(probably, sure)

    @property
    def path(self) -> Path:
        return self.folder / BOOK_FILE

    def voices(self) -> list[Voice]:
        """The remembered voices, sorted by name (case-insensitively)."""
        return sorted((e.voice for e in self._read().entries.values()),
                      key=lambda v: (v.name.casefold(), v.name))

    def remember(self, name: str, embedding: np.ndarray) -> Voice:
        """Remember ``embedding`` as ``name``'s voice. A name already remembered (in any
        letter case) learns from this recording too: its voice becomes the mean of the
        recordings' voices, and it takes this spelling of the name.

        Raises:
            InputError: the name is empty, or the embedding is not a voice.
        """
        name = " ".join(str(name).split())
        if not name:
            raise InputError("A remembered voice needs a name")
        try:
            x = unit(embedding)
        except ValueError as e:
            raise InputError(f"Not a voice to remember: {e}") from e
        book = self._read()
        now = _now()
        old = book.entries.get(name.casefold())
        if old is not None and old.model == MODEL:
            mean = unit(old.embedding * old.voice.meetings + x)
            entry = _Entry(Voice(name, old.voice.created, old.voice.meetings + 1), mean, MODEL, now)
        else:  # new, or learnt by another embedder: its old voice cannot be averaged in
            entry = _Entry(Voice(name, now, 1), x, MODEL, now)
        book.entries[name.casefold()] = entry
        self._write(book)
        log.info("remembered the voice of %s (%d recording(s))", name, entry.voice.meetings)
        return entry.voice

    def forget(self, name: str) -> bool:
        """Forget ``name``'s voice (any letter case). Returns whether there was one."""
        book = self._read()
        if book.entries.pop(" ".join(str(name).split()).casefold(), None) is None:
            return False
        self._write(book)
        log.info("forgot a remembered voice")
        return True

    def match(self, embeddings: dict[int, np.ndarray]) -> list[VoiceMatch]:
        """Which speakers sound like remembered voices.

        Args:
            embeddings: speaker -> voice (engine.diarize's per-speaker embedding).

        Returns:
            Matches at or above ``probably``, best first; each remembered voice and each
            speaker at most once.
        """
        known = [e for e in self._read().entries.values() if e.model == MODEL]
        pairs = []
        for speaker, embedding in embeddings.items():
            try:
                x = unit(embedding)
            except ValueError:
                continue
            pairs += [(float(x @ e.embedding), int(speaker), e.voice.name) for e in known]
        matches: list[VoiceMatch] = []
        for similarity, speaker, name in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
            if similarity < self.probably:
                break
            if all(m.speaker != speaker and m.name != name for m in matches):
                matches.append(VoiceMatch(speaker, name, round(similarity, 3),
                                          similarity >= self.sure))
        return matches

    # ---- the file ---------------------------------------------------------------------

    def _read(self) -> _Book:
        if not self.path.is_file():
            return _Book({}, [], damaged=False)
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            items = data["voices"]
            if not isinstance(items, list):
                raise TypeError("'voices' is not a list")
        except (OSError, ValueError, TypeError, KeyError) as e:
            log.warning("ignoring damaged %s: %s", self.path, e)
            return _Book({}, [], damaged=True)
        book = _Book({}, [], damaged=False)
        for item in items:
            try:
                entry = _Entry.from_json(item)
            except (ValueError, TypeError, KeyError, AttributeError) as e:
                log.warning("ignoring a damaged voice in %s: %s", self.path, e)
                book.kept.append(item)
                continue
            book.entries[entry.voice.name.casefold()] = entry
        return book

    def _write(self, book: _Book) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if book.damaged and self.path.is_file():
            aside = _free_name(self.path.with_name(BOOK_FILE + ".damaged"))
            os.replace(self.path, aside)
            log.warning("moved the damaged %s aside to %s", self.path, aside.name)
        items = [e.to_json() for _, e in sorted(book.entries.items())] + book.kept
        paths.write_atomic(self.path, json.dumps({"format": FORMAT, "voices": items}, indent=1,
                                                 ensure_ascii=False))


@dataclass
class _Entry:
    voice: Voice
    embedding: np.ndarray
    model: str
    updated: str

    @classmethod
    def from_json(cls, item: dict) -> _Entry:
        name = " ".join(str(item["name"]).split())
        if not name:
            raise ValueError("a voice without a name")
        voice = Voice(name, str(item["created"]), max(1, int(item.get("meetings", 1))))
        return cls(voice, unit(item["embedding"]), str(item.get("model", "")),
                   str(item.get("updated", voice.created)))

    def to_json(self) -> dict:
        return {"name": self.voice.name, "created": self.voice.created,
                "updated": self.updated, "meetings": self.voice.meetings, "model": self.model,
                "embedding": _floats(self.embedding)}


@dataclass
class _Book:
    entries: dict[str, _Entry]  # by casefolded name
    kept: list  # damaged entries, written back as they were
    damaged: bool


# ---- a session's speaker voices -----------------------------------------------------------


def session_voices_json(voices: dict[int, np.ndarray], windows: dict[int, int]) -> str:
    """The text of a session's speaker_voices.json: each speaker's voice and how many
    windows it was averaged from."""
    return json.dumps({"format": FORMAT, "model": MODEL, "speakers": {
        str(k): {"windows": int(windows.get(k, 0)), "embedding": _floats(unit(v))}
        for k, v in sorted(voices.items())}}, indent=1)


def session_voices(folder: Path) -> dict[int, np.ndarray]:
    """The speaker voices saved in the session ``folder``: speaker -> unit embedding;
    {} when there are none (transcribed without speakers or before voices were saved) or
    the file is damaged (logged)."""
    path = Path(folder) / SESSION_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("model") != MODEL:
            log.warning("ignoring %s: voices of another speaker model (%s)", path,
                        data.get("model"))
            return {}
        return {int(k): unit(v["embedding"]) for k, v in data["speakers"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as e:
        log.warning("ignoring damaged %s: %s", path, e)
        return {}


def remember_speaker(session_folder: Path, speaker: int, name: str,
                     book: VoiceBook | None = None) -> Voice:
    """Remember the voice of ``speaker`` in a finished session as ``name``.

    Only the voice is stored; naming the speaker in the session is
    ``Session.rename_speaker``'s job.

    Args:
        session_folder: the session folder (with its speaker_voices.json).
        speaker: the speaker's number (0 is "Speaker 1").
        name: the name to remember the voice under.
        book: where to remember it (default: the user's ``VoiceBook()``).

    Returns:
        The remembered voice.

    Raises:
        InputError: the session has no speaker voices, or no such speaker, or no name.
    """
    folder = Path(session_folder)
    found = session_voices(folder)
    if not found:
        raise InputError(f"{folder.name} has no speaker voices to remember (it was transcribed"
                         " with speakers off, or before Minutia kept voices): transcribe the"
                         " recording again")
    if speaker not in found:
        raise InputError(f"No voice of {label(speaker)} in {folder.name}: it has "
                         + ", ".join(label(s) for s in sorted(found)))
    return (book or VoiceBook()).remember(name, found[speaker])


# ---- helpers ------------------------------------------------------------------------------


def _free_name(path: Path) -> Path:
    n = 1
    found = path
    while found.exists():
        n += 1
        found = path.with_name(f"{path.name}.{n}")
    return found


def _floats(x: np.ndarray) -> list[float]:
    return [float(f"{v:.7g}") for v in np.asarray(x, dtype=np.float64)]


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")

