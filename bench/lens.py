"""Benchmark: what the Token Lens costs.

Generation speed on the same prompt (the sample meeting's summary request) and model, at
temperature 0 with a fixed length: llama-cpp-python's create_chat_completion called
directly, Minutia with the Lens off (the normal path), and with the Lens on (5 and 20
alternatives per token), each also under the "text" section grammar the minutes use
(constrained decoding: no Markdown headings). Interleaved rounds, medians, ratios against
the direct call.

    .venv/bin/python bench/lens.py [--rounds 5] [--tokens 160] [--no-write]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.embedded import direct_llama, ours, stream_rate  # noqa: E402
from bench.home import throwaway_home  # noqa: E402
from bench.report import cpu_times, stolen, write_section  # noqa: E402
from engine import CancelToken, EngineConfig  # noqa: E402
from engine.minutes.forms import GRAMMARS  # noqa: E402
from engine.minutes.lens import Sampling  # noqa: E402
from engine.minutes.prompts import load_template, section_messages  # noqa: E402

TRANSCRIPT = ROOT / "assets" / "samples" / "meeting.txt"


def rate(pieces) -> float:
    """Tokens per second after the first one (prompt evaluation excluded)."""
    return stream_rate(pieces)[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tokens", type=int, default=160)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    throwaway_home("lens")
    chat = ours(EngineConfig(temperature=0.0)).chat
    direct = direct_llama(chat)
    template = load_template("general")
    script = TRANSCRIPT.read_text(encoding="utf-8")  # what the sample meeting says
    messages = section_messages(template, template.sections[0], script)
    # No stop strings and a fixed length: every side generates the same number of tokens.
    gen = {"max_tokens": args.tokens, "stop": []}
    greedy = Sampling(temperature=0.0)

    def direct_side():
        direct.reset()
        return rate(c for c in direct.create_chat_completion(
            messages, stream=True, **greedy.llama_kwargs(), **gen)
            if c["choices"][0]["delta"].get("content") is not None)

    def lens_off(grammar=None):
        def side():
            chat.reset()
            return rate(chat.stream_chat(messages, cancel=CancelToken(), sampling=greedy,
                                         grammar=grammar, **gen))
        return side

    def lens_on(top, grammar=None):
        return lambda: rate(chat.stream_tokens(
            messages, max_tokens=args.tokens, sampling=greedy, stop=[],
            cancel=CancelToken(), top=top, grammar=grammar))

    sides = {"llama-cpp-python directly": direct_side, "Minutia, Lens off": lens_off(),
             "Minutia, Lens on (top 5)": lens_on(5), "Minutia, Lens on (top 20)": lens_on(20),
             "Minutia, Lens off, text grammar": lens_off(GRAMMARS["text"]),
             "Minutia, Lens on (top 5), text grammar": lens_on(5, GRAMMARS["text"])}
    results: dict[str, list[float]] = {name: [] for name in sides}
    for side in sides.values():  # warm-up
        side()
    machine0 = cpu_times()
    for round_ in range(args.rounds):
        order = list(sides.items())
        order = order[round_ % len(order):] + order[:round_ % len(order)]
        for name, side in order:
            time.sleep(0.3)
            results[name].append(side())
    base = statistics.median(results["llama-cpp-python directly"])
    table = ["| generation | tokens/s (median) | ratio to direct |", "|---|---|---|"]
    for name, values in results.items():
        med = statistics.median(values)
        table.append(f"| {name} | {med:.1f} | {med / base:.2f} |")
    report = (f"{chat.model.name}, {args.tokens} tokens at temperature 0 after the sample"
              f" meeting's summary prompt, {chat.threads} threads, {args.rounds} interleaved"
              f" rounds; CPU time stolen by the hypervisor meanwhile:"
              f" {stolen(machine0, cpu_times()):.0%}. Run-to-run noise on this machine is about"
              " ±10 % (5 rounds gave 0.98-1.17 for the same code within minutes).\n\n"
              + "\n".join(table))
    print(report)
    if not args.no_write:
        write_section("Token Lens cost", ".venv/bin/python bench/lens.py", report)


if __name__ == "__main__":
    main()
