"""The log goes where setup_logging says, also when the data folder changes in a process."""

import logging

from engine.logging_setup import setup_logging


def test_the_file_handler_follows_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("MINUTIA_HOME", str(tmp_path / "first"))
    first = setup_logging()
    logging.getLogger("minutia.test").info("to the first folder")
    monkeypatch.setenv("MINUTIA_HOME", str(tmp_path / "second"))
    second = setup_logging()
    logging.getLogger("minutia.test").info("to the second folder")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert first != second
    assert "to the second folder" in second.read_text(encoding="utf-8")
    assert "to the second folder" not in first.read_text(encoding="utf-8")
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_minutia", False)]
    assert len(ours) == 1
