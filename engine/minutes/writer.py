"""Write minutes section by section from a transcript, map-reducing long meetings.

Each section sits under a heading the writer emits itself, so the required sections are
always there, in order, whatever the model does. A "model" section is its own generation,
streamed token by token; a "transcript" section lists items quoted from what was said
(extract.py), each with its time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, replace

from engine.background import first_in_background
from engine.cancel import CancelToken
from engine.errors import MinutiaError
from engine.events import Event, MinutesDelta, MinutesPlanned, MinutesTentative, Progress, TokenOffer
from engine.insights import Insights
from engine.insights import markdown as insights_markdown
from engine.minutes.base import ChatModel
from engine.minutes.chunking import plan_chunks
from engine.minutes.extract import NOT_STATED, Extracted, extract
from engine.minutes.extract_learned import shared_spotter
from engine.minutes.forms import GRAMMARS
from engine.minutes.grounding import Evidence, StreamGrounder, Tally
from engine.minutes.lens import Sampling, StepControl, TokenStep
from engine.minutes.prompts import Section, Template, condense_messages, section_messages, transcript_lines
from engine.minutes.summary_guard import SummaryGuard
from engine.transcript_io import mmss
from engine.types import Stage, Transcript

CONDENSE_MAX_TOKENS = 320
MAX_CONDENSE_ROUNDS = 4
_MESSAGE_OVERHEAD = 16  # chat-template tokens around each message
EMPTY_SECTION = "None recorded."
MIN_MATERIAL_TOKENS = 64
STOP = ["\n#", "\n\n\n"]  # a section ends before the model starts another one


@dataclass(frozen=True)
class MinutesOptions:
    sampling: Sampling = Sampling()
    title: str = "Meeting"
    lens_top: int = 0  # the Token Lens: alternatives kept per token (0: off)
    fork: tuple[int, int] | None = None  # (token position, token id) to force there
    step: StepControl | None = None  # step mode: one token per StepControl.next()
    strict: bool = False  # drop items the grounding check cannot verify (else mark them)
    language: str | None = None  # write in this language (a Whisper code); None: as spoken
    insights: Insights | None = None  # when given, an Insights section ends the minutes


@dataclass(frozen=True)
class Fit:
    """How a transcript fits the model's context: the plan, and the chunks it implies."""

    planned: MinutesPlanned | None  # None: the template has no model-written section
    chunks: list[str]
    budget: int  # tokens of material one section's prompt may carry
    condense_budget: int
    condense_max: int  # output tokens of one chunk's notes


def _prompt_tokens(count_tokens: Callable[[str], int], messages: list[dict]) -> int:
    return sum(count_tokens(m["content"]) + _MESSAGE_OVERHEAD for m in messages)


