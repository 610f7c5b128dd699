"""Choosing remote backends: CLI flags, the config file, the key, the split plan, auto."""

from __future__ import annotations

import numpy as np
import pytest

from cli.app import main
from cli.compose import engine_config
from cli.parser import parse_args
from engine import backends
from engine.config import EngineConfig
from engine.errors import MinutiaError
from engine.remote import upload
from engine.remote.endpoint import Endpoint, RemoteError
from engine.remote.fallback import Fallback
from engine.remote.remote_chat import RemoteChat
from engine.remote.remote_whisper import RemoteWhisper


def test_flags_choose_the_backend_per_stage():
    args = parse_args(["minutes", "m.wav", "--asr-backend", "auto", "--minutes-backend", "openai",
                       "--base-url", "http://gpu-box:8000/v1", "--remote-minutes-model", "qwen",
                       "--remote-asr-model", "whisper-1", "--allow-remote"])
    config = engine_config(args)
    assert (config.asr_backend, config.minutes_backend) == ("auto", "openai")
    assert (config.base_url, config.remote_minutes_model, config.remote_asr_model) == (
        "http://gpu-box:8000/v1", "qwen", "whisper-1")
    plan = backends.make_device_plan(config)
    assert isinstance(backends.make_chat_model(config, plan), RemoteChat)
    assert isinstance(backends.make_transcriber(config, plan), Fallback)
    assert EngineConfig().asr_backend == EngineConfig().minutes_backend == "local"  # private by default


def test_the_config_file_sets_defaults_and_flags_win(tmp_path):
    file = tmp_path / "minutia.toml"
    file.write_text('minutes_backend = "openai"\nbase-url = "http://team:8080/v1"\n'
                    'remote_minutes_model = "llama-3.1-8b"\ntemperature = 0.5\n')
    config = engine_config(parse_args(["--config", str(file), "minutes", "m.wav"]))
    assert (config.minutes_backend, config.base_url, config.remote_minutes_model,
            config.temperature) == ("openai", "http://team:8080/v1", "llama-3.1-8b", 0.5)
    config = engine_config(parse_args(["--config", str(file), "minutes", "m.wav",
                                 "--minutes-backend", "local"]))
    assert config.minutes_backend == "local"


def test_the_config_file_is_found_through_minutia_config(tmp_path, monkeypatch):
    file = tmp_path / "c.toml"
    file.write_text('asr_backend = "auto"\n')
    monkeypatch.setenv("MINUTIA_CONFIG", str(file))
    assert engine_config(parse_args(["transcribe", "m.wav"])).asr_backend == "auto"


@pytest.mark.parametrize("text, message", [
    ('api_key = "sk-abc"\n', "keys do not belong in files"),
    ('base_ur = "x"\n', "Unknown setting.*base_ur"),
    ('base_url = \n', "Cannot read the config file"),
])
def test_a_bad_config_file_is_a_one_line_error(tmp_path, capsys, text, message):
    file = tmp_path / "c.toml"
    file.write_text(text)
    assert main(["--config", str(file), "info"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    with pytest.raises(MinutiaError, match=message):
        parse_args(["--config", str(file), "info"])


def test_an_unknown_backend_is_a_usage_error(capsys):
    with pytest.raises(SystemExit):
        parse_args(["minutes", "m.wav", "--minutes-backend", "cloud"])
    assert "invalid choice: 'cloud'" in capsys.readouterr().err


def test_openai_without_a_key_says_where_to_put_one():
    with pytest.raises(RemoteError, match="No API key .*OPENAI_API_KEY.*minutia key set"):
        Endpoint().api_key()
    assert Endpoint("http://127.0.0.1:8080/v1").api_key() == "no-key"  # a keyless team server


def test_the_key_comes_from_the_environment_and_is_shown_masked(monkeypatch, capsys):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-proj-abcdefghijklmnop1234")
    assert Endpoint().api_key() == "sk-proj-abcdefghijklmnop1234"
    assert main(["key", "show"]) == 0
    out = capsys.readouterr().out
    assert "…1234 (from OPENAI_API_KEY)" in out and "abcdefgh" not in out


def test_storing_a_key_without_an_os_keyring_says_what_to_do_instead(monkeypatch, capsys):
    import keyring
    from keyring.backends import fail
    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    monkeypatch.setattr(keyring, "set_password", fail.Keyring().set_password)
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("sk-typed-1234\n"))
    assert main(["key", "set"]) == 2
    assert "set OPENAI_API_KEY in the environment instead" in capsys.readouterr().err


def test_parts_are_cut_in_pauses_and_never_too_long():
    second = 16000
    speech = [(0, 5 * second), (6 * second, 14 * second), (15 * second, 40 * second),
              (41 * second, 45 * second)]
    parts = upload.plan_parts(speech, 20 * second)
    assert parts[0] == (0, 14 * second)  # two regions and the pause between
    assert all(end - start <= 20 * second for start, end in parts)
    assert parts[1][0] == 15 * second and parts[-1][1] == 45 * second  # the long one is cut
    assert [p for p in parts if p[0] < 6 * second < p[1]]  # no cut inside a region that fits


def test_prepare_keeps_one_compact_file_when_it_fits():
    audio = (np.random.default_rng(0).standard_normal(16000 * 10) * 0.1).astype(np.float32)
    [part] = upload.prepare(audio)
    assert part.data[:4] == b"OggS" and len(part.data) < 100_000  # 10 s as Opus, not 320 kB WAV
    assert (part.start, part.end) == (0, len(audio))


class _Local:
    loaded = closed = False

    def load(self):
        self.loaded = True

    def close(self):
        self.closed = True

    def describe(self):
        return {"backend": "faster-whisper"}


def test_auto_keeps_to_the_local_model_when_it_loads():
    remote = RemoteWhisper(Endpoint("http://127.0.0.1:9/v1"), consent=None)
    auto = Fallback("speech", _Local, remote)
    auto.load()
    assert not auto.using_remote and auto.active.loaded
    assert auto.describe() == {"backend": "faster-whisper", "chosen_by": "auto"}


def test_release_models_closes_the_local_models_behind_auto():
    from desktop.session_controller import SessionController
    from engine import Pipeline
    made: list[_Local] = []

    def local():
        made.append(_Local())
        return made[-1]

    def make_pipeline(config):
        nowhere = Endpoint("http://127.0.0.1:9/v1")
        return Pipeline(config=config,
                        transcriber=Fallback("speech", local, RemoteWhisper(nowhere, consent=None)),
                        chat_model=Fallback("language", local, RemoteChat(nowhere, consent=None)))

    controller = SessionController(make_pipeline, EngineConfig(asr_backend="auto",
                                                               minutes_backend="auto"))
    pipeline = controller._pipeline_for(controller.config)  # what a job does first
    pipeline.transcriber.load()
    pipeline.chat_model.load()
    assert len(made) == 2 and not any(m.closed for m in made)
    controller.release_models()
    assert [m.closed for m in made] == [True, True]
    assert pipeline.transcriber.active is None  # the next load decides again

