"""Benchmark (issue 19): do the user's corrected names, given to Whisper as hotwords, lower
the word error rate on those names, and what do they do to the rest of the text?

The meetings (bench/hotwords/*.txt, the extraction set's format plus a ``terms:`` line)
come in pairs per team: the team's first meeting, then a later one with the same people
and tools in other sentences. They are spoken by espeak-ng (scripts/make_extraction_set.py's
``rendered``, cached in ``$MINUTIA_BENCH_CACHE/hotwords``) and transcribed by the embedded
Whisper base (LocalWhisper, Mode.FULL, language English, beam 5).

What a user does, played out:
1. the first meeting is transcribed with an empty vocabulary;
2. every term of its ``terms:`` line that the transcript got wrong somewhere is corrected
   by a find-and-replace: engine.vocabulary.learned() says what that teaches;
3. both meetings are transcribed again with the taught vocabulary as faster-whisper's
   ``hotwords``.

Per meeting, without and with the vocabulary: term accuracy (of the terms' occurrences in
the script, how many the transcript has, as normalised words) and the WER over every word
(jiwer, normalised: lower case, no punctuation). The later meeting is the fair test (its
sentences were never corrected); the first is there to show the same-meeting effect.

    .venv/bin/python bench/hotwords.py [--threads N] [--meetings NAME ...]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import jiwer  # noqa: E402

from bench.extraction_set import load  # noqa: E402
from engine import models, vocabulary  # noqa: E402
from engine.audio.decode import decoded  # noqa: E402
from engine.transcribe.local_whisper import LocalWhisper  # noqa: E402
from scripts.make_extraction_set import cache_dir, rendered  # noqa: E402

SET = ROOT / "bench" / "hotwords"


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s']", " ", text.lower()).split())


def terms_of(meeting) -> list[str]:
    for line in meeting.source.read_text(encoding="utf-8").splitlines():
        if line.startswith("terms:"):
            return [t.strip() for t in line.split(":", 1)[1].split(",") if t.strip()]
    return []


def count(term: str, text: str) -> int:
    return len(re.findall(rf"(?<!\w){re.escape(normalise(term))}(?!\w)", text))


def term_hits(terms: list[str], reference: str, hypothesis: str) -> tuple[int, int, list[str]]:
    """(occurrences found, occurrences said, the terms missed somewhere)."""
    found = said = 0
    missed = []
    for term in terms:
        want, got = count(term, reference), count(term, hypothesis)
        found, said = found + min(want, got), said + want
        if got < want:
            missed.append(term)
    return found, said, missed


def other_words(terms: list[str], reference: str, hypothesis: str) -> tuple[int, int]:
    """(wrong, all) of the script's words that belong to no term: substituted or deleted in
    jiwer's alignment (insertions have no script word to blame and are left out)."""
    term_words = {w for t in terms for w in normalise(t).split()}
    ref = reference.split()
    wrong = 0
    for chunk in jiwer.process_words(reference, hypothesis).alignments[0]:
        if chunk.type in ("substitute", "delete"):
            wrong += sum(w not in term_words for w in ref[chunk.ref_start_idx:chunk.ref_end_idx])
    return wrong, sum(w not in term_words for w in ref)


def transcribe(asr: LocalWhisper, wav: Path) -> str:
    _, segments = asr.transcribe(decoded(wav), language="en")
    return normalise(" ".join(s.text for s in segments))


def script_text(meeting) -> str:
    return normalise(" ".join(line.text for line in meeting.lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--meetings", nargs="*", help="only these (file names without .txt)")
    parser.add_argument("-v", action="store_true", help="print the transcripts")
    args = parser.parse_args(argv)
    hint: dict = {"words": None}
    asr = LocalWhisper(models.whisper_model(None), threads=args.threads,
                       vocabulary=lambda: hint["words"])
    meetings = load(SET, names=args.meetings)
    teams: dict[str, list] = {}
    for m in meetings:
        teams.setdefault(m.name[0], []).append(m)
    rows = []
    for team in teams.values():
        rows += run_team(asr, team, hint, verbose=args.v)
    report(rows)
    return 0


def run_team(asr: LocalWhisper, team: list, hint: dict, *, verbose: bool) -> list[dict]:
    folder = cache_dir().parent / "hotwords"
    first, *later = team
    taught = vocabulary.Vocabulary(use=True)
    rows = []
    for meeting in team:
        wav = rendered(meeting, folder=folder).wav
        reference, terms = script_text(meeting), terms_of(meeting)
        hint["words"] = None
        t0 = time.monotonic()
        plain = transcribe(asr, wav)
        plain_s = time.monotonic() - t0
        if meeting is first:  # the user corrects what was misheard
            for term in term_hits(terms, reference, plain)[2]:
                taught = taught.with_words(vocabulary.learned("", term, replaced=True))
        hint["words"] = taught.hotwords()
        t0 = time.monotonic()
        hinted = transcribe(asr, wav)
        hinted_s = time.monotonic() - t0
        rows.append({"meeting": meeting.name, "later": meeting is not first,
                     "hotwords": hint["words"], "plain": plain, "hinted": hinted,
                     "terms": (term_hits(terms, reference, plain),
                               term_hits(terms, reference, hinted)),
                     "wer": (jiwer.wer(reference, plain), jiwer.wer(reference, hinted)),
                     "other": (other_words(terms, reference, plain),
                               other_words(terms, reference, hinted)),
                     "seconds": (plain_s, hinted_s)})
        if verbose:
            print(f"--- {meeting.name}\nREF   {reference}\nPLAIN {plain}\nHINT  {hinted}\n")
    return rows


def report(rows: list[dict]) -> None:
    print(f"{'meeting':22} {'terms w/o':>10} {'terms with':>10} {'WER w/o':>8} {'WER with':>8}"
          f" {'ratio':>6} {'others w/o':>10} {'others with':>11} {'s w/o':>6} {'s with':>6}"
          "  hotwords")
    for r in rows:
        (f0, n, _), (f1, _, _) = r["terms"]
        w0, w1 = r["wer"]
        (o0, m), (o1, _) = r["other"]
        print(f"{r['meeting']:22} {f0:>4}/{n:<5} {f1:>4}/{n:<5} {w0:8.3f} {w1:8.3f}"
              f" {w1 / w0 if w0 else float('nan'):6.2f} {o0:>4}/{m:<5} {o1:>5}/{m:<5}"
              f" {r['seconds'][0]:6.1f} {r['seconds'][1]:6.1f}  {r['hotwords']}")
    for label, pick in (("later meetings", True), ("first meetings", False)):
        chosen = [r for r in rows if r["later"] == pick]
        if not chosen:
            continue
        found0 = sum(r["terms"][0][0] for r in chosen)
        found1 = sum(r["terms"][1][0] for r in chosen)
        said = sum(r["terms"][0][1] for r in chosen)
        w0 = sum(r["wer"][0] for r in chosen) / len(chosen)
        w1 = sum(r["wer"][1] for r in chosen) / len(chosen)
        o0 = sum(r["other"][0][0] for r in chosen)
        o1 = sum(r["other"][1][0] for r in chosen)
        others = sum(r["other"][0][1] for r in chosen)
        print(f"{label}: term accuracy {found0}/{said} -> {found1}/{said};"
              f" mean WER {w0:.3f} -> {w1:.3f} (ratio {w1 / w0:.2f}); other words wrong"
              f" {o0}/{others} -> {o1}/{others}")


if __name__ == "__main__":
    sys.exit(main())
