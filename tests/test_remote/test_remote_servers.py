"""The remote backends against real OpenAI-compatible servers on loopback: llama-cpp-python's
server with SmolLM2 for minutes, a faster-whisper server for transcription."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from locations import ROOT, SAMPLE
from real_models import normalise, real_backends, wer
from servers.fixtures import TEST_KEY as KEY
from servers.fixtures import received
from spoken_names import names_clip

from engine import vocabulary
from engine.audio.decode import decoded
from engine.cancel import CancelToken
from engine.config import EngineConfig
from engine.events import Finished, MinutesDelta
from engine.minutes.prompts import load_template
from engine.pipeline import Pipeline
from engine.remote.consent import Consent
from engine.remote.endpoint import Endpoint
from engine.remote.remote_chat import RemoteChat
from engine.remote.remote_whisper import RemoteWhisper
from engine.types import Transcript

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def local_transcript():
    """The embedded model's own transcript of the sample meeting, as the reference."""
    _, _, transcriber, _ = real_backends()
    transcriber.load()
    audio = decoded(SAMPLE)
    _, segments = transcriber.transcribe(audio, language=None)
    return list(segments)


def test_minutes_stream_from_a_llama_cpp_server_with_the_lens(llama_server, local_transcript,
                                                              sessions_root):
    asked = []
    model = RemoteChat(Endpoint(llama_server), "smollm2", context=8192,
                       consent=Consent(lambda d: asked.append(d) or True))
    config = EngineConfig(minutes_backend="openai", temperature=0.0, lens_top=5)
    pipeline = Pipeline(config=config, transcriber=None, chat_model=model,
                        sessions_root=sessions_root)
    transcript = Transcript(local_transcript, "en", 1.0, 63.5, str(SAMPLE))
    events = list(pipeline.minutes_from_transcript(transcript, cancel=CancelToken(),
                                                     title="Remote"))
    done = events[-1]
    assert isinstance(done, Finished)
    headings = [line for line in done.minutes.splitlines() if line.startswith("## ")]
    assert headings == [f"## {s.title}" for s in load_template("general").sections]
    generated = [e for e in events if isinstance(e, MinutesDelta) and e.generated]
    assert len(generated) > 20  # streamed token by token, not in one piece
    steps = [e.step for e in generated if e.step is not None]
    assert steps and all(s.logprob <= 0 and s.top for s in steps)
    assert all(s.top[0].logprob >= s.top[-1].logprob for s in steps)
    # temperature 0: the chosen token is among the server's most likely (its repeat penalty,
    # applied after the probabilities it reports, can pick the second)
    assert all(s.token in {a.token for a in s.top} for s in steps)
    assert sum(s.token == s.top[0].token for s in steps) >= 0.8 * len(steps)
    assert asked and {d.endpoint for d in asked} == {llama_server}
    manifest = json.loads((done.session_dir / "manifest.json").read_text())
    assert manifest["minutes_model"]["endpoint"] == llama_server
    assert {s["stage"] for s in manifest["sent"]} == {"minutes"}
    assert all(s["endpoint"] == llama_server and s["characters"] > 0 for s in manifest["sent"])


