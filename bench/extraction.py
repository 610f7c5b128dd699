"""Benchmark (issue 16): decisions, action items and open questions in Minutia's minutes
against the hand-labelled evaluation set in bench/extraction/ (17 espeak-ng meetings, 9 AMI
excerpts; the format, the labelling rules and the matching: bench/extraction/README.md).

Per meeting and overall: precision and recall per kind, owner accuracy (matched actions
whose label names an owner), due-date accuracy (matched actions whose label has a date,
both resolved to a date: bench/extraction_dates.py), citations within 10 s of the label,
"not" labels an item landed on (false friends), and items or summary sentences with a
name, date or amount the transcript never says.

Inputs (``--on``):
- ``transcripts``: the script's own words as the transcript, one segment per sentence at
  the time it is spoken in the rendered audio (AMI: the Whisper transcript the labels were
  written from). Measures the extraction alone, without speech recognition.
- ``audio``: end to end. The rendered meeting (AMI: the excerpt) transcribed by the
  embedded Whisper base, speakers found by our diarizer, minutes written by the pipeline.

Speakers (``--speakers``), applied to the same transcript:
- ``off``: no speakers (``--no-speakers``).
- ``on``: diarized (transcripts: the script's true turns), speakers unnamed ("Speaker 1"):
  what a user has before renaming anyone.
- ``suggested``: every name the product suggests (engine.speakers.suggest: introductions,
  addressed-and-answered) accepted, first suggestion per speaker, a name used once.
- ``named``: the names a user would give, an oracle: each speaker number gets the script's
  person it overlaps most in time (transcripts: exact).

What writes what (the general template): Summary is the language model's (embedded
SmolLM2-135M, temperature 0, seed 0); Decisions, Action items and Open questions are quoted
from the transcript by engine/minutes/extract.py, so only the Summary can be checked for
inventions the model made. ``--items-only`` skips the model and scores extract.py's items
directly (the same items the minutes quote; fast, no Summary).

    .venv/bin/python bench/extraction.py [--on transcripts,audio]
        [--speakers off,on,suggested,named] [--meetings NAME ...] [--items-only]
        [--threads N] [--fresh] [--rescore DIR] [--no-write] [-v]

Audio is rendered by scripts/make_extraction_set.py into ~/.cache/minutia-bench/extraction;
every miss, extra item, wrong owner or date goes to failures-<input>-<speakers>.txt there,
every minutes document to minutes/<run>/<input>/<speakers>/<meeting>.md
(``-v`` prints them too). Transcripts of the audio are cached there too, keyed by the audio,
the speech model and the engine's transcription and diarization sources (``--fresh``
makes them again).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.home import throwaway_home  # noqa: E402

throwaway_home("extraction")

from bench.extraction_report import (  # noqa: E402
    failures,
    first_person_table,
    overall_table,
    per_meeting_table,
)
from bench.extraction_score import Inventions, Item, Scored, read_minutes, score  # noqa: E402
from bench.extraction_set import SET_DIR, Meeting, load, sentence_of  # noqa: E402
from bench.report import write_section  # noqa: E402
from engine import CancelToken, EngineConfig, NoSpeechError, Pipeline, backends  # noqa: E402
from engine.minutes.extract import NOT_STATED, extract  # noqa: E402
from engine.minutes.extract_learned import shared_spotter  # noqa: E402
from engine.minutes.prompts import load_template  # noqa: E402
from engine.speakers import display_name, speakers_in, suggest  # noqa: E402
from engine.transcript_io import from_json, to_json  # noqa: E402
from engine.types import Segment, Transcript  # noqa: E402
from scripts.make_extraction_set import Rendered, cache_dir, rendered  # noqa: E402

SHARED = ROOT.parent / "shared" / "audio"
INPUTS = ("transcripts", "audio")
SPEAKERS = ("off", "on", "suggested", "named")
SOURCES = ["engine/transcribe", "engine/diarize", "engine/speakers.py", "engine/audio",
           "engine/pipeline.py"]
KINDS_OF = {"decisions": "decision", "actions": "action", "questions": "question"}


class Run:
    """One run of the benchmark: the models, loaded once, and the options."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.config = EngineConfig(temperature=0.0, seed=0, threads=args.threads, speakers=True)
        self.template = load_template(self.config.template)
        self.kinds = {s.title: KINDS_OF[s.items] for s in self.template.sections
                      if s.source == "transcript"}
        plan = backends.make_device_plan(self.config)
        self.transcriber = backends.make_transcriber(self.config, plan)
        self.chat = None if args.items_only or args.rescore else \
            backends.make_chat_model(self.config, plan)
        # every minutes document scored is kept, so the tables can be made again without
        # the model (--rescore) when the scoring changes
        self.minutes_dir = Path(args.rescore) if args.rescore else \
            cache_dir() / "minutes" / time.strftime("%Y%m%d-%H%M%S")
        self.pipeline = Pipeline(config=self.config, device=plan, transcriber=self.transcriber,
                                 chat_model=self.chat, diarizer=backends.make_diarizer())
        self.cached = 0

    # ---- transcripts --------------------------------------------------------------------

    def audio_transcripts(self, meeting: Meeting, wav: Path) -> tuple[Transcript, Transcript]:
        """(without speakers, with the diarizer's speakers) of ``wav``, from the cache when
        made by the same audio, model and engine sources."""
        key = hashlib.sha256(wav.read_bytes())
        key.update(json.dumps(self.transcriber.describe(), sort_keys=True).encode())
        for source in SOURCES:
            path = ROOT / source
            for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
                key.update(file.read_bytes())
        cached = cache_dir() / "transcripts" / f"{meeting.name}-{key.hexdigest()[:16]}.json"
        if cached.is_file() and not self.args.fresh:
            data = json.loads(cached.read_text(encoding="utf-8"))
            self.cached += 1
            return (from_json(data["plain"]),
                    from_json(data["diarized"]))
        saved: list[Transcript] = []
        empty = Transcript([], "en", 0.0, 0.0, str(wav))
        try:
            for event in self.pipeline.process_file(wav, cancel=CancelToken(), minutes=False,
                                                    title=meeting.name):
                if type(event).__name__ == "TranscriptSaved":
                    saved.append(event.transcript)
        except NoSpeechError:
            saved = saved or [empty]
        plain, diarized = saved[0], saved[-1]
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps({"plain": to_json(plain),
                                      "diarized": to_json(diarized)}),
                          encoding="utf-8")
        return plain, diarized

    # ---- speakers -----------------------------------------------------------------------

    @staticmethod
    def with_speakers(transcript: Transcript, mode: str, meeting: Meeting,
                      made: Rendered | None) -> Transcript:
        if mode == "off":
            return replace(transcript, segments=[replace(s, speaker=None)
                                                 for s in transcript.segments], speaker_names={})
        if mode == "on" or made is None:
            return replace(transcript, speaker_names={})
        if mode == "suggested":
            names: dict[int, str] = {}
            for hint in suggest(transcript.segments):
                if hint.speaker not in names and hint.name not in names.values():
                    names[hint.speaker] = hint.name
            return replace(transcript, speaker_names=names)
        return replace(transcript, speaker_names=oracle_names(transcript, made))

    # ---- minutes ------------------------------------------------------------------------

    def items(self, meeting: Meeting, transcript: Transcript, where: str
              ) -> tuple[list[Item], list[str]]:
        """The minutes' items and the model's sentences (none with --items-only); ``where``:
        "<input>/<speakers>", the folder the minutes are kept in."""
        kept = self.minutes_dir / where / f"{meeting.name}.md"
        if not transcript.segments:
            return [], []
        if self.args.rescore:
            if not kept.is_file():
                raise SystemExit(f"{kept} is missing: --rescore needs a run's minutes folder")
            return read_minutes(kept.read_text(encoding="utf-8"), self.kinds)
        if self.args.items_only:
            return extracted(transcript, spotter=not self.args.rules_only), []
        minutes = None
        for event in self.pipeline.minutes_from_transcript(transcript, cancel=CancelToken(),
                                                           title=meeting.title):
            if type(event).__name__ == "Finished":
                minutes = event.minutes
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(minutes or "", encoding="utf-8")
        kept.with_suffix(".json").write_text(json.dumps(
            {"transcript": to_json(transcript), "speaker_names": transcript.speaker_names}),
            encoding="utf-8")
        return read_minutes(minutes or "", self.kinds)

    def kept_transcript(self, meeting: Meeting, where: str) -> Transcript:
        """The transcript (and speakers' names) kept minutes were written from; an empty
        one when none was kept (no speech: no minutes)."""
        kept = self.minutes_dir / where / f"{meeting.name}.json"
        if not kept.is_file():
            return Transcript([], "en", 0.0, 0.0, meeting.name)
        data = json.loads(kept.read_text(encoding="utf-8"))
        return replace(from_json(data["transcript"]),
                       speaker_names={int(k): v for k, v in data["speaker_names"].items()})

    def scored(self, meeting: Meeting, transcript: Transcript, where: str) -> Scored:
        items, model = self.items(meeting, transcript, where)
        return scored(meeting, transcript, items, model)


