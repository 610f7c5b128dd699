"""Benchmark: what Minutia's remote backends add over calling the endpoint directly.

Real servers on loopback, as in the tests: llama-cpp-python's OpenAI-compatible server with
the embedded SmolLM2, and the faster-whisper transcription server (tests/servers/).

- Minutes: a long answer about the sample meeting (every statement as a list item: the
  template's summary is too short to time) streamed through the ``openai`` client directly,
  and through RemoteChat (consent, manifest record, streaming, Lens off), at temperature 0;
  interleaved rounds, medians, tokens per second after the first (the server keeps the
  prompt cached between rounds, so "first token" is mostly the request's round trip).
- Transcription: the sample meeting's WAV uploaded directly (``verbose_json``), and through
  RemoteWhisper (decoded, re-encoded as Ogg Opus, uploaded): wall time and bytes sent.

    .venv/bin/python bench/remote.py [--rounds 5] [--tokens 120] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from bench.home import throwaway_home  # noqa: E402

throwaway_home("remote")
os.environ.setdefault("OPENAI_API_KEY", "sk-bench-only")

from openai import OpenAI  # noqa: E402
from servers.launch import free_port, running  # noqa: E402

from bench.report import cpu_times, stolen, write_section  # noqa: E402
from engine import CancelToken, models  # noqa: E402
from engine.audio.decode import decoded  # noqa: E402
from engine.minutes.lens import Sampling  # noqa: E402
from engine.remote import upload  # noqa: E402
from engine.remote.consent import Consent  # noqa: E402
from engine.remote.endpoint import Endpoint  # noqa: E402
from engine.remote.remote_chat import RemoteChat  # noqa: E402
from engine.remote.remote_whisper import RemoteWhisper  # noqa: E402

SAMPLE = ROOT / "assets" / "samples" / "meeting.wav"
SCRIPT = ROOT / "assets" / "samples" / "meeting.txt"


def timed_stream(pieces) -> tuple[float, float, int]:
    """(seconds to the first piece, tokens per second after it, pieces)."""
    start = time.perf_counter()
    first, n = None, 0
    for _ in pieces:
        n += 1
        if first is None:
            first = time.perf_counter()
    end = time.perf_counter()
    return first - start, (n - 1) / (end - first) if n > 1 else 0.0, n


def direct_chat(client: OpenAI, messages, tokens: int):
    stream = client.chat.completions.create(model="smollm2", messages=messages, stream=True,
                                            max_tokens=tokens, temperature=0.0, seed=0)
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            yield chunk.choices[0].delta.content


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tokens", type=int, default=120)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    logs = Path(os.environ["MINUTIA_HOME"])
    llama_port, whisper_port = free_port(), free_port()
    llama = [sys.executable, "-m", "llama_cpp.server", "--model", str(models.llm_model(None).path),
             "--host", "127.0.0.1", "--port", str(llama_port), "--n_ctx", "4096",
             "--n_threads", "2", "--n_threads_batch", "2"]
    whisper = [sys.executable, str(ROOT / "tests" / "servers" / "transcription_server.py"),
               "--port", str(whisper_port), "--model", str(models.whisper_model(None).path)]
    llama_url, whisper_url = (f"http://127.0.0.1:{llama_port}/v1",
                              f"http://127.0.0.1:{whisper_port}/v1")
    yes = Consent(lambda d: True)
    messages = [{"role": "user", "content": SCRIPT.read_text(encoding="utf-8")
                 + "\n\nList every statement of this meeting as a bullet point, in order."}]
    before = cpu_times()
    with running(llama, llama_url + "/models", logs / "llama.log"), \
            running(whisper, whisper_url + "/models", logs / "whisper.log"):
        client = OpenAI(base_url=llama_url, api_key="no-key", max_retries=0)
        ours = RemoteChat(Endpoint(llama_url), "smollm2", consent=yes, context=4096)
        chat = {"direct": [], "minutia": []}
        for _ in range(args.rounds):
            chat["direct"].append(timed_stream(direct_chat(client, messages, args.tokens)))
            chat["minutia"].append(timed_stream(ours.stream_chat(
                messages, max_tokens=args.tokens, sampling=Sampling(temperature=0.0), stop=[],
                cancel=CancelToken())))
        speech = OpenAI(base_url=whisper_url, api_key="no-key", max_retries=0)
        remote = RemoteWhisper(Endpoint(whisper_url), "whisper-1", consent=yes)
        audio = decoded(SAMPLE)
        asr = {"direct": [], "minutia": []}
        for _ in range(max(1, args.rounds // 2)):
            t = time.perf_counter()
            with SAMPLE.open("rb") as f:
                speech.audio.transcriptions.create(model="whisper-1", file=f,
                                                   response_format="verbose_json")
            asr["direct"].append(time.perf_counter() - t)
            t = time.perf_counter()
            _, segments = remote.transcribe(audio, language=None)
            list(segments)
            asr["minutia"].append(time.perf_counter() - t)
        opus = len(upload.prepare(audio)[0].data)
    steal = stolen(before, cpu_times())

    def med(runs, k):
        return statistics.median(r[k] for r in runs)
    lines = [f"Rounds: {args.rounds} (chat), {max(1, args.rounds // 2)} (transcription);"
             f" CPU steal during the run: {steal:.0%}.", "",
             "| minutes (SmolLM2 on llama-cpp-python's server) | first token | tokens/s |"
             " tokens | ratio (tokens/s) |", "|---|---|---|---|---|"]
    base = med(chat["direct"], 1)
    for name, runs in chat.items():
        lines.append(f"| {name} | {med(runs, 0):.2f} s | {med(runs, 1):.1f} |"
                     f" {med(runs, 2):.0f} | {med(runs, 1) / base:.2f} |")
    wav = SAMPLE.stat().st_size
    lines += ["", "| transcription (63 s sample, Whisper base server) | wall | bytes sent | ratio |",
              "|---|---|---|---|",
              f"| direct (the WAV file) | {statistics.median(asr['direct']):.1f} s | {wav:,} | 1.00 |",
              f"| minutia (Ogg Opus) | {statistics.median(asr['minutia']):.1f} s | {opus:,} |"
              f" {statistics.median(asr['minutia']) / statistics.median(asr['direct']):.2f} |"]
    body = "\n".join(lines)
    print(body)
    if not args.no_write:
        write_section("Remote backends", "bench/remote.py", body)


if __name__ == "__main__":
    main()
