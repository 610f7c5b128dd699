"""Transcripts to and from files: JSON (lossless), plain text, SRT and WebVTT."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from engine.errors import InputError
from engine.types import Segment, Transcript, Word

FORMATS = ("txt", "srt", "vtt", "json")


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


def to_txt(t: Transcript) -> str:
    return "".join(f"[{mmss(s.start)}] {s.text}\n" for s in t.segments)


def to_srt(t: Transcript) -> str:
    return "\n".join(f"{i}\n{_clock(s.start, ',')} --> {_clock(s.end, ',')}\n{s.text}\n"
                     for i, s in enumerate(t.segments, 1))


def to_vtt(t: Transcript) -> str:
    return "WEBVTT\n\n" + "\n".join(f"{_clock(s.start, '.')} --> {_clock(s.end, '.')}\n{s.text}\n"
                                    for s in t.segments)


def to_json(t: Transcript) -> str:
    return json.dumps(asdict(t), ensure_ascii=False, indent=1)


def render(t: Transcript, fmt: str) -> str:
    """The transcript in one of FORMATS."""
    return {"txt": to_txt, "srt": to_srt, "vtt": to_vtt, "json": to_json}[fmt](t)


def from_json(text: str) -> Transcript:
    data = json.loads(text)
    segments = [Segment(float(s["start"]), float(s["end"]), str(s["text"]),
                        tuple(Word(**w) for w in s.get("words", ())))
                for s in data["segments"]]
    return Transcript(segments, data.get("language", ""),
                      float(data.get("language_probability", 0.0)),
                      float(data.get("duration", segments[-1].end if segments else 0.0)),
                      data.get("source", ""))


def load_transcript(path: Path) -> Transcript:
    """Read a transcript.json written by Minutia.

    Raises:
        InputError: missing, or not a Minutia transcript.
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise InputError(f"No such transcript file: {path}")
    try:
        return from_json(path.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as e:
        raise InputError(f"{path.name} is not a Minutia transcript.json ({e})") from e
