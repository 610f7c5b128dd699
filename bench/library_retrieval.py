"""Benchmark: retrieval quality of the meeting library and `minutia ask` (issue 18), on the
labelled questions of bench/library_questions/questions.txt.

Builds a library (in a throwaway folder) of the 20 synthetic meetings of bench/extraction/
as text-only sessions: the script's words, one segment per sentence at the time
scripts/make_extraction_set.py speaks it (espeak-ng; cached), speakers named as in the
script, no minutes. Then, for each question with an answer:

- recall@5 of the passage that holds the answer, searching by words only (FTS5, bm25), by
  meaning only (all-MiniLM-L6-v2) and both fused (what `minutia search` does). A hit counts
  when it is in the right meeting and its chunk (the few consecutive sentences meaning
  search compares, engine/library/passages.py) holds the answer sentence: the same unit
  for all three ways.
- what `ask` gives the model: whether the answer sentence is among its passages;
- `ask` with the embedded model (SmolLM2-135M-Instruct, temperature 0): right when the
  answer shown cites the answer sentence and holds every key word; by status (the model's
  verified sentences, or the quoted passage when none verified, or "not found").

And for the questions whose answer is in no meeting: how often ask says "Not found in your
meetings." The relevance of the closest passage is printed for every question, by split
(``tune``: where engine.library.ask.MIN_RELEVANCE was chosen; ``test``: held out).

With ``--audio`` the library is instead the meetings as Whisper base heard their espeak-ng
renderings (diarized, speakers unnamed; the transcripts bench/extraction.py --on audio
cached, 17 of the 20 meetings): the answer is then the transcript segment that holds the
answer sentence's start.

With ``--thresholds``: only the relevance of every question on both libraries (text and
Whisper), and the one "not found" threshold best on both tune halves together, with the
refusals and wrong refusals it and its neighbours make on each.

    .venv/bin/python bench/library_retrieval.py [--no-ask] [--audio] [--threads 2] [-v]
    .venv/bin/python bench/library_retrieval.py --thresholds
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.extraction_set import Meeting, load, sentence_of, squash  # noqa: E402
from engine import EngineConfig, backends, speakers  # noqa: E402
from engine.library import (  # noqa: E402
    Embedder,
    Library,
    search,  # noqa: E402
)
from engine.library import ask as ask_module  # noqa: E402
from engine.library.ask_sources import MAX_SOURCES, retrieve  # noqa: E402
from engine.session import Session, Status  # noqa: E402
from engine.transcript_io import from_json  # noqa: E402
from engine.types import Segment, Transcript  # noqa: E402
from scripts.make_extraction_set import cache_dir, rendered  # noqa: E402

QUESTIONS = ROOT / "bench" / "library_questions" / "questions.txt"
K = 5


@dataclass
class Question:
    text: str
    meeting: str | None  # None: the answer is in no meeting
    answer: str = ""
    keys: tuple[tuple[str, ...], ...] = ()
    split: str = "tune"
    session: str = ""  # set when the library is built
    start: float = 0.0  # the answer sentence's time
    answer_seen: ask_module.Answer | None = None


def parse_questions(path: Path = QUESTIONS) -> list[Question]:
    """The question file: ``q:`` lines, each followed by indented ``key: value`` lines."""
    found: list[Question] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _, value = line.strip().partition(": ")
        if line.startswith("q: "):
            found.append(Question(value.strip(), None))
        elif key == "meeting":
            found[-1].meeting = None if value == "none" else value
        elif key == "answer":
            found[-1].answer = value
        elif key == "keys":
            found[-1].keys = tuple(tuple(a.strip() for a in k.split("|")) for k in value.split(";"))
        elif key == "split":
            found[-1].split = value
        else:
            raise ValueError(f"{path}: cannot read {raw!r}")
    return found


def make_session(root: Path, meeting: Meeting) -> tuple[str, dict[tuple[int, int], float]]:
    """A text-only session of one script; returns its id and each (line, sentence)'s time."""
    made = rendered(meeting)
    order: dict[str, int] = {}
    segments = []
    for s in made.sentences:
        segments.append(Segment(s.start, s.end, s.text, speaker=order.setdefault(s.who, len(order))))
    created = f"{meeting.date.isoformat()}T10:00:00" if meeting.date else None
    session = Session.create(meeting.title, root=root, **({"created": created} if created else {}))
    session.save_transcript(Transcript(segments, "en", 1.0, made.duration, meeting.name))
    session.name_speakers({k: speakers.Named(who) for who, k in order.items()})
    session.save_manifest(status=Status.COMPLETE)
    return session.dir.name, {(s.line, s.sentence): s.start for s in made.sentences}


