"""The extraction evaluation set (bench/extraction/): meetings as scripts with hand-written
labels, read from their text files. The format is described in bench/extraction/README.md.

A synthetic meeting is a script (who says what, in which espeak-ng voice) that
scripts/make_extraction_set.py renders to audio; an AMI meeting is the transcript of one of
the real excerpts in ../shared/audio, with its time per line. Both carry labels under the
line they point at: a decision, an action or an open question (or a "not" label: a place
where an item of that kind would be wrong).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

SET_DIR = Path(__file__).resolve().parent / "extraction"
KINDS = ("decision", "action", "question")


@dataclass(frozen=True)
class Voice:
    name: str  # the person in the script
    voice: str  # espeak-ng -v
    pitch: int  # espeak-ng -p (0-99)
    speed: int  # espeak-ng -s (words per minute)


@dataclass(frozen=True)
class Label:
    kind: str  # decision | action | question
    words: str  # the span of the line that carries it (exactly as in the line)
    line: int  # index of the line (turn) in the meeting
    owner: str | None = None  # actions: who will do it, when the meeting says who
    due: dt.date | None = None  # actions: the due date, resolved against the meeting's date
    gist: str = ""  # how a minute-taker would write it, when the words alone do not say what
    negative: bool = False  # a "not" label: an item of this kind here is wrong
    time: float = 0.0  # seconds: start of the sentence the words begin in (set when timed)

    @property
    def meaning(self) -> str:
        """The text an item is matched against: the gist when given, else the words."""
        return self.gist or self.words


@dataclass(frozen=True)
class Line:
    who: str  # the person (synthetic) or "" (AMI: not known)
    text: str
    pause: float | None = None  # seconds of silence before the turn; None: the renderer's
    at: float | None = None  # AMI: the time the line starts in the excerpt


@dataclass
class Meeting:
    name: str  # file name without .txt
    title: str
    kind: str  # stand-up, planning, one-on-one, customer call, lecture Q&A, ...
    date: dt.date | None
    seed: int
    voices: dict[str, Voice]  # synthetic: by person
    lines: list[Line]
    labels: list[Label]
    audio: str = ""  # AMI: the excerpt's file name in ../shared/audio
    source: Path = field(default_factory=Path)

    @property
    def synthetic(self) -> bool:
        return not self.audio

    def positive(self, kind: str | None = None) -> list[Label]:
        return [lb for lb in self.labels if not lb.negative and kind in (None, lb.kind)]


_TURN = re.compile(r"^(?P<who>[A-Z][\w'-]*)(?:\s*\((?P<pause>-?\d+(?:\.\d+)?)\))?:\s+(?P<say>\S.*)$")
_TIMED = re.compile(r"^\[(?P<m>\d+):(?P<s>\d+(?:\.\d+)?)\]\s+(?P<say>\S.*)$")
_LABEL = re.compile(r"^\s+>\s*(?P<not>not\s+)?(?P<kind>decision|action|question)"
                    r"(?P<attrs>(?:\s+\w+=\S+)*)\s*:\s*(?P<rest>\S.*)$")


def squash(text: str) -> str:
    """Lower case, one space between words: how words are found in a line."""
    return " ".join(text.lower().split())


def parse(path: Path) -> Meeting:
    """Read one meeting file.

    Raises:
        ValueError: the file breaks the format (with its line number).
    """
    header: dict[str, str] = {}
    voices: dict[str, Voice] = {}
    lines: list[Line] = []
    labels: list[Label] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{number}"
        text = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not text.strip():
            continue
        label = _LABEL.match(text)
        if label:
            if not lines:
                raise ValueError(f"{where}: a label before any line")
            labels.append(_label(label, len(lines) - 1, lines[-1].text, where))
            continue
        if not lines and re.match(r"^[a-z]+:\s", text):
            key, value = text.split(":", 1)
            if key == "voice":
                name, voice, pitch, speed = value.split()
                voices[name] = Voice(name, voice, int(pitch), int(speed))
            else:
                header[key] = value.strip()
            continue
        timed, turn = _TIMED.match(text), _TURN.match(text)
        if timed:
            lines.append(Line("", timed["say"].strip(), at=int(timed["m"]) * 60 + float(timed["s"])))
        elif turn:
            if turn["who"] not in voices:
                raise ValueError(f"{where}: {turn['who']} has no voice line")
            pause = float(turn["pause"]) if turn["pause"] else None
            lines.append(Line(turn["who"], turn["say"].strip(), pause))
        else:
            raise ValueError(f"{where}: neither a header, a line nor a label: {raw!r}")
    date = dt.date.fromisoformat(header["date"]) if header.get("date") else None
    return Meeting(path.stem, header.get("title", path.stem), header.get("type", ""), date,
                   int(header.get("seed", 0)), voices, lines, labels, header.get("audio", ""),
                   path)


def _label(match: re.Match, line: int, said: str, where: str) -> Label:
    attrs = dict(a.split("=", 1) for a in match["attrs"].split())
    unknown = set(attrs) - {"owner", "due"}
    if unknown:
        raise ValueError(f"{where}: unknown label attribute(s) {sorted(unknown)}")
    words, _, gist = (part.strip() for part in match["rest"].partition(" ~ "))
    if squash(words) not in squash(said):
        raise ValueError(f"{where}: the words {words!r} are not in the line {said!r}")
    due = dt.date.fromisoformat(attrs["due"]) if attrs.get("due") else None
    return Label(match["kind"], words, line, attrs.get("owner"), due, gist,
                 bool(match["not"]))


def load(folder: Path = SET_DIR, names: list[str] | None = None) -> list[Meeting]:
    """Every meeting of the set: the synthetic ones (folder/*.txt) then the AMI ones
    (folder/ami/*.txt), in name order; ``names``: only those (file names without .txt)."""
    paths = sorted(folder.glob("*.txt")) + sorted((folder / "ami").glob("*.txt"))
    meetings = [parse(p) for p in paths]
    if names:
        meetings = [m for m in meetings if m.name in names]
    return meetings


def sentences(text: str) -> list[str]:
    """A line's sentences, as the renderer speaks them (one espeak-ng call each)."""
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def sentence_of(words: str, text: str) -> int:
    """Index of the sentence of ``text`` the ``words`` start in."""
    at = squash(text).index(squash(words))
    seen = 0
    for i, sentence in enumerate(sentences(text)):
        seen += len(squash(sentence)) + 1
        if at < seen:
            return i
    return len(sentences(text)) - 1
