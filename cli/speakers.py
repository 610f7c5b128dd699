"""``minutia speakers``: the speakers of a session (name, talk time, turns, suggested names),
``minutia speakers rename SESSION SPEAKER NAME`` and ``minutia speakers remember SESSION
SPEAKER NAME``; ``minutia voices``: the remembered voices, and ``minutia voices forget NAME``.

A name lives in the session's speakers.json only; exports made afterwards (``minutia
transcribe --transcript SESSION``) and minutes written afterwards (``minutia minutes
--transcript SESSION``) use it. A remembered voice (engine.voices) lives in the user data
dir, on this computer only, and names that speaker in later meetings.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from cli.invocation import Invocation, in_terminal
from cli.terminal import Terminal
from engine import Finished, InputError, MinutiaError, paths, speakers, transcript_io
from engine.diarize.turns import label
from engine.session import MINUTES_FILE, Session
from engine.transcript_io import mmss
from engine.types import Transcript
from engine.voices import VoiceBook, remember_speaker, session_voices

USAGE = ("minutia speakers SESSION  |  minutia speakers rename SESSION SPEAKER NAME"
         "  |  minutia speakers remember SESSION SPEAKER NAME")
VOICES_USAGE = "minutia voices  |  minutia voices forget NAME"


@in_terminal
def speakers_command(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia speakers``: list a session's speakers, or rename one.

    ``args.words`` is ``SESSION``, ``rename SESSION SPEAKER NAME`` or ``remember SESSION
    SPEAKER NAME`` (remember the voice, then rename the speaker).
    """
    words = args.words
    if words[0] in ("rename", "remember"):
        if len(words) != 4:
            raise MinutiaError(f"{words[0]} takes SESSION SPEAKER NAME (usage: {USAGE})")
        if words[0] == "remember":
            remember(session_folder(words[1]), words[2], words[3], invocation)
        rename(session_folder(words[1]), words[2], words[3], invocation)
        return 0
    if len(words) != 1:
        raise MinutiaError(f"Give one session folder (usage: {USAGE})")
    print(listing(session_folder(words[0])), end="")
    return 0


def session_folder(text: str) -> Path:
    """A session folder from what the user typed: the folder, its transcript.json, or a
    folder name under the sessions folder.

    Raises:
        InputError: no such session, or it has no transcript.
    """
    path = Path(text).expanduser()
    if path.name == "transcript.json" and path.is_file():
        path = path.parent
    if not path.is_dir() and (paths.sessions_dir() / text).is_dir():
        path = paths.sessions_dir() / text
    if not path.is_dir():
        raise InputError(f"No session folder {text} (sessions are in {paths.sessions_dir()})")
    if not (path / "transcript.json").is_file():
        raise InputError(f"{path} has no transcript.json: not a transcribed session")
    return path


def _transcript_with_speakers(folder: Path) -> Transcript:
    transcript = transcript_io.load_transcript(folder)  # the corrected one, if any
    if not speakers.speakers_in(transcript.segments):
        raise InputError(f"The transcript in {folder} has no speakers (made with speakers off,"
                         " or before Minutia found speakers): transcribe the recording again")
    return transcript


def speaker_number(text: str, transcript: Transcript) -> int:
    """The speaker ``text`` means: "Speaker 2", "2", or a speaker's current name.

    Raises:
        InputError: no such speaker in ``transcript``.
    """
    present = speakers.speakers_in(transcript.segments)
    number = re.fullmatch(r"\s*(?:speaker\s*)?(\d+)\s*", text, re.IGNORECASE)
    if number and int(number.group(1)) - 1 in present:
        return int(number.group(1)) - 1
    by_name = [s for s in present
               if speakers.display_name(s, transcript.speaker_names).casefold()
               == text.strip().casefold()]
    if not number and len(by_name) == 1:
        return by_name[0]
    known = ", ".join(_who(s, transcript) for s in present)
    raise InputError(f"No speaker “{text}” in this session: {known}")


def _who(speaker: int, transcript: Transcript) -> str:
    name = transcript.speaker_names.get(speaker)
    return f"{label(speaker)} ({name})" if name else label(speaker)