def test_transcription_from_a_faster_whisper_server_lines_up(whisper_server, local_transcript,
                                                             monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    audio = decoded(SAMPLE)
    whole = RemoteWhisper(Endpoint(whisper_server), "whisper-1", consent=Consent(lambda d: True))
    detected, segments = whole.transcribe(audio, language=None)
    segments = list(segments)
    assert detected.language == "en"
    reference = " ".join(s.text for s in local_transcript)
    assert wer(reference, " ".join(s.text for s in segments)) < 0.1

    # Over a small upload limit: parts cut at pauses, stitched back onto the timeline.
    split = RemoteWhisper(Endpoint(whisper_server), "whisper-1", consent=Consent(lambda d: True),
                          limit=60_000)
    before = len(received(whisper_server))
    _, stitched = split.transcribe(audio, language="en")
    stitched = list(stitched)
    parts = received(whisper_server)[before:]
    assert len(parts) >= 3 and all(p["bytes"] <= 60_000 for p in parts)
    assert wer(reference, " ".join(s.text for s in stitched)) < 0.2
    assert [s.start for s in stitched] == sorted(s.start for s in stitched)
    for s in stitched:  # each stitched segment starts where the same words start in one piece
        best = min(segments, key=lambda r: wer(r.text, s.text) + abs(r.start - s.start) / 100)
        if wer(best.text, s.text) < 0.3:
            assert abs(best.start - s.start) < 1.5, (s, best)


def test_the_users_vocabulary_goes_with_the_audio_as_a_hint(whisper_server, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    asked = []
    whisper = RemoteWhisper(Endpoint(whisper_server), "whisper-1",
                            consent=Consent(lambda d: asked.append(d.what) or True))

    def heard() -> str:
        _, segments = whisper.transcribe(names_clip(), language="en")
        return normalise(" ".join(s.text for s in segments))

    plain = heard()
    assert "tomasz" not in plain and "nguyen" not in plain  # "new yen, or mustn't"
    assert received(whisper_server)[-1]["prompt"] is None and "vocabulary" not in asked[-1]
    vocabulary.learn("new yen", "Nguyen", replaced=True)
    vocabulary.learn("or mustn't", "Tomasz", replaced=True)
    hinted = heard()
    assert "nguyen" in hinted.split() and "tomasz" in hinted.split(), hinted
    assert received(whisper_server)[-1]["prompt"] == "Tomasz, Nguyen"
    assert "your vocabulary (2 terms) as a hint" in asked[-1]


def test_text_only_models_get_short_parts_with_times(whisper_server, local_transcript,
                                                     monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    audio = decoded(SAMPLE)
    model = RemoteWhisper(Endpoint(whisper_server), "gpt-4o-mini-transcribe",
                          consent=Consent(lambda d: True))
    before = len(received(whisper_server))
    _, segments = model.transcribe(audio, language="en")
    segments = list(segments)
    sent = received(whisper_server)[before:]
    assert {p["response_format"] for p in sent} == {"json"}
    assert len(segments) >= 3
    assert all(s.end - s.start <= 30.5 for s in segments)
    assert all(0 <= s.start < s.end <= 63.6 for s in segments)
    reference = " ".join(s.text for s in local_transcript)
    assert wer(reference, " ".join(s.text for s in segments)) < 0.2


def _cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def test_cli_all_remote_and_the_key_is_never_written(whisper_server, llama_server, tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "MINUTIA_HOME": str(home), "OPENAI_API_KEY": KEY}
    # Two endpoints in one run: transcription on one server, minutes on the other is not
    # a thing the CLI does (one base URL), so each stage is proven in its own run.
    refused = _cli("transcribe", str(SAMPLE), "--asr-backend", "openai", "--base-url",
                   whisper_server, "--remote-asr-model", "whisper-1", env=env)
    assert refused.returncode == 2
    assert "nothing was sent" in refused.stderr and "--allow-remote" in refused.stderr
    before = len(received(whisper_server))
    run = _cli("transcribe", str(SAMPLE), "--asr-backend", "openai", "--base-url",
               whisper_server, "--remote-asr-model", "whisper-1", "--allow-remote", env=env)
    assert run.returncode == 0, run.stderr
    assert "contact form" in normalise(run.stdout)
    assert len(received(whisper_server)) == before + 1
    minutes = _cli("minutes", "--transcript", str(next(home.rglob("transcript.json"))),
                   "--minutes-backend", "openai", "--base-url", llama_server,
                   "--remote-minutes-model", "smollm2", "--remote-context", "8192",
                   "--temperature", "0", "--allow-remote", env=env)
    assert minutes.returncode == 0, minutes.stderr
    assert "## Action items" in minutes.stdout
    written = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.suffix == ".log" for p in written) and any(p.name == "manifest.json" for p in written)
    for path in written:
        assert KEY not in path.read_text(errors="replace"), path
        assert KEY[-12:] not in path.read_text(errors="replace"), path


def test_auto_uses_the_server_only_when_the_local_model_is_missing(llama_server, local_transcript,
                                                                  sessions_root, tmp_path):
    from engine import backends
    transcript = Transcript(local_transcript, "en", 1.0, 63.5, str(SAMPLE))
    yes = Consent(lambda d: True)
    for llm_model, remote in ((tmp_path / "gone.gguf", True), (None, False)):
        config = EngineConfig(minutes_backend="auto", llm_model=llm_model, base_url=llama_server,
                              remote_minutes_model="smollm2", remote_context=8192,
                              temperature=0.0, context=4096)
        chat = backends.make_chat_model(config, backends.make_device_plan(config), yes)
        pipeline = Pipeline(config=config, transcriber=None, chat_model=chat,
                            sessions_root=sessions_root)
        done = list(pipeline.minutes_from_transcript(transcript, cancel=CancelToken(),
                                                       title=f"auto {remote}"))[-1]
        manifest = json.loads((done.session_dir / "manifest.json").read_text())
        assert chat.using_remote is remote
        assert manifest["minutes_model"]["chosen_by"] == "auto"
        if remote:
            assert "gone.gguf" in manifest["minutes_model"]["local_error"]
            assert manifest["minutes_model"]["endpoint"] == llama_server and manifest["sent"]
        else:
            assert manifest["minutes_model"]["backend"] == "llama-cpp" and "sent" not in manifest
        assert "## Decisions" in done.minutes


def test_auto_transcribes_on_the_server_when_the_speech_model_is_missing(whisper_server, tmp_path,
                                                                        sessions_root, monkeypatch):
    from engine import backends
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    config = EngineConfig(asr_backend="auto", whisper_model=tmp_path / "no-such-model",
                          base_url=whisper_server, remote_asr_model="whisper-1")
    transcriber = backends.make_transcriber(config, backends.make_device_plan(config),
                                            Consent(lambda d: True))
    pipeline = Pipeline(config=config, transcriber=transcriber, chat_model=None,
                        sessions_root=sessions_root)
    done = list(pipeline.process_file(SAMPLE, cancel=CancelToken(), minutes=False))[-1]
    assert transcriber.using_remote
    assert "contact form" in normalise(done.transcript.text)
    manifest = json.loads((done.session_dir / "manifest.json").read_text())
    assert "no-such-model" in manifest["speech_model"]["local_error"]
    assert [s["sent"] for s in manifest["sent"]] == ["audio"]
