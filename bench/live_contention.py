"""Benchmark: how much the careful pass (the transcript a recording keeps) slows the live
passes (the text the view shows while people talk) when both share the CPU.

The same 20 live passes (Mode.LIVE, 3-7 s of AMI meeting audio each, the same offsets in
every run) are timed three ways in one process: alone; while the careful pass's model
transcribes 30 s windows without pause on a thread at nice 10 (before 2026-12-04); and at
SCHED_IDLE (engine/transcribe/local_whisper.to_background, the app's way now). Printed: p50,
p95 and mean of the live pass times, and each as a ratio of the time alone.

    .venv/bin/python bench/live_contention.py [--passes 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine import backends  # noqa: E402
from engine.audio.decode import decoded  # noqa: E402
from engine.config import EngineConfig  # noqa: E402
from engine.transcribe.base import Mode  # noqa: E402
from engine.transcribe.local_whisper import to_background  # noqa: E402

AMI = Path(__file__).resolve().parents[2] / "shared" / "audio"
RATE = 16_000
WINDOW = 30 * RATE


def at_nice_10() -> bool:
    tid = threading.get_native_id()
    os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + 10)
    return True


class Careful:
    """A second copy of the model transcribing 30 s windows one after another, on a thread
    lowered by ``lower`` (its compute threads, made on that thread, inherit it)."""

    def __init__(self, asr, audio: np.ndarray, lower) -> None:
        self.asr, self.audio, self.lower = asr, audio, lower
        self.windows = 0
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        self._ready.wait()
        time.sleep(2.0)  # well into its first window
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        self.lower()
        from faster_whisper import WhisperModel
        model = WhisperModel(str(self.asr.model.path), **self.asr.load_kwargs())
        self._ready.set()
        start = 0
        while not self._stop.is_set():
            window = self.audio[start:start + WINDOW]
            start = (start + WINDOW) % (len(self.audio) - WINDOW)
            segments, _ = model.transcribe(window, language="en", beam_size=5)
            for _ in segments:
                if self._stop.is_set():
                    return
            self.windows += 1


def live_passes(asr, audio: np.ndarray, passes: int) -> list[float]:
    rng = np.random.default_rng(1)
    times = []
    for _ in range(passes):
        start = int(rng.integers(0, len(audio) - 8 * RATE))
        length = int(rng.integers(3, 8)) * RATE
        t = time.monotonic()
        _, segments = asr.transcribe(audio[start:start + length], language="en", mode=Mode.LIVE)
        list(segments)
        times.append(time.monotonic() - t)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--passes", type=int, default=20)
    args = parser.parse_args()
    audio = np.concatenate([decoded(AMI / f"trn0{i}.wav") for i in (3, 5, 6, 8, 9)])
    config = EngineConfig(temperature=0.0)
    asr = backends.make_transcriber(config, backends.make_device_plan(config))
    asr.load()
    print(f"load average at the start: {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores")
    rows = [("alone", live_passes(asr, audio, args.passes), None)]
    for name, lower in (("careful pass at nice 10", at_nice_10),
                        ("careful pass at SCHED_IDLE (the app)", to_background)):
        with Careful(asr, audio, lower) as careful:
            times = live_passes(asr, audio, args.passes)
        rows.append((name, times, careful.windows))
    alone = statistics.median(rows[0][1])
    print("| live passes | p50 (s) | p95 (s) | mean (s) | p50 / alone | careful windows done |")
    print("|---|---|---|---|---|---|")
    for name, times, windows in rows:
        times = sorted(times)
        p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
        print(f"| {name} | {statistics.median(times):.2f} | {p95:.2f} |"
              f" {statistics.mean(times):.2f} | {statistics.median(times) / alone:.2f} |"
              f" {'' if windows is None else windows} |")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