def audio_session(root: Path, meeting: Meeting) -> tuple[str, list[Segment]] | None:
    """A session of the Whisper base transcript (diarized, speakers unnamed) of the meeting's
    espeak-ng rendering, as bench/extraction.py cached it (the newest); None when not cached."""
    cached = sorted((cache_dir() / "transcripts").glob(f"{meeting.name}-*.json"),
                    key=lambda p: p.stat().st_mtime)
    if not cached:
        return None
    transcript = from_json(json.loads(cached[-1].read_text(encoding="utf-8"))["diarized"])
    created = f"{meeting.date.isoformat()}T10:00:00" if meeting.date else None
    session = Session.create(meeting.title, root=root, **({"created": created} if created else {}))
    session.save_transcript(transcript)
    session.save_manifest(status=Status.COMPLETE)
    return session.dir.name, [s for s in transcript.segments if s.text.strip()]


def _heard_at(segments: list[Segment], at: float) -> float:
    """The start of the transcript segment that holds the moment ``at`` (else the last before)."""
    for s in segments:
        if s.start - 0.3 <= at < s.end:
            return s.start
    before = [s for s in segments if s.start <= at]
    return before[-1].start if before else segments[0].start


def build(root: Path, questions: list[Question], *, audio: bool = False) -> None:
    meetings = {m.name: m for m in load() if m.synthetic}
    for name, meeting in sorted(meetings.items()):
        heard = audio_session(root, meeting) if audio else None
        if audio and heard is None:
            continue
        session, times = make_session(root, meeting) if not audio else (heard[0], dict(
            ((s.line, s.sentence), _heard_at(heard[1], s.start)) for s in rendered(meeting).sentences))
        for q in questions:
            if q.meeting == name:
                lines = [i for i, ln in enumerate(meeting.lines) if squash(q.answer) in squash(ln.text)]
                if len(lines) != 1:
                    raise ValueError(f"{q.text!r}: the answer is in {len(lines)} lines of {name}")
                q.session = session
                q.start = times[(lines[0], sentence_of(q.answer, meeting.lines[lines[0]].text))]
    missing = [q.text for q in questions if q.meeting and not q.session]
    if missing:
        raise ValueError(f"no such meeting for {missing}")


def chunk_of(library: Library, session: str, start: float | None) -> int | None:
    if start is None:
        return None
    row = library.conn.execute("SELECT chunk_id FROM passages WHERE session_id = ? AND"
                               " kind = 'segment' AND abs(start - ?) < 0.001",
                               (session, start)).fetchone()
    return row[0] if row else None


def ranked(library: Library, question: str, how: str) -> list[search.Hit]:
    if how == "words":
        return library.search(question, limit=K, meaning=False)
    if how == "combined":
        return library.search(question, limit=K)
    cache = search.VectorCache.load(library.conn)
    close = search.meaning_hits(cache, library.embedder, question, limit=search.POOL)
    return search.fused(library.conn, [], close, limit=K)


def recall(library: Library, questions: list[Question], verbose: bool) -> dict[str, float]:
    out = {}
    for how in ("words", "meaning", "combined"):
        found = 0
        for q in questions:
            want = chunk_of(library, q.session, q.start)
            hits = ranked(library, q.text, how)
            ok = any(h.session_id == q.session and chunk_of(library, h.session_id, h.start) == want
                     for h in hits if h.kind == "segment")
            found += ok
            if verbose and not ok:
                print(f"  {how} miss: {q.text}")
        out[how] = found / len(questions)
    return out


def keys_in(text: str, keys: tuple[tuple[str, ...], ...]) -> bool:
    low = text.lower()
    return all(any(re.search(rf"(?<!\w){re.escape(a.lower())}(?!\w)", low) for a in alts)
               for alts in keys)