def fit(transcript: Transcript, count_tokens: Callable[[str], int], context: int,
        template: Template, language: str | None = None) -> Fit:
    """Count real tokens: prompt + transcript + reserved output against ``context``; split
    the transcript into chunks on line boundaries when it does not fit one pass."""
    lines = transcript_lines(transcript.segments, transcript.speaker_names)
    material = "\n".join(lines)
    generated = [s for s in template.sections if s.source == "model"]
    condense_max = min(CONDENSE_MAX_TOKENS, context // 4)
    if not generated:
        return Fit(None, [material], context, context, condense_max)
    prompt = max(_prompt_tokens(count_tokens, section_messages(template, s, "", language))
                 for s in generated)
    reserve = max(_output_tokens(s, context) for s in generated)
    budget = context - prompt - reserve
    transcript_tokens = count_tokens(material)
    condense_budget = (context - condense_max
                       - _prompt_tokens(count_tokens, condense_messages(template, "", 1, 1, language)))
    if min(budget, condense_budget) < MIN_MATERIAL_TOKENS:
        raise MinutiaError(f"A {context}-token context is too small to write minutes with"
                           f" the {template.key!r} template: use a context of 2048 or more")
    chunks = [material]
    if transcript_tokens > budget:
        chunks = plan_chunks(lines, count_tokens, min(budget, condense_budget))
    return Fit(MinutesPlanned(transcript_tokens, prompt, reserve, context, len(chunks)),
               chunks, budget, condense_budget, condense_max)


def write_minutes(transcript: Transcript, model: ChatModel, template: Template,
                  options: MinutesOptions, cancel: CancelToken) -> Iterator[Event]:
    """Stream the minutes of ``transcript`` as Markdown deltas.

    Yields a MinutesPlanned event first (how the transcript fits the context), progress
    over the generation steps, and MinutesDelta pieces that join into the document: every
    item followed by its [mm:ss] evidence (⚠ and the reason when the check fails; dropped in
    strict mode), the document ending with an evidence line. Then the Tally of the checks.
    In step mode, a TokenOffer before each token.

    Raises:
        Cancelled: the token was set (at the next token).
    """
    model.reset()
    doc = _Document(model, template, options, cancel, options.language or transcript.language)
    plan = fit(transcript, model.count_tokens, model.context_tokens, template, doc.language)
    if plan.planned is not None:
        yield plan.planned
    material, done, steps = yield from _condensed(doc, plan)
    # the learned spotter is English (its embedder and its training meetings)
    english = (transcript.language or "en").startswith("en")
    items = extract(transcript.segments, transcript.speaker_names,
                    spotter=shared_spotter() if english else None, cancel=cancel)
    evidence = Evidence(transcript.segments, transcript.speaker_names)
    tally = Tally()
    quoted = any(s.source == "transcript" for s in template.sections)
    yield MinutesDelta(f"# Minutes: {options.title}\n\n"
                       f"_Meeting length {mmss(transcript.duration)}"
                       f" · language {transcript.language or 'unknown'}_\n\n", generated=False)
    for section in template.sections:
        cancel.raise_if_cancelled()
        yield MinutesDelta(f"## {section.title}\n\n", generated=False)
        if section.source == "transcript":
            yield MinutesDelta(_quoted_items(section, items, evidence, tally, options.strict),
                               generated=False)
        else:
            yield from _written_section(doc, section, material,
                                        StreamGrounder(evidence, tally, strict=options.strict),
                                        items, quoted)
        done += 1
        yield Progress(Stage.WRITING_MINUTES, done, steps)
    if options.insights is not None:
        yield MinutesDelta("## Insights\n\n" + insights_markdown(options.insights, transcript.speaker_names),
                           generated=False)
    yield MinutesDelta(tally.report(), generated=False)
    yield tally


@dataclass
class _Document:
    """One document being written: what each of its generations needs."""

    model: ChatModel
    template: Template
    options: MinutesOptions
    cancel: CancelToken
    language: str
    lens_offset: int = 0  # Token Lens positions count every generated token of the document


def _condensed(doc: _Document, plan: Fit) -> Generator[Progress, None, tuple[str, int, int]]:
    """The material the sections are written from: the transcript itself when it fits one
    pass, else each chunk condensed to notes, in rounds until the notes fit (map-reduce).
    Yields progress; returns (material, steps done, steps in all)."""
    chunks, model, template = plan.chunks, doc.model, doc.template
    material = chunks[0] if len(chunks) == 1 else ""
    steps = len(template.sections) + (len(chunks) if len(chunks) > 1 else 0)
    done = 0
    for _ in range(MAX_CONDENSE_ROUNDS):
        if len(chunks) <= 1:
            break
        notes = []
        for i, part in enumerate(chunks, 1):
            messages = condense_messages(template, part, i, len(chunks), doc.language)
            notes.append("".join(_generate(model, messages, plan.condense_max, doc.options,
                                           doc.cancel, "list")).strip())
            done += 1
            yield Progress(Stage.WRITING_MINUTES, done, steps)
        note_lines = [ln for note in notes for ln in note.splitlines() if ln.strip()]
        material = "\n".join(note_lines)
        chunks = [material] if model.count_tokens(material) <= plan.budget else plan_chunks(
            note_lines, model.count_tokens, min(plan.budget, plan.condense_budget))
        steps += len(chunks) if len(chunks) > 1 else 0
    return material, done, steps


def _written_section(doc: _Document, section: Section, material: str,
                     grounder: StreamGrounder, items: Extracted, quoted: bool
                     ) -> Iterator[MinutesDelta | MinutesTentative | TokenOffer]:
    """A section the model writes, streamed: cleaned up, each item checked as it ends. A
    Summary (a section with fallback "items") goes through the Summary guard: each sentence
    shown once it ends and holds up, held (streamed as tentative text) from the first that
    does not, then shown if the draft holds up, else composed from the verified ``items``
    (summary_compose.py; ``quoted``: the template lists them below). In step mode every
    token shows as it is chosen, so nothing is held there."""
    options = doc.options
    if section.fallback == "items" and options.step is None:
        yield from _guarded_section(doc, section, material, grounder, items, quoted)
        return
    # In step mode each clicked token shows at once: no holding back to drop a heading.
    clean = _SectionText(section.title, hold=options.step is None)
    try:
        for item in _pieces(doc, section, material):
            if isinstance(item, TokenOffer):  # step mode: the choice to come
                yield item
                continue
            piece, step = item
            doc.lens_offset += step is not None
            for text, kept in clean.feed(piece, step):
                for out in grounder.feed(text, kept):
                    yield MinutesDelta(*out)
    except MinutiaError:  # e.g. a remote stream cut: what arrived still reaches the page
        yield from _close_section(clean, grounder)
        raise
    yield from _close_section(clean, grounder)


def _pieces(doc: _Document, section: Section, material: str
            ) -> Iterator[tuple[str, TokenStep | None] | TokenOffer]:
    """The model's answer for ``section``: (text, Token Lens step or None) pieces."""
    options = doc.options
    messages = section_messages(doc.template, section, material, doc.language)
    max_tokens = _output_tokens(section, doc.model.context_tokens)
    if options.lens_top or options.fork or options.step:
        return _generate_steps(doc.model, messages, max_tokens, options, doc.cancel,
                               doc.lens_offset, section.form)
    return ((piece, None) for piece in _generate(doc.model, messages, max_tokens, options,
                                                 doc.cancel, section.form))


def _guarded_section(doc: _Document, section: Section, material: str,
                     grounder: StreamGrounder, items: Extracted, quoted: bool
                     ) -> Iterator[MinutesDelta | MinutesTentative]:
    """The model's draft through the Summary guard (summary_guard.py): sentence by sentence
    while they hold up, held from the first that does not, then shown or replaced by a
    Summary composed from the verified items. The Lens steps travel with the pieces."""
    clean = _SectionText(section.title)
    guard = SummaryGuard(grounder, items, quoted, section.title,
                         lens=bool(doc.options.lens_top or doc.options.fork))
    failure: MinutiaError | None = None
    count = 0  # the model's pieces (one per token with the embedded model)
    try:
        for item in _pieces(doc, section, material):
            piece, step = item
            count += 1
            doc.lens_offset += step is not None
            for text, kept in clean.feed(piece, step):
                yield from guard.feed(text, kept)
            yield from guard.before(clean.held())
    except MinutiaError as e:  # e.g. a remote stream cut: what arrived is judged like the rest
        failure = e
    for text, generated, step in clean.finish():
        if generated:
            yield from guard.feed(text, step)
    yield from guard.finish(at_limit=count >= _output_tokens(section, doc.model.context_tokens))
    if failure is not None:
        raise failure


def _close_section(clean: _SectionText, grounder: StreamGrounder) -> Iterator[MinutesDelta]:
    """The section's held-back text, checked, and its closing blank line."""
    for text, is_generated, step in clean.finish():
        outs = grounder.feed(text, step) if is_generated else [
            *grounder.finish(), (text, False, step)]
        for out in outs:
            yield MinutesDelta(*out)


def _output_tokens(section: Section, context: int) -> int:
    """A section's answer may use its max_tokens, but never more than a quarter of the context."""
    return min(section.max_tokens, context // 4)


def _quoted_items(section: Section, items: Extracted, evidence: Evidence, tally: Tally,
                  strict: bool) -> str:
    """The section's items as quoted from the transcript, each checked like a model's."""
    lines = []
    for i in getattr(items, section.items):
        if section.items == "actions":
            owner = i.owner if i.owner != NOT_STATED else "(owner not stated)"
            line = f"- **{owner}**: {i.text} (due: {i.due}) [{mmss(i.start)}]"
        else:
            line = f"- {i.text} [{mmss(i.start)}]"
        number = tally.add(line, evidence.ground(line))
        if number:
            if strict:
                tally.dropped += 1
                continue
            line += tally.marker(number)
        lines.append(line)
    if not lines:
        return EMPTY_SECTION + "\n\n"
    return "\n".join(lines) + "\n\n"


def _generate(model: ChatModel, messages: list[dict], max_tokens: int, options: MinutesOptions,
              cancel: CancelToken, form: str) -> Iterator[str]:
    return first_in_background(model.stream_chat(messages, max_tokens=max_tokens,
                                                 sampling=options.sampling, stop=STOP,
                                                 cancel=cancel, grammar=GRAMMARS[form]), cancel)


def _generate_steps(model: ChatModel, messages: list[dict], max_tokens: int,
                    options: MinutesOptions, cancel: CancelToken, offset: int, form: str
                    ) -> Iterator[tuple[str, TokenStep] | TokenOffer]:
    """Like _generate, token by token with the Token Lens's data; step positions count
    from ``offset`` (the tokens generated before, in earlier sections). In step mode the
    offers before each choice come too."""
    force = {}
    if options.fork and options.fork[0] >= offset:
        force[options.fork[0] - offset] = options.fork[1]
    steps = model.stream_tokens(messages, max_tokens=max_tokens, sampling=options.sampling,
                          stop=STOP, cancel=cancel, top=options.lens_top, force=force,
                          control=options.step, grammar=GRAMMARS[form])
    for step in first_in_background(steps, cancel):
        if isinstance(step, TokenOffer):
            yield replace(step, i=step.i + offset)
        else:
            yield step.token, replace(step, i=step.i + offset)


class _SectionText:
    """Streaming clean-up of one section: drops a heading the model repeats, trims blank
    lines at the start, and says "None recorded." when the model wrote nothing. Pieces
    travel with their Token Lens step (or None), trimmed the same way."""

    def __init__(self, title: str, hold: bool = True) -> None:
        self._title = title.lower()
        self._held: list[tuple[str, TokenStep | None]] = []
        self._started = not hold
        self._wrote = False

    def feed(self, piece: str, step: TokenStep | None = None) -> list[tuple[str, TokenStep | None]]:
        if self._started:
            self._wrote = self._wrote or bool(piece)
            return [(piece, step)] if piece else []
        self._held.append((piece, step))
        head = "".join(p for p, _ in self._held).lstrip()
        if "\n" not in head and len(head) < 80:
            return []
        first, _, rest = head.partition("\n")
        self._started = True
        if _plain(first) == self._title:
            head = rest.lstrip("\n")
        out = self._tail(len(head))
        self._wrote = bool(head.strip())
        return out

    def held(self) -> str:
        """What is held back while a repeated heading is not ruled out ("" once started)."""
        return "".join(p for p, _ in self._held)

    def _tail(self, chars: int) -> list[tuple[str, TokenStep | None]]:
        """The last ``chars`` characters of what is held, as pieces; empties the hold."""
        out: list[tuple[str, TokenStep | None]] = []
        for piece, step in reversed(self._held):
            if chars <= 0:
                break
            out.append((piece[-chars:], step))
            chars -= len(piece)
        self._held = []
        return [(p, s) for p, s in reversed(out) if p]

    def finish(self) -> list[tuple[str, bool, TokenStep | None]]:
        """The held-back tail (model text, with its steps) and the closing blank line (ours)."""
        tail = "" if self._started else "".join(p for p, _ in self._held).lstrip()
        if _plain(tail) == self._title:
            tail = ""
        if not (self._wrote or tail.strip()):
            return [(EMPTY_SECTION + "\n\n", False, None)]
        if not tail.strip():
            return [("\n\n", False, None)]
        pieces = self._tail(len(tail))
        excess = len(tail) - len(tail.rstrip())
        while excess:  # trailing blank space, piece by piece from the end
            piece, step = pieces.pop()
            if len(piece) > excess:
                pieces.append((piece[:-excess], step))
            excess = max(0, excess - len(piece))
        return [(p, True, s) for p, s in pieces] + [("\n\n", False, None)]


def _plain(line: str) -> str:
    return re.sub(r"[#*:_\s]+", " ", line).strip().lower()
