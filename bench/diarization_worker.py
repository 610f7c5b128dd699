"""Child process of bench/diarization.py: one engine diarizes every file, several rounds.

    python bench/diarization_worker.py ours|senko FOLDER OUT.json [--rounds N] NAME...

Reads FOLDER/NAME.npy (16 kHz mono float32), writes OUT.json: per file the turns of the
first round and the seconds of every round; the model's load time; the resident memory
after numpy, the audio and (for ours) Minutia's ``engine`` package were loaded, the
baseline, and the peak above it: what diarizing adds to the app's process, imports of
onnxruntime and torch included. Imports only numpy and the engine it measures, so that it
also runs in senko's torch venv.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent

Turns = list[tuple[float, float, str]]


def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def ours() -> Callable[[np.ndarray], Turns]:
    from engine.cancel import CancelToken
    from engine.diarize.diarizer import Diarizer

    diarizer = Diarizer()

    def run(audio: np.ndarray) -> Turns:
        events = diarizer.diarize(audio, cancel=CancelToken())
        while True:
            try:
                next(events)
            except StopIteration as done:
                return [(t.start, t.end, f"S{t.speaker}") for t in done.value]

    return run


def senko() -> Callable[[np.ndarray], Turns]:
    import senko as senko_package

    diarizer = senko_package.Diarizer(device="cpu", warmup=False, quiet=True)

    def run(audio: np.ndarray) -> Turns:
        # senko refuses float samples beyond [-1, 1]; decoded files stay inside but for
        # rounding
        result = diarizer.diarize_samples(np.clip(audio, -1.0, 1.0))
        if result is None:  # no speech found
            return []
        return [(s["start"], s["end"], s["speaker"]) for s in result["merged_segments"]]

    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("engine", choices=("ours", "senko"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("names", nargs="+")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    audio = {name: np.load(args.folder / f"{name}.npy") for name in args.names}
    if args.engine == "ours":
        sys.path.insert(0, str(ROOT))
        import engine  # noqa: F401  (the app has it loaded before it diarizes)
    base = rss_mb()
    begin = time.perf_counter()
    run = ours() if args.engine == "ours" else senko()
    load_s = time.perf_counter() - begin
    files: dict[str, dict] = {name: {"seconds": []} for name in args.names}
    for _ in range(max(1, args.rounds)):  # rounds outermost: load spikes spread over files
        for name in args.names:
            begin = time.perf_counter()
            turns = run(audio[name])
            files[name]["seconds"].append(time.perf_counter() - begin)
            files[name].setdefault("turns", turns)
    args.out.write_text(json.dumps({"files": files, "load_s": load_s, "base_mb": base,
                                    "added_mb": peak_mb() - base}))


if __name__ == "__main__":
    main()
