"""Transcripts to and from files: JSON (lossless), plain text, SRT, WebVTT and RTTM.

With speakers (``Segment.speaker``) every format says who spoke, by the name the user gave
(``Transcript.speaker_names``) or "Speaker N"; without them each is as it always was.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import asdict
from pathlib import Path

from engine import speakers
from engine.diarize.rttm import format_rttm
from engine.errors import InputError
from engine.types import Segment, Transcript, Word

FORMATS = ("txt", "srt", "vtt", "json", "rttm")
ORIGINAL_FILE = "transcript.json"  # the machine's transcript: never changed by an edit
EDITED_FILE = "transcript.edited.json"  # the user's corrections (engine.transcript_layer)
log = logging.getLogger("minutia.transcript")
_VOICE_UNSAFE = re.compile(r"[<>&\s]+")


def mmss(seconds: float) -> str:
    """``[mm:ss]`` stamp used in transcripts and prompts (hours fold into minutes)."""
    total = int(seconds)
    return f"{total // 60:02d}:{total % 60:02d}"


def _clock(seconds: float, sep: str) -> str:
    ms = int(round(seconds * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def speaker_name(t: Transcript, s: Segment) -> str | None:
    """Who said ``s``: its speaker's name, or "Speaker N"; None when not diarized."""
    return None if s.speaker is None else speakers.display_name(s.speaker, t.speaker_names)


def _said(t: Transcript, s: Segment) -> str:
    """The segment's text, after ``Name: `` when its speaker is known."""
    name = speaker_name(t, s)
    return s.text if name is None else f"{name}: {s.text}"


def to_txt(t: Transcript) -> str:
    return "".join(f"[{mmss(s.start)}] {_said(t, s)}\n" for s in t.segments)


def to_srt(t: Transcript) -> str:
    return "\n".join(f"{i}\n{_clock(s.start, ',')} --> {_clock(s.end, ',')}\n{_said(t, s)}\n"
                     for i, s in enumerate(t.segments, 1))


def _voiced(t: Transcript, s: Segment) -> str:
    """A WebVTT cue's text, in a voice span ``<v Name>`` when its speaker is known (the
    annotation may hold spaces, but no "<", ">", "&" or line break)."""
    name = speaker_name(t, s)
    if name is None:
        return s.text
    return f"<v {_VOICE_UNSAFE.sub(' ', name).strip()}>{s.text}"


def to_vtt(t: Transcript) -> str:
    return "WEBVTT\n\n" + "\n".join(f"{_clock(s.start, '.')} --> {_clock(s.end, '.')}\n{_voiced(t, s)}\n"
                                    for s in t.segments)


def to_rttm(t: Transcript) -> str:
    """Standard RTTM (NIST), as diarization is scored: one SPEAKER line per turn, where a
    turn is consecutive segments of one speaker. The file id is the source's name, the
    speaker its name (spaces as ``_``); segments without a speaker are left out."""
    file_id = re.sub(r"\s+", "_", Path(t.source).stem) if t.source else "meeting"
    return format_rttm([(turn.start, turn.end,
                         re.sub(r"\s+", "_", speakers.display_name(turn.speaker, t.speaker_names)))
                        for turn in speakers.turns_of(t.segments)], file_id)


def _segment_json(s: Segment) -> dict:
    data = {"start": s.start, "end": s.end, "text": s.text}
    if s.speaker is not None:  # absent, not null, when not diarized: the file as it always was
        data["speaker"] = s.speaker
    data["words"] = [asdict(w) for w in s.words]
    return data


def to_json(t: Transcript) -> str:
    """Lossless, but for the speakers' names: they live in speakers.json (engine.speakers)."""
    data = {"segments": [_segment_json(s) for s in t.segments], "language": t.language,
            "language_probability": t.language_probability, "duration": t.duration,
            "source": t.source}
    return json.dumps(data, ensure_ascii=False, indent=1)


def render(t: Transcript, fmt: str) -> str:
    """The transcript in one of FORMATS."""
    return {"txt": to_txt, "srt": to_srt, "vtt": to_vtt, "json": to_json, "rttm": to_rttm}[fmt](t)


def from_json(text: str) -> Transcript:
    return from_data(json.loads(text))


def from_data(data: dict) -> Transcript:
    """A transcript from to_json's data, already parsed."""
    segments = [Segment(float(s["start"]), float(s["end"]), str(s["text"]),
                        tuple(Word(**w) for w in s.get("words", ())),
                        None if s.get("speaker") is None else int(s["speaker"]))
                for s in data["segments"]]
    return Transcript(segments, data.get("language", ""),
                      float(data.get("language_probability", 0.0)),
                      float(data.get("duration", segments[-1].end if segments else 0.0)),
                      data.get("source", ""))


def load_transcript(path: Path) -> Transcript:
    """Read a transcript.json written by Minutia, with the speakers' names saved beside it.

    Args:
        path: the transcript.json (read as it is), or the session folder that holds it: then
            the session's current transcript, the corrected one when the user corrected it
            (``current_file``).

    Returns:
        The transcript; ``speaker_names`` from the folder's speakers.json, if any.

    Raises:
        InputError: missing, or not a Minutia transcript.
    """
    path = Path(path).expanduser()
    if path.is_dir() and (path / ORIGINAL_FILE).is_file():
        path = current_file(path)
    if not path.is_file():
        raise InputError(f"No such transcript file: {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if path.name == EDITED_FILE:
            data = data["transcript"]
        transcript = from_data(data)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as e:
        raise InputError(f"{path.name} is not a Minutia transcript.json ({e})") from e
    transcript.speaker_names = {k: v.name for k, v in speakers.load_names(path.parent).items()}
    return transcript


def original_sha256(folder: Path) -> str:
    """The fingerprint of a session's transcript.json (a correction layer names the one it
    was made on)."""
    return hashlib.sha256((Path(folder) / ORIGINAL_FILE).read_bytes()).hexdigest()


def edited_in_use(manifest: dict, layer: dict) -> bool:
    """Whether a session's corrections are its current transcript: the manifest's
    ``transcript`` names transcript.edited.json, or names nothing and the layer says it is in
    use (a manifest written from a copy read before the first correction lacks the key)."""
    named = manifest.get("transcript")
    return named == EDITED_FILE or (named is None and bool(layer.get("in_use")))


def current_file(folder: Path) -> Path:
    """The file that holds a session's current transcript: transcript.edited.json when it is
    in use (``edited_in_use``) and was made on this transcript.json; else transcript.json (a
    layer made on an earlier transcript, found again since, is logged and left alone)."""
    folder = Path(folder)
    original, edited = folder / ORIGINAL_FILE, folder / EDITED_FILE
    if not edited.is_file():
        return original
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        layer = json.loads(edited.read_text(encoding="utf-8"))
        if not edited_in_use(manifest, layer):
            return original
        base = layer.get("base_sha256")
    except (OSError, ValueError, AttributeError) as e:
        log.warning("reading %s's transcript: %s", folder, e)
        return original
    if base != original_sha256(folder):
        log.warning("%s was made on an earlier transcript.json: using transcript.json", edited)
        return original
    return edited
