"""The user's vocabulary: names and terms they corrected, given to later transcriptions.

A correction teaches it: the words a find-and-replace puts in that were not in what it
replaced ("Thomas" -> "Tomasz" teaches "Tomasz"), and the names and terms an in-place edit
puts in (capitalised words, acronyms, words with digits: "by Thursday" teaches nothing,
"sync with Siobhan" teaches "Siobhan"). The list lives in ``vocabulary.json`` in the user's
config folder (``paths.config_dir()``), one file for the CLI (``minutia vocabulary``) and
the desktop's Settings, and reaches faster-whisper's ``hotwords`` (a hint in every 30 s
window's prompt, engine/transcribe/local_whisper.py) while ``use`` is on.

Measured on spoken meetings with names Whisper base mishears (bench/hotwords.py,
docs/benchmarks.md): see ``USE_BY_DEFAULT``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from engine import paths
from engine.errors import InputError
from engine.minutes.words import NOT_NAMES, STOPWORDS

log = logging.getLogger("minutia.vocabulary")
FILE_NAME = "vocabulary.json"
# On: on the later meetings of bench/hotwords.py the names went from 7/37 to 28/37 right and
# the WER from 0.221 to 0.152, lower on all eight meetings (docs/benchmarks.md, 2026-12-04).
USE_BY_DEFAULT = True
# faster-whisper cuts hotwords at half its 448-token context; a few dozen terms stay far
# under it, and leave the previous window's text room in the prompt.
MOST = 40
_WORD = re.compile(r"[\w][\w'’.+&-]*[\w+]|\w")


@dataclass(frozen=True)
class Vocabulary:
    """The terms, most recently taught first, and whether transcriptions get them."""

    words: tuple[str, ...] = ()
    use: bool = USE_BY_DEFAULT
    path: Path | None = field(default=None, compare=False)

    def hotwords(self) -> str | None:
        """The hint for faster-whisper (``None``: off, or nothing taught yet)."""
        if not self.use or not self.words:
            return None
        return ", ".join(self.words[:MOST])

    def with_words(self, words: Iterable[str]) -> Vocabulary:
        """Taught ``words`` (new ones first; a word already there moves to the front)."""
        fresh = [w for w in dict.fromkeys(_clean(w) for w in words) if w]
        known = {w.casefold() for w in fresh}
        rest = [w for w in self.words if w.casefold() not in known]
        return replace(self, words=tuple(fresh + rest))

    def without(self, word: str) -> Vocabulary:
        gone = _clean(word).casefold()
        return replace(self, words=tuple(w for w in self.words if w.casefold() != gone))


def default_path() -> Path:
    return paths.config_dir() / FILE_NAME


def load(path: Path | None = None) -> Vocabulary:
    """The vocabulary saved at ``path`` (default: the user's); empty when there is none.

    Raises:
        InputError: the file is there but damaged.
    """
    path = path or default_path()
    if not path.is_file():
        return Vocabulary(path=path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        words = tuple(_clean(str(w)) for w in data.get("words", []))
        return Vocabulary(tuple(w for w in words if w), bool(data.get("use", USE_BY_DEFAULT)),
                          path)
    except (OSError, ValueError, AttributeError, TypeError) as e:
        raise InputError(f"{path} is damaged ({e}): fix or delete it") from e


def save(vocabulary: Vocabulary) -> Vocabulary:
    """Write ``vocabulary`` to its path (the user's when it has none); returns it."""
    path = vocabulary.path or default_path()
    paths.ensure_dir(path.parent)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"use": vocabulary.use, "words": list(vocabulary.words)},
                              ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return replace(vocabulary, path=path)


def hotwords(path: Path | None = None) -> str | None:
    """The user's hint for the next transcription; ``None`` when off, empty or unreadable
    (a damaged file never stops a transcription: it is logged)."""
    try:
        return load(path).hotwords()
    except InputError as e:
        log.warning("vocabulary not used: %s", e)
        return None


def learn(old: str, new: str, *, replaced: bool, path: Path | None = None) -> list[str]:
    """Teach the user's vocabulary what a correction from ``old`` to ``new`` put in.

    Args:
        old: the text before (a segment's text, or what a replace looked for).
        new: the text after.
        replaced: a find-and-replace (every new word is taught, but the commonest ones), or
            an in-place edit (only names and terms).
        path: the vocabulary file (default: the user's).

    Returns:
        The words taught ([] when none; nothing is written then).
    """
    words = learned(old, new, replaced=replaced)
    if words:
        try:
            save(load(path).with_words(words))
        except (InputError, OSError) as e:
            log.warning("vocabulary not taught %s: %s", words, e)
            return []
    return words


def learned(old: str, new: str, *, replaced: bool) -> list[str]:
    """The words of ``new`` a correction from ``old`` teaches (see the module docstring)."""
    before = {w.casefold() for w in _WORD.findall(old)}
    out = []
    for word in _WORD.findall(new):
        folded = word.casefold()
        if folded in before or folded in STOPWORDS or folded in NOT_NAMES or len(word) < 2:
            continue
        if replaced or _term(word):
            out.append(word)
    return list(dict.fromkeys(out))


def _term(word: str) -> bool:
    """A name or term: capitalised, an acronym or camel case, or with a digit."""
    return word[0].isupper() or any(c.isupper() for c in word[1:]) or any(
        c.isdigit() for c in word)


def _clean(word: str) -> str:
    """One line of text, no commas (they separate the terms in the hint)."""
    return " ".join(word.replace(",", " ").split())
