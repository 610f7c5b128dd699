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
