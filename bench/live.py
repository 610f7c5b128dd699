"""Benchmark: live transcription lag while recording in real time.

Replays real meeting audio (the AMI excerpts in ../shared/audio joined, repeated to
--minutes) through the recorder at real-time pace with live transcription on, and prints,
per minute of recording: commit lag p50/p95/max (wall time from a word's end in the audio to
the moment it was committed), the process's CPU share, and RSS.

With --soak-hours, it records that many hours of the same audio instead, as fast as live
transcription takes it (faster than real time), and prints RSS as the recording grows: the
memory a long meeting costs.

    .venv/bin/python bench/live.py [--minutes 10] [--soak-hours 2] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("MINUTIA_HOME", tempfile.mkdtemp(prefix="minutia-bench-live-"))

import numpy as np  # noqa: E402
from audio_files import write_wav  # noqa: E402

from bench.report import cpu_times, stolen, write_section  # noqa: E402
from engine import EngineConfig, backends  # noqa: E402
from engine.audio.decode import decoded  # noqa: E402
from engine.audio.recorder import RecordControl, record  # noqa: E402
from engine.audio.sources import ReplaySource  # noqa: E402
from engine.events import (  # noqa: E402
    LevelMeasured,
    LiveCommitted,  # noqa: E402
    RecordingStarted,
)
from engine.session import Session  # noqa: E402
from engine.transcribe.live import LiveTranscriber  # noqa: E402

AUDIO = ROOT.parent / "shared" / "audio"


def rss_mb() -> float:
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def long_meeting(minutes: float, folder: Path) -> Path:
    parts = sorted(AUDIO.glob("trn0*.wav")) or [ROOT / "assets" / "samples" / "meeting.wav"]
    audio = np.concatenate([decoded(p) for p in parts])
    reps = int(np.ceil(minutes * 60 * 16000 / len(audio)))
    return write_wav(folder / "long.wav", np.tile(audio, reps)[: int(minutes * 60 * 16000)])


class LoopSource:
    """``audio`` looped for ``seconds``, delivered as fast as ``live`` keeps up with it (at
    most ``ahead_s`` not yet taken up by its thread, counting the recorder's queue): a long
    recording in a fraction of its duration, with the meeting audio held once in memory."""

    name = "soak loop"

    def __init__(self, audio: np.ndarray, seconds: float, live: LiveTranscriber,
                 ahead_s: float = 4.0) -> None:
        self.audio, self.total, self.live, self.ahead_s = audio, int(seconds * 16000), live, ahead_s
        self.error, self.ended, self._stop = None, False, threading.Event()
        self.fed = 0  # samples the recorder has passed to the live transcriber
        feed = live.feed

        def counted(block):
            self.fed += len(block)
            feed(block)
        live.feed = counted

    def _ahead_s(self, sent: int) -> float:
        return (sent - self.fed) / 16000 + self.live.backlog_seconds

    def start(self, deliver) -> None:
        def play() -> None:
            block, sent, last = 1600, 0, time.monotonic()
            while sent < self.total and not self._stop.is_set():
                # Wait while live transcription is behind, but never so long that the
                # recorder takes the device for dead (3 s without audio).
                if self._ahead_s(sent) > self.ahead_s and time.monotonic() - last < 1:
                    time.sleep(0.02)
                    continue
                last = time.monotonic()
                i = sent % len(self.audio)
                deliver(self.audio[i:i + block].copy())
                sent += len(self.audio[i:i + block])
            self.ended = True
        threading.Thread(target=play, name="soak-loop", daemon=True).start()

    @property
    def active(self) -> bool:
        return not self.ended

    def stop(self) -> None:
        self._stop.set()


def soak(hours: float, live: LiveTranscriber, folder: Path) -> str:
    audio = decoded(long_meeting(10, folder))
    session = Session.create("bench soak", root=folder / "sessions")
    source = LoopSource(audio, hours * 3600, live)
    rows, t0, next_mark = [], time.monotonic(), 0.0
    for event in record(session, source, RecordControl(), live=live):
        if isinstance(event, LevelMeasured) and event.seconds >= next_mark:
            rows.append((event.seconds / 60, rss_mb(), time.monotonic() - t0))
            print(f"{event.seconds / 60:6.1f} min recorded  RSS {rows[-1][1]:.0f} MB", flush=True)
            next_mark += 600
    segments = live.finish()
    rows.append((hours * 60, rss_mb(), time.monotonic() - t0))
    base = next(rss for m, rss, _ in rows if m >= 10)
    lines = ["| recorded (min) | RSS (MB) | wall (min) |", "|---|---|---|"]
    lines += [f"| {m:.0f} | {rss:.0f} | {w / 60:.1f} |" for m, rss, w in rows]
    return (f"Soak: {hours:g} h of AMI meeting audio (10 min looped) recorded with live"
            f" transcription, fed as fast as it kept up ({rows[-1][2] / 60:.0f} min wall);"
            f" {len(segments)} segments. Growth after the first 10 minutes:"
            f" {rows[-1][1] - base:+.0f} MB (target: under 50 MB).\n\n" + "\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--soak-hours", type=float)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--draft-every", type=float, metavar="S",
                        help="seconds of new speech between drafts (default: the app's)")
    parser.add_argument("--hold", type=float, metavar="S",
                        help="commit draft words ending this long before the audio does")
    args = parser.parse_args()
    config = EngineConfig()
    plan = backends.make_device_plan(config)
    tuning = {k: v for k, v in (("tentative_every_s", args.draft_every), ("hold_s", args.hold))
              if v is not None}
    live = LiveTranscriber(backends.make_transcriber(config, plan), **tuning)
    live.start()
    if args.soak_hours:
        report = soak(args.soak_hours, live, Path(tempfile.mkdtemp()))
        print(report)
        if not args.no_write:
            write_section("Live recording memory soak",
                          f".venv/bin/python bench/live.py --soak-hours {args.soak_hours:g}", report)
        return
    folder = Path(tempfile.mkdtemp())
    source = ReplaySource(long_meeting(args.minutes, folder))
    session = Session.create("bench live", root=folder / "sessions")
    lags: dict[int, list[float]] = {}
    stats: dict[int, tuple[float, float]] = {}
    t0 = cpu0 = None
    minute = 0
    machine0 = cpu_times()
    for event in record(session, source, RecordControl(), live=live):
        if isinstance(event, RecordingStarted):
            t0, cpu0 = time.monotonic(), time.process_time()
        elif isinstance(event, LiveCommitted):
            for seg in event.segments:
                for w in seg.words or ():
                    lags.setdefault(int(w.end // 60), []).append(event.at - (t0 + w.end))
        elif isinstance(event, LevelMeasured) and event.seconds >= (minute + 1) * 60:
            stats[minute] = ((time.process_time() - cpu0) / (time.monotonic() - t0) / os.cpu_count(),
                             rss_mb())
            minute += 1
    live.finish()
    lines = ["| minute | words | lag p50 (s) | lag p95 (s) | lag max (s) | CPU share | RSS (MB) |",
             "|---|---|---|---|---|---|---|"]
    for m in sorted(lags):
        v = sorted(lags[m])
        p95 = v[min(len(v) - 1, int(0.95 * len(v)))]
        cpu, rss = stats.get(m, (float("nan"), rss_mb()))
        lines.append(f"| {m + 1} | {len(v)} | {statistics.median(v):.1f} | {p95:.1f} | {max(v):.1f}"
                     f" | {cpu:.0%} | {rss:.0f} |")
    every = sorted(v for m in lags for v in lags[m])
    if every:
        lines.append(f"| all | {len(every)} | {statistics.median(every):.1f}"
                     f" | {every[min(len(every) - 1, int(0.95 * len(every)))]:.1f} | {every[-1]:.1f}"
                     " | | |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = (f"Real-time replay of {args.minutes:g} min of AMI meeting audio (far-field, overlapping"
              f" talk), Whisper base int8 on {os.cpu_count()} cores, live transcription on"
              f" (a draft every {live.tentative_every_s:g} s of new speech, hold {live.hold_s:g} s)."
              f" Targets: p50 <= 4 s, p95 <= 8 s, not growing. CPU time stolen by the"
              f" hypervisor during the run: {stolen(machine0, cpu_times()):.0%} (a busy host"
              f" makes every pass slower).\n\n" + "\n".join(lines)
              + f"\n\nPeak RSS {peak:.0f} MB.")
    print(report)
    if not args.no_write:
        write_section("Live transcription lag", ".venv/bin/python bench/live.py", report)


if __name__ == "__main__":
    main()