def cites(answer: ask_module.Answer, q: Question) -> bool:
    return any(c.session_id == q.session and abs(c.start - q.start) < 0.01
               for c in answer.citations)


def run_ask(library: Library, model, q: Question) -> ask_module.Answer:
    for event in ask_module.ask(library, model, q.text):
        if isinstance(event, ask_module.Answered):
            return event.answer
    raise RuntimeError("ask ended without an answer")


def relevance_table(library: Library, questions: list[Question]) -> tuple[str, float]:
    """Each question's closest-passage relevance; the threshold best on the tune half."""
    rows, scored = [], []
    for q in questions:
        found = retrieve(library, q.text)
        rel = found[0].relevance if found else 0.0
        given = any(s.meeting.id == q.session and any(abs(s.meeting.segments[i].start - q.start)
                                                      < 0.01 for i in s.indexes)
                    for s in found[:MAX_SOURCES])
        scored.append((q, rel, given))
        rows.append(f"| {q.split} | {'answer' if q.meeting else 'none'} | {rel:.3f} |"
                    f" {'yes' if given else '-' if q.meeting else ''} | {q.text} |")
    tune = [(rel, q.meeting is not None) for q, rel, _ in scored if q.split == "tune"]
    values = sorted({r for r, _ in tune})
    right = [sum((r >= t) == has for r, has in tune) for t in values]
    low = right.index(max(right))  # the best range starts at values[low]: its midpoint
    best = (values[low] + values[low - 1]) / 2 if low else values[0]
    answerable = [g for q, _, g in scored if q.meeting]
    table = ("| split | answer | relevance | answer sentence given to the model | question |\n"
             "|---|---|---|---|---|\n" + "\n".join(rows))
    return (table + f"\n\nAnswer sentence among ask's passages: {sum(answerable)}/"
            f"{len(answerable)}. Threshold best on tune"
            f" (midpoint below the lowest best value): {best:.3f}"), best


def ask_scores(library: Library, questions: list[Question], verbose: bool) -> str:
    config = EngineConfig(temperature=0.0)
    model = backends.local_chat_model(config, backends.make_device_plan(config))
    lines = []
    for split in ("tune", "test", "all"):
        chosen = [q for q in questions if split in ("all", q.split)]
        right = {"answered": 0, "quoted": 0}
        status: dict[str, int] = {}
        refused = 0
        none = [q for q in chosen if not q.meeting]
        for q in chosen:
            answer = run_ask(library, model, q) if split != "all" else q.answer_seen
            q.answer_seen = answer
            status[answer.status] = status.get(answer.status, 0) + (q.meeting is not None)
            if not q.meeting:
                refused += answer.status == ask_module.NOT_FOUND_STATUS
                continue
            ok = cites(answer, q) and keys_in(answer.text, q.keys)
            if ok:
                right[answer.status] = right.get(answer.status, 0) + 1
            if verbose and split != "all":
                print(f"[{'ok' if ok else 'NO'}] {q.text}\n  model: {answer.model_text!r}\n"
                      f"  shown: {answer.text!r}")
        n = len(chosen) - len(none)
        lines.append(f"| {split} | {n} | {sum(right.values())}/{n} = {sum(right.values()) / n:.2f}"
                     f" | {right['answered']}/{status.get('answered', 0)}"
                     f" | {right['quoted']}/{status.get('quoted', 0)}"
                     f" | {status.get('not found', 0)} | {refused}/{len(none)} |")
    return ("| split | questions | right (cites the answer sentence, holds the keys) |"
            " right / answered by the model's verified sentences | right / quoted passage |"
            " answerable said not found | not found on no-answer questions |\n"
            "|---|---|---|---|---|---|---|\n" + "\n".join(lines))


def relevances(audio: bool, threads: int) -> list[tuple[str, bool, float]]:
    """(split, has an answer, the closest passage's relevance) of every question, on the
    text-only library or (``audio``) the Whisper transcripts."""
    questions = parse_questions()
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp) / "sessions", questions, audio=audio)
        with Library(root=Path(tmp) / "sessions", index_path=Path(tmp) / "library.sqlite3",
                     embedder=Embedder(threads=threads)) as library:
            library.sync()
            library.embed_pending()
            scored = []
            for q in questions:
                found = retrieve(library, q.text)
                scored.append((q.split, q.meeting is not None, found[0].relevance if found else 0.0))
            return scored


