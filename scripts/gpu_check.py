"""The GPU path, measured: a long meeting through Whisper large-v3-turbo and a 3B GGUF on
CUDA, then a slice of it on the CPU, with the times and tokens/s side by side.

Run by scripts/gpu-check.sh after it has set up a CUDA build of llama-cpp-python; by hand:

    .venv-gpu/bin/python scripts/gpu_check.py --whisper DIR --llm FILE.gguf [--minutes 60]
        [--cpu-minutes 5] [--devices cuda,cpu] [--out results.json]

The meeting is the bundled one-minute sample repeated to ``--minutes`` (so its words are
known); speakers are off (the point is the two models). Per device: model load time,
transcription time and real-time factor, minutes time, tokens the model generated and
their rate over the minutes step, and the pure generation rate of the GGUF (256 tokens
after a short chat prompt, llama.cpp called directly).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.embedded import direct_llama, ours, stream_rate, throwaway_home  # noqa: E402
from engine import CancelToken, EngineConfig  # noqa: E402
from engine.events import Finished, MinutesDelta, MinutesPlanned, MinutesTentative  # noqa: E402

SAMPLE = ROOT / "assets" / "samples" / "meeting.wav"
PROMPT = "Write three sentences about planning a product launch meeting."


def long_meeting(minutes: float, folder: Path) -> Path:
    """The sample meeting repeated to ``minutes`` minutes, as one WAV file."""
    with wave.open(str(SAMPLE)) as w:
        params, frames = w.getparams(), w.readframes(w.getnframes())
    wanted = int(minutes * 60 * params.framerate) * params.sampwidth * params.nchannels
    out = folder / f"meeting-{minutes:g}min.wav"
    with wave.open(str(out), "wb") as w:
        w.setparams(params)
        written = 0
        while written < wanted:
            piece = frames[: wanted - written]
            w.writeframes(piece)
            written += len(piece)
    return out


def measure(device: str, audio: Path, minutes: float, args: argparse.Namespace) -> dict:
    config = EngineConfig(whisper_model=args.whisper, llm_model=args.llm, device=device,
                          speakers=False, temperature=0.0, context=args.context)
    t = time.perf_counter()
    o = ours(config)
    loaded = time.perf_counter() - t
    generated, plan, timings = 0, None, {}
    t = time.perf_counter()
    for event in o.pipeline.process_file(audio, cancel=CancelToken()):
        if isinstance(event, MinutesDelta) and event.generated or isinstance(event, MinutesTentative):
            generated += 1  # a token shown (tentative ones are checked before they are final)
        elif isinstance(event, MinutesPlanned):
            plan = event
        elif isinstance(event, Finished):
            timings = event.timings
    total = time.perf_counter() - t
    o.chat.close()
    llm = direct_llama(o.chat)
    chunks = llm.create_chat_completion(messages=[{"role": "user", "content": PROMPT}],
                                        max_tokens=256, temperature=0.0, stream=True)
    first, rate, n = stream_rate(c for c in chunks if c["choices"][0]["delta"].get("content"))
    llm.close()
    transcribe_s = timings.get("transcribe_s", 0.0)
    minutes_s = timings.get("minutes_s", max(0.0, total - transcribe_s))
    return {"device": device, "plan": o.plan.label, "reasons": list(o.plan.reasons),
            "audio_minutes": minutes, "load_s": round(loaded, 1), "total_s": round(total, 1),
            "transcribe_s": round(transcribe_s, 1),
            "real_time_factor": round(transcribe_s / (minutes * 60), 4) if minutes else None,
            "minutes_s": round(minutes_s, 1), "chunks": plan.chunks if plan else None,
            "generated_tokens": generated,
            "minutes_tokens_per_s": round(generated / minutes_s, 1) if minutes_s else None,
            "generation_tokens_per_s": round(rate, 1), "first_token_s": round(first, 3),
            "generation_tokens": n, "timings": timings}


def table(rows: list[dict]) -> str:
    head = ("device", "audio min", "load s", "transcribe s", "x real time", "minutes s",
            "chunks", "tokens", "tok/s (minutes)", "tok/s (generation)")
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for r in rows:
        speed = f"{1 / r['real_time_factor']:.0f}x" if r["real_time_factor"] else "-"
        lines.append(" | ".join(str(v) for v in (
            r["plan"], r["audio_minutes"], r["load_s"], r["transcribe_s"], speed, r["minutes_s"],
            r["chunks"], r["generated_tokens"], r["minutes_tokens_per_s"],
            r["generation_tokens_per_s"])))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--whisper", type=Path, required=True, help="CTranslate2 Whisper folder")
    parser.add_argument("--llm", type=Path, required=True, help="GGUF chat model")
    parser.add_argument("--minutes", type=float, default=60.0, help="meeting length on CUDA")
    parser.add_argument("--cpu-minutes", type=float, default=5.0,
                        help="meeting length on the CPU (a slice: an hour takes too long)")
    parser.add_argument("--devices", default="cuda,cpu")
    parser.add_argument("--context", type=int, default=16384)
    parser.add_argument("--out", type=Path, help="also write the results as JSON here")
    args = parser.parse_args()
    throwaway_home("gpu-check")
    folder = Path(tempfile.mkdtemp(prefix="minutia-gpu-check-"))
    rows = []
    for device in args.devices.split(","):
        length = args.minutes if device == "cuda" else args.cpu_minutes
        rows.append(measure(device, long_meeting(length, folder), length, args))
        print(json.dumps(rows[-1], indent=1), flush=True)
    if rows and rows[0]["device"] == "cuda" and "CUDA (speech) + CPU" in rows[0]["plan"]:
        print("warning: llama-cpp-python has no GPU offload: the minutes ran on the CPU",
              file=sys.stderr)
    print("\n" + table(rows))
    if args.out:
        args.out.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