def listing(folder: Path) -> str:
    """Each speaker's line (label, name, talk time and share, turns) and, under it, the
    names its words suggest, then how to rename one."""
    transcript = _transcript_with_speakers(folder)
    talk = speakers.talk_time(transcript.segments)
    total = sum(t.seconds for t in talk) or 1.0
    suggestions = speakers.suggest(transcript.segments)
    named = speakers.load_names(folder)
    probable = _probable_voices(folder)
    lines = []
    for t in talk:
        name = transcript.speaker_names.get(t.speaker, "")
        by_voice = named.get(t.speaker)
        lines.append(f"{label(t.speaker):<11} {name or '-':<16} talk {mmss(t.seconds)}"
                     f" ({t.seconds / total:.0%}), {t.turns} turn{'s' if t.turns != 1 else ''}"
                     + (f", by remembered voice {by_voice.voice:.2f}"
                        if by_voice is not None and by_voice.voice is not None else ""))
        for who, similarity in probable.get(t.speaker, []):
            if who != name:
                lines.append(f"{'':<11} probably {who}: remembered voice {similarity:.2f}")
        for s in suggestions:
            if s.speaker == t.speaker and s.name != name:
                lines.append(f"{'':<11} may be {s.name}: [{mmss(s.at)}] {s.evidence}")
    first = label(talk[0].speaker)
    lines.append(f"Rename one: minutia speakers rename {folder} \"{first}\" NAME")
    if session_voices(folder):
        lines.append(f"Remember a voice for later meetings: minutia speakers remember {folder}"
                     f" \"{first}\" NAME")
    return "\n".join(lines) + "\n"


def _probable_voices(folder: Path) -> dict[int, list[tuple[str, float]]]:
    """The "probably NAME" voice matches the pipeline noted in the session's manifest."""
    found: dict[int, list[tuple[str, float]]] = {}
    noted = Session.open(folder).manifest.get("speakers")
    for m in noted.get("voices", []) if isinstance(noted, dict) else []:
        try:
            if not m["sure"]:
                found.setdefault(int(m["speaker"]), []).append((str(m["name"]),
                                                                float(m["similarity"])))
        except (KeyError, TypeError, ValueError):
            continue
    return found


def rename(folder: Path, speaker_text: str, name: str, invocation: Invocation) -> None:
    """Name a speaker of the session in ``folder`` (an empty NAME gives back "Speaker N")."""
    transcript = _transcript_with_speakers(folder)
    speaker = speaker_number(speaker_text, transcript)
    name = name.strip()
    suggested = any(s.speaker == speaker and s.name == name
                    for s in speakers.suggest(transcript.segments))
    Session.open(folder).rename_speaker(speaker, name or None, suggested=suggested)
    err = invocation.err
    now = f"is now {name}" if name else "has no name again"
    err.print(f"{label(speaker)} {now} (in {folder / speakers.NAMES_FILE}).", markup=False)
    if (folder / MINUTES_FILE).is_file():
        err.print(f"Minutes already written keep the old name: write them again with"
                  f" `minutia minutes --transcript {folder}`.", markup=False)


def remember(folder: Path, speaker_text: str, name: str, invocation: Invocation) -> None:
    """Remember the voice of a speaker of the session in ``folder`` as ``name``."""
    transcript = _transcript_with_speakers(folder)
    speaker = speaker_number(speaker_text, transcript)
    book = VoiceBook()
    voice = remember_speaker(folder, speaker, name, book)
    times = f"{voice.meetings} meeting{'s' if voice.meetings != 1 else ''}"
    invocation.err.print(f"Remembered the voice of {label(speaker)} as {voice.name} (learnt from"
                         f" {times}; kept on this computer only, in {book.path}).", markup=False)


@in_terminal
def voices_command(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia voices``: list the remembered voices, or forget one.

    ``args.words`` is empty or ``forget NAME``.
    """
    words = args.words
    book = VoiceBook()
    if not words:
        print(voice_listing(book), end="")
        if not book.voices():
            invocation.err.print("No remembered voices: `minutia speakers remember SESSION"
                                 " SPEAKER NAME` remembers one.", markup=False)
        return 0
    if words[0] != "forget" or len(words) != 2:
        raise MinutiaError(f"Say `minutia voices` or `minutia voices forget NAME` (usage:"
                           f" {VOICES_USAGE})")
    if not book.forget(words[1]):
        known = ", ".join(v.name for v in book.voices()) or "none"
        raise MinutiaError(f"No remembered voice “{words[1]}” (remembered: {known})")
    invocation.err.print(f"Forgot the voice of {words[1]}.", markup=False)
    return 0


def voice_listing(book: VoiceBook) -> str:
    """One line per remembered voice: its name, from how many meetings it was learnt,
    and when it was first remembered."""
    lines = [f"{v.name:<20} learnt from {v.meetings} meeting{'s' if v.meetings != 1 else ''},"
             f" remembered {v.created.replace('T', ' ')}" for v in book.voices()]
    return "".join(line + "\n" for line in lines)


def hint(term: Terminal, done: Finished) -> None:
    """After a job: how to see and name the speakers it found."""
    if speakers.speakers_in(done.transcript.segments):
        term.err.print(f"Speakers: `minutia speakers {done.session_dir}` lists them and their"
                       " suggested names; `minutia speakers rename` names one.", markup=False,
                       style="dim")