def scored(meeting: Meeting, transcript: Transcript, items: list[Item],
           model: list[str] = ()) -> Scored:
    """``items`` (and the model's Summary sentences) against the meeting's labels, with the
    names, dates and amounts they hold that ``transcript`` never says."""
    result = score(meeting, items)
    said = " ".join(s.text for s in transcript.segments)
    people = [display_name(n, transcript.speaker_names) for n in speakers_in(transcript.segments)]
    check = Inventions(said, people)
    result.invented = [(i.line or i.text, found) for i in items
                       if (found := check.of(f"{i.text} {i.due or ''}", i.owner))]
    result.summary_sentences = len(model)
    result.summary_invented = [(s, found) for s in model if (found := check.of(s))]
    return result


def script_transcript(meeting: Meeting, made: Rendered | None) -> Transcript:
    """The script as a transcript: one segment per sentence, at its rendered time, its
    speaker the person (numbered by first appearance); AMI: the labelled lines."""
    if made is None:
        ends = [ln.at for ln in meeting.lines[1:]] + [30.0]
        segments = [Segment(ln.at, max(ln.at + 0.5, end), ln.text)
                    for ln, end in zip(meeting.lines, ends, strict=False)]
        return Transcript(segments, "en", 1.0, 30.0, meeting.name)
    order: dict[str, int] = {}
    segments = []
    for s in made.sentences:
        number = order.setdefault(s.who, len(order))
        segments.append(Segment(s.start, s.end, s.text, speaker=number))
    return Transcript(segments, "en", 1.0, made.duration, meeting.name)