def refusals(scored: list[tuple[str, bool, float]], t: float, split: str) -> tuple[int, int, int, int]:
    """At threshold ``t``: (unanswerable refused, unanswerable, answerable refused, answerable)."""
    chosen = [(has, rel) for sp, has, rel in scored if split in ("all", sp)]
    none = [rel for has, rel in chosen if not has]
    some = [rel for has, rel in chosen if has]
    return sum(r < t for r in none), len(none), sum(r < t for r in some), len(some)


def one_threshold(sets: dict[str, list[tuple[str, bool, float]]], current: float) -> str:
    """The threshold right most often on the tune halves of every set together (the midpoint
    of the best range), and what it and others do on each set and split."""
    values = sorted({rel for scored in sets.values() for _, _, rel in scored})
    middles = [(a + b) / 2 for a, b in zip(values, values[1:], strict=False)]

    def right(t: float) -> int:
        return sum((rel >= t) == has for scored in sets.values() for sp, has, rel in scored
                   if sp == "tune")
    best = max(right(t) for t in middles)
    ranged = [t for t in middles if right(t) == best]
    chosen = round(ranged[len(ranged) // 2], 3)
    rows = []
    for t in sorted({current, 0.366, chosen, 0.38, 0.40}):
        for name, scored in sets.items():
            cells = []
            for split in ("tune", "test", "all"):
                nr, n, ar, a = refusals(scored, t, split)
                cells.append(f"{nr}/{n} refused, {ar}/{a} wrongly")
            rows.append(f"| {t:.3f}{' (chosen)' if t == chosen else ''} | {name} | "
                        + " | ".join(cells) + " |")
    return (f"Right on the tune halves of both sets at best: {best} of"
            f" {sum(sp == 'tune' for s in sets.values() for sp, _, _ in s)}, for thresholds"
            f" {ranged[0]:.3f}-{ranged[-1]:.3f}; chosen: {chosen:.3f}\n\n"
            "| threshold | transcripts | tune: no answer refused, answerable refused |"
            " test | all |\n|---|---|---|---|---|\n" + "\n".join(rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-ask", action="store_true", help="retrieval only (no language model)")
    parser.add_argument("--threads", type=int, default=1, help="embedding threads")
    parser.add_argument("-v", "--verbose", action="store_true", help="every miss and answer")
    parser.add_argument("--audio", action="store_true",
                        help="the meetings as Whisper base heard their espeak-ng renderings"
                             " (transcripts cached by bench/extraction.py --on audio)")
    parser.add_argument("--thresholds", action="store_true",
                        help="only the 'not found' threshold: one for the text-only and the"
                             " Whisper transcripts together")
    args = parser.parse_args(argv)
    if args.thresholds:
        sets = {"text": relevances(False, args.threads), "Whisper": relevances(True, args.threads)}
        print(one_threshold(sets, ask_module.MIN_RELEVANCE))
        return 0
    questions = parse_questions()
    answerable = [q for q in questions if q.meeting]
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp) / "sessions", questions, audio=args.audio)
        with Library(root=Path(tmp) / "sessions", index_path=Path(tmp) / "library.sqlite3",
                     embedder=Embedder(threads=args.threads)) as library:
            library.sync()
            library.embed_pending()
            print(f"{len(library.entries())} meetings, {len(answerable)} questions with an"
                  f" answer, {len(questions) - len(answerable)} without")
            for split in ("tune", "test", "all"):
                chosen = [q for q in answerable if split in ("all", q.split)]
                r = recall(library, chosen, args.verbose and split == "all")
                print(f"recall@{K} {split} ({len(chosen)}): words {r['words']:.2f}, meaning"
                      f" {r['meaning']:.2f}, combined {r['combined']:.2f}")
            table, best = relevance_table(library, questions)
            print(table)
            if not args.no_ask:
                started = time.perf_counter()
                print(f"\nask (MIN_RELEVANCE {ask_module.MIN_RELEVANCE}):")
                print(ask_scores(library, questions, args.verbose))
                print(f"({time.perf_counter() - started:.0f} s for {len(questions)} questions)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
