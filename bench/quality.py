"""Benchmark: how trustworthy the minutes are.

For each real meeting recording (the sample meeting, the AMI excerpt in tests/data), the
audio is transcribed once, then minutes are written at temperature 0 and at temperature 1.0
with three seeds (the embedded model at its most adventurous). Per run: whether every
section of the template is there, in order; the share of items whose citations point at
real moments; the share the evidence check verified. Then the checker's own recall: every
verified item is altered three ways (a person who was not there, a date that was not said,
a sum that was not said, and, for an owned item, another attendee as the owner) and checked
again; "caught" counts the alterations it flagged.

    .venv/bin/python bench/quality.py [--no-write]
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.home import throwaway_home  # noqa: E402

throwaway_home("quality")

from bench.report import write_section  # noqa: E402
from engine import CancelToken, EngineConfig, Pipeline, backends  # noqa: E402
from engine.insights import insights  # noqa: E402
from engine.minutes.grounding import Evidence, Tally  # noqa: E402
from engine.minutes.prompts import load_template  # noqa: E402

MEETINGS = [ROOT / "assets" / "samples" / "meeting.wav", ROOT / "tests" / "data" / "ami_trn09.wav"]
RUNS = [(0.0, 0), (1.0, 1), (1.0, 2), (1.0, 3)]
OWNER = re.compile(r"\*\*[A-Z][a-z]+\*\*|\b[A-Z][a-z]+\b(?=\s+will)")


def inventions(item: str, people: set[str]) -> list[str]:
    """``item`` altered: a stranger, an attendee said elsewhere (a wrong owner), a date and a
    sum nobody said."""
    owner = OWNER.search(item)
    said = owner.group(0).strip("*") if owner else ""
    others = sorted(p for p in people if p != said and p not in item)
    out = [OWNER.sub("**Zelda**", item, count=1) if owner else item + " Zelda agreed.",
           item + " It is due by April 18th.", item + " It costs $30,000."]
    if owner and others:
        out.append(OWNER.sub(f"**{others[0]}**", item, count=1))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    config = EngineConfig(temperature=0.0)
    plan = backends.make_device_plan(config)
    transcriber, chat = backends.make_transcriber(config, plan), backends.make_chat_model(config, plan)
    titles = [s.title for s in load_template(config.template).sections]
    rows = ["| meeting | temperature, seed | sections complete | items | cited | verified |"
            " inventions caught |", "|---|---|---|---|---|---|---|"]
    totals = {"runs": 0, "complete": 0, "items": 0, "cited": 0, "verified": 0, "caught": 0,
              "planted": 0}
    for path in MEETINGS:
        base = Pipeline(config=config, device=plan, transcriber=transcriber, chat_model=chat)
        transcript = list(base.process_file(path, cancel=CancelToken(), minutes=False))[-1].transcript
        evidence = Evidence(transcript.segments)
        people = {m.text for m in insights(transcript.segments).entities if m.kind == "person"}
        for temperature, seed in RUNS:
            pipeline = Pipeline(config=replace(config, temperature=temperature, seed=seed),
                                device=plan, transcriber=transcriber, chat_model=chat)
            events = list(pipeline.minutes_from_transcript(transcript, cancel=CancelToken(),
                                                           title=path.stem))
            minutes = events[-1].minutes
            tally = next(e for e in events if isinstance(e, Tally))
            complete = [ln[3:] for ln in minutes.splitlines() if ln.startswith("## ")] == titles
            planted = caught = 0
            for item, verified in tally.checked:
                if not verified:
                    continue
                for invented in inventions(item, people):
                    planted += 1
                    caught += not evidence.ground(invented).verified
            rows.append(f"| {path.stem} | {temperature:g}, {seed} | {'yes' if complete else 'NO'} |"
                        f" {tally.items} | {tally.cited / max(1, tally.items):.0%} |"
                        f" {tally.verified / max(1, tally.items):.0%} | {caught}/{planted} |")
            print(rows[-1], flush=True)
            for key, value in (("runs", 1), ("complete", complete), ("items", tally.items),
                               ("cited", tally.cited), ("verified", tally.verified),
                               ("caught", caught), ("planted", planted)):
                totals[key] += value
    t = totals
    report = (f"Embedded models (Whisper base, SmolLM2-135M), general template; {len(MEETINGS)}"
              f" meetings x {len(RUNS)} runs. Overall: sections complete in {t['complete']}/"
              f"{t['runs']} runs; {t['cited'] / max(1, t['items']):.0%} of {t['items']} items cite"
              f" real moments; {t['verified'] / max(1, t['items']):.0%} verified; the checker caught"
              f" {t['caught']}/{t['planted']} inventions planted in verified items (an invented"
              " person, date or sum, or an attendee put in the owner's place).\n\n" + "\n".join(rows))
    print(report)
    if not args.no_write:
        write_section("Minutes quality and evidence", ".venv/bin/python bench/quality.py", report)


if __name__ == "__main__":
    main()
