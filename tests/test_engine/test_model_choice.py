"""`minutia models use` writes one line of config.toml and keeps the rest; the list then shows
the chosen model in use, including a model the user added by path."""

from __future__ import annotations

import tomllib

from engine import config_file, model_choice
from engine.hardware import GIB, HardwareFacts
from engine.model_catalog import ModelStage
from engine.model_overview import overview

FACTS = HardwareFacts(8 * GIB, 6 * GIB, 4)


def test_record_replaces_only_its_key_and_keeps_comments_and_tables(model_home, tmp_path):
    path = model_choice.config_path()
    path.parent.mkdir(parents=True)
    path.write_text('# my settings\ntemperature = 0.1\nllm-model = "/old.gguf"\n\n'
                    '[extra]\nllm_model = "inside a table: not ours"\n')
    gguf = tmp_path / "my model's \"x\".gguf"
    gguf.write_bytes(b"GGUF" + b"\0" * 100)
    model_choice.record(ModelStage.MINUTES, gguf)
    text = path.read_text()
    assert text.startswith("# my settings\ntemperature = 0.1\n")
    assert "/old.gguf" not in text and 'llm_model = "inside a table: not ours"' in text
    values = config_file.load(path)
    assert values["llm_model"] == str(gguf.resolve()) and values["temperature"] == 0.1
    assert tomllib.loads(text)["extra"] == {"llm_model": "inside a table: not ours"}
    assert model_choice.current() == {ModelStage.TRANSCRIBE: None, ModelStage.MINUTES: gguf.resolve()}
    model_choice.record(ModelStage.MINUTES, None)
    assert "llm_model" not in config_file.load(path)


def test_a_model_added_by_path_is_listed_and_in_use(model_home, tmp_path):
    folder = tmp_path / "my-whisper"
    folder.mkdir()
    (folder / "model.bin").write_bytes(b"\0" * 2000)
    (folder / "config.json").write_text("{}")
    model_choice.record(ModelStage.TRANSCRIBE, folder)
    view = overview(model_choice.current(), FACTS)
    rows = {(r.model.name, r.model.source): r.in_use for r in view.installed}
    assert rows[("my-whisper", "added")] is True
    assert rows[("whisper-base", "embedded")] is False
    assert rows[("smollm2-135m-instruct", "embedded")] is True


def test_info_lines_warn_about_a_model_in_use_that_does_not_fit(model_home, tmp_path):
    from cli.models import hardware_lines
    big = tmp_path / "big.gguf"
    with big.open("wb") as f:  # a sparse 9 GB file: its size is what the estimate reads
        f.write(b"GGUF")
        f.truncate(9 * 10**9)
    model_choice.record(ModelStage.MINUTES, big)
    lines = hardware_lines(FACTS)
    assert lines[-1].startswith("Warning: the minutes model in use may not fit: big.gguf needs"
                                " about 12.3 GB of RAM and 6.0 GiB is available")
    model_choice.record(ModelStage.MINUTES, None)
    assert not any(line.startswith("Warning") for line in hardware_lines(FACTS))
