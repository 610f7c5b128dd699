"""Write minutes section by section from a transcript, map-reducing long meetings.

Each section sits under a heading the writer emits itself, so the required sections are
always there, in order, whatever the model does. A "model" section is its own generation,
streamed token by token; a "transcript" section lists items quoted from what was said
(extract.py), each with its time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from engine.background import first_in_background
from engine.cancel import CancelToken
from engine.errors import MinutiaError
from engine.minutes.base import ChatModel
from engine.minutes.chunking import plan_chunks
from engine.minutes.extract import NOT_STATED, Extracted, Item, extract
from engine.minutes.prompts import Section, Template, condense_messages, section_messages, transcript_lines
from engine.transcript_io import mmss
from engine.types import MinutesDelta, MinutesPlanned, Progress, Stage, Transcript

CONDENSE_MAX_TOKENS = 320
MAX_CONDENSE_ROUNDS = 4
_MESSAGE_OVERHEAD = 16  # chat-template tokens around each message
EMPTY_SECTION = "None recorded."
MIN_MATERIAL_TOKENS = 64


@dataclass(frozen=True)
class MinutesOptions:
    temperature: float = 0.2
    seed: int = 0
    title: str = "Meeting"


def _prompt_tokens(model: ChatModel, messages: list[dict]) -> int:
    return sum(model.count_tokens(m["content"]) + _MESSAGE_OVERHEAD for m in messages)


def write_minutes(transcript: Transcript, model: ChatModel, template: Template,
                  options: MinutesOptions, cancel: CancelToken
                  ) -> Iterator[MinutesPlanned | Progress | MinutesDelta]:
    """Stream the minutes of ``transcript`` as Markdown deltas.

    Yields a MinutesPlanned event first (how the transcript fits the context), progress
    over the generation steps, and MinutesDelta pieces that join into the document.

    Raises:
        Cancelled: the token was set (at the next token).
    """
    model.reset()
    generated = [s for s in template.sections if s.source == "model"]
    lines = transcript_lines(transcript.segments)
    material = "\n".join(lines)
    chunks = [material]
    context = model.context_tokens
    condense_max = min(CONDENSE_MAX_TOKENS, context // 4)
    if generated:
        prompt = max(_prompt_tokens(model, section_messages(template, s, "")) for s in generated)
        reserve = max(_output_tokens(s, context) for s in generated)
        budget = context - prompt - reserve
        transcript_tokens = model.count_tokens(material)
        condense_budget = (context - condense_max
                           - _prompt_tokens(model, condense_messages(template, "", 1, 1)))
        if min(budget, condense_budget) < MIN_MATERIAL_TOKENS:
            raise MinutiaError(f"A {context}-token context is too small to write minutes with"
                               f" the {template.key!r} template: use a context of 2048 or more")
        if transcript_tokens > budget:
            chunks = plan_chunks(lines, model.count_tokens, min(budget, condense_budget))
        yield MinutesPlanned(transcript_tokens, prompt, reserve, model.context_tokens, len(chunks))

    steps = len(template.sections) + (len(chunks) if len(chunks) > 1 else 0)
    done = 0
    for _ in range(MAX_CONDENSE_ROUNDS):
        if len(chunks) <= 1:
            break
        notes = []
        for i, part in enumerate(chunks, 1):
            notes.append("".join(_generate(model, condense_messages(template, part, i, len(chunks)),
                                           condense_max, options, cancel)).strip())
            done += 1
            yield Progress(Stage.WRITING_MINUTES, done, steps)
        note_lines = [ln for note in notes for ln in note.splitlines() if ln.strip()]
        material = "\n".join(note_lines)
        chunks = [material] if model.count_tokens(material) <= budget else plan_chunks(
            note_lines, model.count_tokens, min(budget, condense_budget))
        steps += len(chunks) if len(chunks) > 1 else 0

    items = extract(transcript.segments)
    yield MinutesDelta(f"# Minutes: {options.title}\n\n"
                       f"_Meeting length {mmss(transcript.duration)}"
                       f" · language {transcript.language or 'unknown'}_\n\n", generated=False)
    for section in template.sections:
        cancel.raise_if_cancelled()
        yield MinutesDelta(f"## {section.title}\n\n", generated=False)
        if section.source == "transcript":
            yield MinutesDelta(_quoted_items(section, items), generated=False)
        else:
            clean = _SectionText(section.title)
            for piece in _generate(model, section_messages(template, section, material),
                                   _output_tokens(section, context), options, cancel):
                if text := clean.feed(piece):
                    yield MinutesDelta(text)
            for text, is_generated in clean.finish():
                yield MinutesDelta(text, is_generated)
        done += 1
        yield Progress(Stage.WRITING_MINUTES, done, steps)


def _output_tokens(section: Section, context: int) -> int:
    """A section's answer may use its max_tokens, but never more than a quarter of the context."""
    return min(section.max_tokens, context // 4)


def _quoted_items(section: Section, items: Extracted) -> str:
    found: list[Item] = getattr(items, section.items)
    if not found:
        return EMPTY_SECTION + "\n\n"
    if section.items == "actions":
        lines = [f"- **{i.owner if i.owner != NOT_STATED else '(owner not stated)'}**: {i.text}"
                 f" (due: {i.due}) [{mmss(i.start)}]" for i in found]
    else:
        lines = [f"- {i.text} [{mmss(i.start)}]" for i in found]
    return "\n".join(lines) + "\n\n"


def _generate(model: ChatModel, messages: list[dict], max_tokens: int, options: MinutesOptions,
              cancel: CancelToken) -> Iterator[str]:
    return first_in_background(model.stream_chat(messages, max_tokens=max_tokens,
                                                 temperature=options.temperature,
                                                 seed=options.seed, stop=["\n#", "\n\n\n"],
                                                 cancel=cancel), cancel)


class _SectionText:
    """Streaming clean-up of one section: drops a heading the model repeats, trims blank
    lines at the start, and says "None recorded." when the model wrote nothing."""

    def __init__(self, title: str) -> None:
        self._title = title.lower()
        self._head = ""
        self._started = False
        self._wrote = False

    def feed(self, piece: str) -> str:
        if self._started:
            self._wrote = True
            return piece
        self._head += piece
        self._head = self._head.lstrip()
        if "\n" not in self._head and len(self._head) < 80:
            return ""
        first, _, rest = self._head.partition("\n")
        self._started = True
        if re.sub(r"[#*:_\s]+", " ", first).strip().lower() == self._title:
            self._head = rest.lstrip("\n")
        out, self._head = self._head, ""
        self._wrote = bool(out.strip())
        return out

    def finish(self) -> list[tuple[str, bool]]:
        """The held-back tail (model text) and the closing blank line (ours)."""
        tail = "" if self._started else self._head
        if re.sub(r"[#*:_\s]+", " ", tail).strip().lower() == self._title:
            tail = ""
        if not (self._wrote or tail.strip()):
            return [(EMPTY_SECTION + "\n\n", False)]
        return [(tail.rstrip(), True), ("\n\n", False)] if tail.strip() else [("\n\n", False)]
