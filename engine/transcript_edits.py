"""Corrections to a transcript, as small operations replayed on the machine's transcript.

An edit is a plain dict (it is stored as JSON in the session's ``transcript.edited.json``,
engine.transcript_layer): ``{"op": "text", "index": 3, "text": "..."}``, ``merge``, ``split``,
``speaker``, ``delete`` or ``replace``. ``apply`` replays a list of them on a transcript, in
order, so an index always means the segment at that place after the edits before it. The
transcript given is never changed.

A segment whose text is edited loses its word times (they timed the words the machine heard,
not the corrected ones); every other segment keeps its times, so the rest of the meeting stays
where it was when a segment is emptied (deleted), merged or split.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from engine.errors import InputError
from engine.types import Segment, Transcript

KINDS = ("text", "merge", "split", "speaker", "delete", "replace")
CONTEXT = 30  # characters shown either side of a hit in a preview


@dataclass(frozen=True)
class Hit:
    """One place ``find`` found: segment ``index`` (said at ``start`` seconds), characters
    ``begin:end`` of its text, with some text either side for a preview."""

    index: int
    start: float
    begin: int
    end: int
    before: str
    found: str
    after: str


def pattern(old: str, *, match_case: bool = False, whole_word: bool = True) -> re.Pattern:
    """The regular expression ``find`` and ``replace`` use for the literal text ``old``.

    Raises:
        InputError: ``old`` is empty or only spaces.
    """
    if not old.strip():
        raise InputError("Give the text to find (it is empty)")
    body = re.escape(old.strip())
    if whole_word:  # "Tom" is not found inside "Tomorrow"; "C++" still matches where it stands
        body = rf"(?<!\w){body}(?!\w)"
    return re.compile(body, 0 if match_case else re.IGNORECASE)


def find(transcript: Transcript, old: str, *, match_case: bool = False,
         whole_word: bool = True) -> list[Hit]:
    """Every place ``old`` occurs in the transcript's segments, in order.

    Args:
        transcript: the transcript to search.
        old: the literal text to find.
        match_case: only where the letters' case is the same.
        whole_word: only where it is not part of a longer word.

    Returns:
        The hits; [] when there are none.

    Raises:
        InputError: ``old`` is empty.
    """
    rx = pattern(old, match_case=match_case, whole_word=whole_word)
    hits = []
    for i, s in enumerate(transcript.segments):
        for m in rx.finditer(s.text):
            hits.append(Hit(i, s.start, m.start(), m.end(), s.text[max(0, m.start() - CONTEXT):
                                                                  m.start()],
                            m.group(0), s.text[m.end():m.end() + CONTEXT]))
    return hits


def apply(transcript: Transcript, edits: Iterable[Mapping]) -> Transcript:
    """The transcript with ``edits`` made, in order (a new Transcript; the given one as it was).

    Raises:
        InputError: an edit names a segment that is not there, or is not an edit.
    """
    segments = list(transcript.segments)
    for edit in edits:
        segments = apply_one(segments, edit)
    return replace(transcript, segments=segments, speaker_names=dict(transcript.speaker_names))


def apply_one(segments: Sequence[Segment], edit: Mapping) -> list[Segment]:
    """``segments`` with one edit made (see the module's docstring for the kinds)."""
    kind = edit.get("op")
    if kind == "replace":
        rx = pattern(str(edit["old"]), match_case=bool(edit.get("match_case", False)),
                     whole_word=bool(edit.get("whole_word", True)))
        return _replaced(segments, rx, str(edit["new"]))
    if kind not in KINDS:
        raise InputError(f"Not a transcript edit: {dict(edit)}")
    index = _index(segments, edit, last_ok=kind != "merge")
    out = list(segments)
    if kind == "text":
        return _with_text(out, index, str(edit["text"]))
    if kind == "delete":
        del out[index]
    elif kind == "merge":
        out[index:index + 2] = [merged(out[index], out[index + 1])]
    elif kind == "split":
        out[index:index + 1] = split(out[index], int(edit["at"]))
    else:  # speaker
        who = edit.get("speaker")
        out[index] = replace(out[index], speaker=None if who is None else int(who))
    return out


def _index(segments: Sequence[Segment], edit: Mapping, *, last_ok: bool) -> int:
    index = edit.get("index")
    top = len(segments) if last_ok else len(segments) - 1
    if not isinstance(index, int) or not 0 <= index < top:
        what = "segment" if last_ok else "segment with one after it to merge"
        raise InputError(f"No {what} number {index} in this transcript"
                         f" ({len(segments)} segments)")
    return index


def _with_text(segments: list[Segment], index: int, text: str) -> list[Segment]:
    """A segment's text replaced; emptied, the segment goes (the others keep their times)."""
    if not text.strip():
        del segments[index]
        return segments
    old = segments[index]
    if text != old.text:
        # Whisper's segments start with a space; keep that, so exports look the same.
        lead = " " if old.text.startswith(" ") and not text.startswith(" ") else ""
        segments[index] = replace(old, text=lead + text, words=())
    return segments


def _replaced(segments: Sequence[Segment], rx: re.Pattern, new: str) -> list[Segment]:
    out = []
    for s in segments:
        text = rx.sub(lambda _m: new, s.text)
        if text == s.text:
            out.append(s)
        elif text.strip():
            out.append(replace(s, text=text, words=()))
        # a segment the replacement empties goes, as an emptied segment does
    return out


def merged(first: Segment, second: Segment) -> Segment:
    """Two segments as one: the first's start and speaker, the second's end, both texts."""
    text = first.text.rstrip() + " " + second.text.strip()
    return Segment(first.start, max(first.end, second.end), text, first.words + second.words,
                   first.speaker)


def split(segment: Segment, at: int) -> list[Segment]:
    """A segment cut into two at character ``at`` of its text. The second starts at the time
    of its first word when the segment has word times, else at the share of the segment's
    time that its share of characters is.

    Raises:
        InputError: ``at`` leaves one side without text.
    """
    head, tail = segment.text[:at], segment.text[at:]
    if not head.strip() or not tail.strip():
        raise InputError("A split needs text on both sides of the cut")
    words_head, words_tail = _words_split(segment, at)
    if words_tail:
        cut = words_tail[0].start
    else:
        share = len(head.strip()) / max(1, len(head.strip()) + len(tail.strip()))
        cut = segment.start + (segment.end - segment.start) * share
    cut = min(max(cut, segment.start), segment.end)
    lead = " " if segment.text.startswith(" ") else ""
    return [Segment(segment.start, cut, head.rstrip(), words_head, segment.speaker),
            Segment(cut, segment.end, lead + tail.strip(), words_tail, segment.speaker)]


def _words_split(segment: Segment, at: int) -> tuple[tuple, tuple]:
    """The segment's words either side of character ``at``, when its words spell its text
    (else none: the text was edited, and the words no longer say what it says)."""
    if not segment.words or "".join(w.text for w in segment.words) != segment.text:
        return (), ()
    chars = 0
    for i, w in enumerate(segment.words):
        if chars + len(w.text) - len(w.text.lstrip()) >= at:  # the word starts after the cut
            return segment.words[:i], segment.words[i:]
        chars += len(w.text)
    return segment.words, ()


def new_speaker(transcript: Transcript) -> int:
    """A speaker number no segment has yet (to give a segment to someone new)."""
    present = [s.speaker for s in transcript.segments if s.speaker is not None]
    return max(present, default=-1) + 1