def extracted(transcript: Transcript, spotter: bool = True) -> list[Item]:
    """extract.py's items of ``transcript``, as the minutes would show them."""
    found = extract(transcript.segments, transcript.speaker_names,
                    spotter=shared_spotter() if spotter else None)
    out = []
    for kind, group in (("decision", found.decisions), ("action", found.actions),
                        ("question", found.questions)):
        for i in group:
            out.append(Item(kind, i.text, float(int(i.start)),
                            None if i.owner == NOT_STATED else i.owner,
                            None if i.due == NOT_STATED else i.due, i.text))
    return out


def oracle_names(transcript: Transcript, made: Rendered) -> dict[int, str]:
    """Each speaker number -> the script's person its segments overlap most in time."""
    overlap: dict[int, dict[str, float]] = {}
    for seg in transcript.segments:
        if seg.speaker is None:
            continue
        mine = overlap.setdefault(seg.speaker, {})
        for s in made.sentences:
            both = min(seg.end, s.end) - max(seg.start, s.start)
            if both > 0:
                mine[s.who] = mine.get(s.who, 0.0) + both
    return {k: max(v, key=v.get) for k, v in overlap.items() if v}


def timed(meeting: Meeting) -> tuple[Meeting, Rendered | None, Path | None]:
    """The meeting with its labels' times, its rendering (synthetic) and its audio file."""
    if meeting.synthetic:
        made = rendered(meeting)
        labels = [replace(lb, time=made.start_of(lb.line, sentence_of(
            lb.words, meeting.lines[lb.line].text))) for lb in meeting.labels]
        return replace(meeting, labels=labels), made, made.wav
    labels = [replace(lb, time=meeting.lines[lb.line].at) for lb in meeting.labels]
    wav = SHARED / meeting.audio
    return replace(meeting, labels=labels), None, wav if wav.is_file() else None


_ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
             "seventeenth", "eighteenth", "nineteenth", "twentieth", "twenty-first", "twenty-second",
             "twenty-third", "twenty-fourth", "twenty-fifth", "twenty-sixth", "twenty-seventh",
             "twenty-eighth", "twenty-ninth", "thirtieth", "thirty-first", "thirty-second",
             "thirty-third", "thirty-fourth", "thirty-fifth", "thirty-sixth", "thirty-seventh",
             "thirty-eighth", "thirty-ninth", "fortieth", "forty-first", "forty-second",
             "forty-third", "forty-fourth", "forty-fifth", "forty-sixth", "forty-seventh",
             "forty-eighth", "forty-ninth", "fiftieth", "fifty-first", "fifty-second",
             "fifty-third", "fifty-fourth", "fifty-fifth", "fifty-sixth", "fifty-seventh",
             "fifty-eighth", "fifty-ninth", "sixtieth", "sixty-first",
             "sixty-second", "sixty-third", "sixty-fourth", "sixty-fifth",
             "sixty-sixth", "sixty-seventh", "sixty-eighth", "sixty-ninth", "seventieth",
             "seventy-first", "seventy-second", "seventy-third", "seventy-fourth",
             "seventy-fifth", "seventy-sixth", "seventy-seventh", "seventy-eighth", "seventy-ninth",
             "eightieth", "eighty-first", "eighty-second", "eighty-third", "eighty-fourth",
             "eighty-fifth", "eighty-sixth", "eighty-seventh", "eighty-eighth", "eighty-ninth",
             "ninetieth", "ninety-first", "ninety-second", "ninety-third", "ninety-fourth",
             "ninety-fifth", "ninety-sixth", "ninety-seventh", "ninety-eighth", "ninety-ninth",
             "hundredth", "hundred-and-first", "hundred-and-second", "hundred-and-third",
             "hundred-and-fourth", "hundred-and-fifth")
SETS = {"extraction": SET_DIR, "heldout": ROOT / "bench" / "extraction_heldout",
        "fresh": ROOT / "bench" / "extraction_fresh",
        **{f"fresh{k}": ROOT / "bench" / f"extraction_fresh{k}" for k in range(2, 106)},
        **{f"train{k}": ROOT / "bench" / f"extraction_train{k}" for k in range(1, 49)}}
_SET_TITLES = {"extraction": "", "heldout": ", the former held-out meetings (tuning from 2026-12-03)",
               "fresh": ", held-out meetings (bench/extraction_fresh/)",
               **{f"fresh{k}": f", {nth} held-out meetings (bench/extraction_fresh{k}/)"
                  for k, nth in enumerate(_ORDINALS, start=2)},
               **{f"train{k}": f", training meetings (bench/extraction_train{k}/)" for k in range(1, 49)}}


