"""Benchmark: diarizing a long recording, memory over time, speed, DER and cancel latency.

A 4-voice espeak-ng meeting of about 20 minutes (scripts/make_diarization_set.py's
``synthesize``, 260 turns, voices cat, dan, eve and fox) repeated to ``--minutes``, its
reference turns repeated with it. The diarizer runs on it once, as the app would run it;
the resident memory is sampled at every progress event. "Added" is measured from the
moment before ``diarize`` starts (model loaded, the recording's samples already in memory:
460 MB of float32 for two hours, the caller's), so it is what diarizing itself holds.
Then a second run is cancelled once past half its embedding, to time the stop.

    .venv/bin/python bench/diarization_long.py [--minutes 120] [--no-write]
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import sys
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import cpu_times, stolen, write_section  # noqa: E402
from engine.cancel import CancelToken  # noqa: E402
from engine.diarize.diarizer import Diarizer  # noqa: E402
from engine.diarize.rttm import score  # noqa: E402
from engine.errors import Cancelled  # noqa: E402

RATE = 16000


def rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize() / 2**20


def long_meeting(minutes: float) -> tuple[np.ndarray, list[tuple[float, float, str]]]:
    spec = importlib.util.spec_from_file_location(
        "make_diarization_set", ROOT / "scripts" / "make_diarization_set.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    audio, turns = module.synthesize(module.Meeting("long", ("cat", "dan", "eve", "fox"), 260, 61))
    copies = max(1, int(np.ceil(minutes * 60 * RATE / len(audio))))
    length = int(minutes * 60 * RATE)
    out = np.empty(min(length, copies * len(audio)), dtype=np.float32)
    reference = []
    for k in range(copies):
        part = out[k * len(audio) : (k + 1) * len(audio)]
        part[:] = audio[: len(part)]
        shift = k * len(audio) / RATE
        reference += [(a + shift, min(b + shift, len(out) / RATE), s) for a, b, s in turns
                      if a + shift < len(out) / RATE]
    return out, reference


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=120.0)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    audio, reference = long_meeting(args.minutes)
    seconds = len(audio) / RATE
    diarizer = Diarizer()
    base, samples = rss_mb(), []
    before, begin, cpu = cpu_times(), time.perf_counter(), time.process_time()
    events = diarizer.diarize(audio, cancel=CancelToken())
    while True:
        try:
            event = next(events)
        except StopIteration as done:
            turns = done.value
            break
        samples.append((time.perf_counter() - begin, event.fraction, rss_mb() - base))
    wall, cpu = time.perf_counter() - begin, time.process_time() - cpu
    steal = stolen(before, cpu_times())
    found = score(reference, [(t.start, t.end, str(t.speaker)) for t in turns],
                  uem=[(0.0, seconds)])
    latency = cancel_latency(diarizer, audio)
    quarters = [max(m for _, f, m in samples if f <= q) for q in (0.25, 0.5, 0.75, 1.0)]
    body = (f"- {seconds / 60:.0f} min of 4-voice espeak-ng meeting (a 24-minute one repeated),"
            f" {len(turns)} turns found\n"
            f"- DER {found.der:.1%}, {found.hypothesis_speakers} speakers of"
            f" {found.reference_speakers}\n"
            f"- {wall:.0f} s wall, {seconds / wall:.1f}x real time; CPU {cpu:.0f} s"
            f" ({2 * seconds / cpu:.1f}x real time if both cores were ours); steal {steal:.1%}\n"
            f"- memory added by diarizing (the samples are the caller's {audio.nbytes / 2**20:.0f}"
            f" MB): at 25/50/75/100 % of progress"
            f" {' / '.join(f'{q:.0f}' for q in quarters)} MB; peak"
            f" {max(m for _, _, m in samples):.0f} MB\n"
            f"- cancel: stopped {latency:.2f} s after the token was set (past half the embedding)")
    print(body)
    if not args.no_write:
        title = "Speaker diarization: a long recording"
        command = "bench/diarization_long.py" + (f" --minutes {args.minutes:g}"
                                                 if args.minutes != 120 else "")
        print(f"written to {write_section(title, command, body)}")


def cancel_latency(diarizer: Diarizer, audio: np.ndarray) -> float:
    """Seconds from setting the token (past half the embedding) to ``Cancelled``."""
    cancel, fired = CancelToken(), []
    events = diarizer.diarize(audio, cancel=cancel)
    for event in events:
        if event.fraction > 0.55:
            break

    def fire() -> None:
        fired.append(time.perf_counter())
        cancel.cancel()

    timer = threading.Timer(0.2, fire)
    timer.start()
    try:
        for _ in events:
            pass
    except Cancelled:
        pass
    stopped = time.perf_counter()
    timer.join()
    return stopped - fired[0]


if __name__ == "__main__":
    main()
