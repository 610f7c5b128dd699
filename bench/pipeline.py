"""Benchmark: Minutia's pipeline against calling faster-whisper and llama-cpp-python directly.

Same models, settings, threads and audio, in one process, interleaved, several rounds.
Prints ratios (ours / direct) and writes the table to docs/benchmarks.md.

    .venv/bin/python bench/pipeline.py [--rounds 3] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from faster_whisper import WhisperModel, decode_audio  # noqa: E402

from bench.embedded import direct_llama, direct_whisper, ours, stream_rate  # noqa: E402
from bench.home import throwaway_home  # noqa: E402
from bench.report import write_section  # noqa: E402
from engine import CancelToken, EngineConfig, Pipeline  # noqa: E402
from engine.background import first_in_background  # noqa: E402
from engine.events import MinutesDelta, TranscriptSaved  # noqa: E402
from engine.minutes.forms import GRAMMARS  # noqa: E402
from engine.minutes.lens import Sampling  # noqa: E402
from engine.minutes.prompts import load_template, section_messages, transcript_lines  # noqa: E402

SAMPLE = ROOT / "assets" / "samples" / "meeting.wav"
# trn09, not trn01: trn01 holds under 6 s of speech (VAD keeps 0.8 s), too little to summarise.
AMI = ROOT.parent / "shared" / "audio" / "trn09.wav"
GREEDY = Sampling(temperature=0.0)  # reproducible: both sides write the same tokens


def direct_transcribe(model: WhisperModel, path: Path, beam_size: int) -> tuple[float, list]:
    t = time.perf_counter()
    audio = decode_audio(str(path))
    segments, _ = model.transcribe(audio, beam_size=beam_size, vad_filter=True, word_timestamps=True)
    segments = list(segments)
    return time.perf_counter() - t, segments


def ours_transcribe(pipeline: Pipeline, path: Path) -> tuple[float, object]:
    t = time.perf_counter()
    events = list(pipeline.process_file(path, cancel=CancelToken(), minutes=False))
    return time.perf_counter() - t, events[-1].transcript


def _settle() -> None:
    time.sleep(0.5)


def _ours_side(v: dict) -> None:
    _settle()
    v["ours_t"].append(ours_transcribe(v["pipeline"], v["path"])[0])
    _settle()
    v["chat"].reset()
    v["ours_tps"].append(stream_rate(first_in_background(v["chat"].stream_chat(
        v["messages"], cancel=CancelToken(), sampling=GREEDY, grammar=GRAMMARS["text"],
        **v["gen"]), CancelToken()))[1])  # as the writer asks for the Summary


def _direct_side(v: dict) -> None:
    _settle()
    v["direct_t"].append(direct_transcribe(v["direct_whisper"], v["path"],
                                           v["transcriber"].beam_size)[0])
    _settle()
    v["direct_llm"].reset()
    v["direct_tps"].append(stream_rate(
        c for c in v["direct_llm"].create_chat_completion(
            v["messages"], stream=True, **GREEDY.llama_kwargs(), **v["gen"])
        if c["choices"][0]["delta"].get("content"))[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    throwaway_home("pipeline")
    built = ours(EngineConfig(temperature=0.0))
    plan, transcriber, chat, pipeline = built.plan, built.transcriber, built.chat, built.pipeline
    whisper, direct_llm = direct_whisper(transcriber), direct_llama(chat)

    inputs = [SAMPLE] + ([AMI] if AMI.is_file() else [])
    if not AMI.is_file():
        print(f"note: {AMI} not found; benchmarking the sample meeting only")
    template = load_template("general")
    rows = []
    for path in inputs:
        duration = len(decode_audio(str(path))) / 16000
        _, transcript = ours_transcribe(pipeline, path)  # warm-up, and the text for the LLM step
        direct_transcribe(whisper, path, transcriber.beam_size)
        messages = section_messages(template, template.sections[0],
                                    "\n".join(transcript_lines(transcript.segments)))
        gen = dict(max_tokens=template.sections[0].max_tokens, stop=["\n#", "\n\n\n"])
        v = {"pipeline": pipeline, "path": path, "chat": chat, "transcriber": transcriber,
             "direct_whisper": whisper, "direct_llm": direct_llm, "messages": messages,
             "gen": gen, "ours_t": [], "direct_t": [], "ours_tps": [], "direct_tps": []}
        e2e, ttft = [], []
        for round_ in range(args.rounds):
            # Alternate who goes first, and let the CPU settle before each measurement:
            # CTranslate2's threads keep spinning briefly after a transcription, which
            # otherwise penalises whichever side runs right after one.
            sides = [_ours_side, _direct_side] if round_ % 2 == 0 else [_direct_side, _ours_side]
            for side in sides:
                side(v)
            _settle()
            t = time.perf_counter()
            saved_at = first_token_at = None
            for event in pipeline.process_file(path, cancel=CancelToken()):
                if isinstance(event, TranscriptSaved):
                    saved_at = time.perf_counter()
                elif isinstance(event, MinutesDelta) and event.generated and first_token_at is None:
                    first_token_at = time.perf_counter()
            e2e.append(time.perf_counter() - t)
            ttft.append(first_token_at - saved_at)
        med = statistics.median
        ours_t, direct_t, ours_tps, direct_tps = (v[k] for k in ("ours_t", "direct_t", "ours_tps",
                                                                 "direct_tps"))
        rows.append({
            "input": f"{path.name} ({duration:.0f} s)",
            "transcribe ours / direct (s)": f"{med(ours_t):.2f} / {med(direct_t):.2f}",
            "transcription ratio": f"{med(ours_t) / med(direct_t):.3f}",
            "tokens/s ours / direct": f"{med(ours_tps):.1f} / {med(direct_tps):.1f}",
            "generation ratio": f"{med(ours_tps) / med(direct_tps):.3f}",
            "first minutes token after transcript (s)": f"{med(ttft):.2f}",
            "end-to-end RTF": f"{med(e2e) / duration:.2f}",
        })
        print(rows[-1], flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    table = _markdown(rows)
    machine = _machine(plan)
    report = (f"{table}\n\nPeak RSS of the benchmark process (both pipelines loaded): {peak_mb:.0f} MB. "
              f"{args.rounds} rounds, medians; ratios are ours / direct (1.0 = no overhead; "
              f"generation ratio above 1 means ours is faster).\n\nMachine: {machine}\n")
    print(report)
    if not args.no_write:
        out = write_section("Pipeline against the libraries called directly",
                            ".venv/bin/python bench/pipeline.py", report)
        print(f"written to {out}")


def _markdown(rows: list[dict]) -> str:
    head = list(rows[0])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r[h] for h in head) + " |" for r in rows]
    return "\n".join(lines)


def _machine(plan) -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import ctranslate2
    import faster_whisper
    import llama_cpp
    return (f"{cpu}, {os.cpu_count()} cores, {plan.label} with {plan.threads} threads; Python "
            f"{platform.python_version()}, faster-whisper {faster_whisper.__version__}, CTranslate2 "
            f"{ctranslate2.__version__}, llama-cpp-python {llama_cpp.__version__}.")


if __name__ == "__main__":
    main()