def arguments(argv: list[str] | None) -> tuple[argparse.Namespace, list[str], list[str]]:
    """The options, the inputs (--on) and the speaker settings (--speakers)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--on", default=",".join(INPUTS), help="transcripts, audio or both")
    parser.add_argument("--speakers", default=",".join(SPEAKERS),
                        help="off, on, suggested, named (comma-separated)")
    parser.add_argument("--meetings", nargs="*", help="only these (file names without .txt)")
    parser.add_argument("--set", choices=sorted(SETS), default="extraction",
                        help="extraction: the set the rules are developed on; heldout,"
                        " fresh, fresh2-fresh7: held out when written, tuned on since;"
                        " fresh8-fresh105: written by helpers that read no extraction code, each"
                        " scored a few times (totals only) while blind, then read or trained on;"
                        " still blind: fresh82-85 and fresh86-89 (one scoring left each),"
                        " fresh94-97 (one), fresh102-105 (two); train1-48: training meetings for"
                        " the learned classifier. Each set is in bench/extraction_<name>/, its README says"
                        " when it was written, scored and read")
    parser.add_argument("--items-only", action="store_true",
                        help="score extract.py's items without writing minutes (no model)")
    parser.add_argument("--rules-only", action="store_true",
                        help="with --items-only: without the learned spotter of decisions and open questions")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--fresh", action="store_true", help="transcribe the audio again")
    parser.add_argument("--rescore", metavar="DIR",
                        help="score the minutes a run kept in DIR (printed at its end), with"
                             " the transcripts they were written from: no model, no audio")
    parser.add_argument("--no-write", action="store_true", help="leave docs/benchmarks.md alone")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list every miss, extra item, wrong owner and due date")
    args = parser.parse_args(argv)
    inputs = [x for x in args.on.split(",") if x]
    modes = [x for x in args.speakers.split(",") if x]
    if set(inputs) - set(INPUTS) or set(modes) - set(SPEAKERS):
        parser.error(f"--on takes {', '.join(INPUTS)}; --speakers takes {', '.join(SPEAKERS)}")
    if args.rules_only and not args.items_only:
        parser.error("--rules-only goes with --items-only (the minutes always use the classifier)")
    return args, inputs, modes


def main(argv: list[str] | None = None) -> int:
    args, inputs, modes = arguments(argv)
    run = Run(args)
    meetings = [timed(m) for m in load(SETS[args.set], names=args.meetings)]
    results: dict[tuple[str, str], list[Scored]] = {}
    log: dict[tuple[str, str], list[str]] = {}
    notes = []
    t0 = time.perf_counter()
    for on in inputs:
        for meeting, made, wav in meetings:
            if on == "audio" and wav is None and not args.rescore:
                notes.append(f"{meeting.name}: no audio ({SHARED} not found), left out")
                continue
            if args.rescore:
                plain = diarized = None
            elif on == "transcripts":
                plain = diarized = script_transcript(meeting, made)
            else:
                plain, diarized = run.audio_transcripts(meeting, wav)
            for mode in modes:
                if args.rescore:
                    transcript = run.kept_transcript(meeting, f"{on}/{mode}")
                else:
                    base = plain if mode == "off" else diarized
                    transcript = run.with_speakers(base, mode, meeting, made)
                result = run.scored(meeting, transcript, f"{on}/{mode}")
                results.setdefault((on, mode), []).append(result)
                print(f"{on:11} {mode:9} {meeting.name:22} items {len(result.items):2}"
                      f" matched {len(result.pairs):2}/{len(meeting.positive()):2}"
                      f" ({time.perf_counter() - t0:.0f} s)", flush=True)
                listing = failures(result)
                log.setdefault((on, mode), []).append(listing)
                if args.verbose:
                    print(listing, flush=True)
    report = [overall_table(results, inputs, modes), first_person_table(results, inputs, modes)]
    for on in inputs:
        mode = "off" if "off" in modes else modes[0]
        if (on, mode) in results:
            report.append(per_meeting_table(on, mode, results, modes))
    if notes:
        report.append("\n".join(f"- {n}" for n in notes))
    if not args.items_only and not args.rescore:
        print(f"minutes kept in {run.minutes_dir} (--rescore {run.minutes_dir})")
    if run.cached:
        report.append(f"({run.cached} audio transcript(s) read from the cache.)")
    text = "\n\n".join(report)
    print(text)
    for (on, mode), listings in log.items():
        prefix = "" if args.set == "extraction" else f"{args.set}-"
        path = cache_dir() / f"{prefix}failures-{on}-{mode}.txt"
        path.write_text("\n".join(listings) + "\n", encoding="utf-8")
        print(f"misses, extra items, wrong owners and dates ({on}, speakers {mode}): {path}")
    if not args.no_write:
        command = ".venv/bin/python bench/extraction.py " + " ".join(argv or sys.argv[1:])
        title = "Extraction against labels (issue 16)" + _SET_TITLES[args.set]
        write_section(title, command.strip(),
                      intro([m for m, _, _ in meetings]) + "\n\n" + text)
    return 0


def intro(meetings: list[Meeting]) -> str:
    """What the section measures, with the set's size."""
    synthetic = [m for m in meetings if m.synthetic]
    ami = [m for m in meetings if not m.synthetic]
    labels = sum(len(m.positive()) for m in synthetic)
    return f"""\
The evaluation set of bench/extraction/ ({len(synthetic)} espeak-ng meetings of 2-5 voices,
1.3-2.2 min, {labels} labels; {len(ami)} AMI excerpts of 30 s, {sum(len(m.positive()) for m in ami)}
labels), scored by bench/extraction.py (matching and rules: bench/extraction/README.md). In
the general template the Summary is the model's (SmolLM2-135M, temperature 0); Decisions,
Action items and Open questions are quoted from the transcript by engine/minutes/extract.py.
"transcripts": the script's words as the transcript, exact times (extraction alone);
"audio": end to end (Whisper base, our diarizer). Speakers: off; on (diarized, unnamed);
suggested (the product's name suggestions accepted); named (a user's names, oracle: each
speaker number gets the script person it overlaps most). Owner: matched actions whose label
names someone; due: matched actions whose label has a date, both resolved to a date.
Invented: items (or Summary sentences) with a name, date or amount the transcript never
says."""


if __name__ == "__main__":
    sys.exit(main())
