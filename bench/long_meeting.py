"""Benchmark: a two-hour meeting on a 4096-token context.

The sample meeting's transcript repeated to two hours (each copy shifted in time), with a
decision planted in the last minute, written up by the embedded model with a 4096-token
context: the plan (chunks), the largest context any single call asked for, whether the
planted decision made it into the minutes with its time, the wall time, and RSS before and
after (memory must stay flat: the transcript is text, the chunks are written one by one).

    .venv/bin/python bench/long_meeting.py [--hours 2] [--no-write]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.embedded import ours  # noqa: E402
from bench.home import throwaway_home  # noqa: E402
from bench.live import rss_mb  # noqa: E402
from bench.report import write_section  # noqa: E402
from engine import CancelToken, EngineConfig  # noqa: E402
from engine.events import MinutesPlanned, Progress  # noqa: E402
from engine.transcript_io import mmss  # noqa: E402
from engine.types import Segment, Transcript  # noqa: E402

SAMPLE = ROOT / "assets" / "samples" / "meeting.wav"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hours", type=float, default=2.0)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    throwaway_home("long")
    built = ours(EngineConfig(temperature=0.0, context=4096), load=False)  # RSS: the loads count
    chat, pipeline = built.chat, built.pipeline
    sample = list(pipeline.process_file(SAMPLE, cancel=CancelToken(), minutes=False))[-1].transcript
    copies = int(args.hours * 3600 // sample.duration)
    segments = [replace(s, start=s.start + k * sample.duration, end=s.end + k * sample.duration)
                for k in range(copies) for s in sample.segments]
    end = copies * sample.duration
    planted = Segment(end + 2, end + 6, "We decided to hold the volunteer party in the community hall.")
    long = Transcript([*segments, planted], "en", 1.0, end + 8)
    rss0 = rss_mb()
    t0 = time.monotonic()
    rss_steps = []
    events = []
    for event in pipeline.minutes_from_transcript(long, cancel=CancelToken(), title="two hours"):
        events.append(event)
        if isinstance(event, Progress):
            rss_steps.append(rss_mb())
            print(f"{event.done}/{event.total} steps, {time.monotonic() - t0:.0f} s,"
                  f" RSS {rss_steps[-1]:.0f} MB", flush=True)
    wall = time.monotonic() - t0
    planned = next(e for e in events if isinstance(e, MinutesPlanned))
    minutes = events[-1].minutes
    found = f"community hall. [{mmss(planted.start)}]" in minutes
    report = (f"{mmss(long.duration)} of meeting ({len(long.segments)} segments: the sample meeting"
              f" x{copies}, a decision planted in the last minute), SmolLM2-135M, 4096-token"
              f" context, temperature 0.\n\n"
              f"- plan: {planned.message}\n"
              f"- largest context one call asked for: {chat.peak_tokens} tokens (limit 4096)\n"
              f"- planted decision in the minutes with its time: {'yes' if found else 'NO'}\n"
              f"- wall time: {wall:.0f} s\n"
              f"- RSS: {rss0:.0f} MB before (speech model loaded), after each step (the language"
              f" model loads at the first): {', '.join(f'{r:.0f}' for r in rss_steps)} MB; peak of"
              f" the process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(report)
    if not args.no_write:
        write_section("A two-hour meeting on a 4096-token context",
                      ".venv/bin/python bench/long_meeting.py", report)


if __name__ == "__main__":
    main()
