"""The model a meeting is read with (reading_model.py): the real embedded SmolLM2 GGUF cut to
its first blocks, written once into the models cache."""

from __future__ import annotations

import logging
import os
import sys
import time

import gguf
import numpy as np
import pytest

from engine.errors import ModelError
from engine.library.embedder import Embedder
from engine.minutes.extract_learned import Spotter, weights_path
from engine.minutes.extract_lm_reading import LmReader
from engine.minutes.extract_types import Said
from engine.minutes.reading_model import DEPTH, cut, reading_model
from engine.models import default_llm_model


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("MINUTIA_HOME", str(tmp_path))
    return tmp_path


def test_the_copy_keeps_the_first_blocks_byte_for_byte_and_is_written_once(home):
    source = default_llm_model()
    path = reading_model(source)
    assert path.is_relative_to(home / "cache" / "models")
    whole, copy = gguf.GGUFReader(source.path), gguf.GGUFReader(path)
    assert copy.fields["llama.block_count"].contents() == DEPTH
    assert whole.fields["llama.block_count"].contents() > DEPTH
    kept = {t.name: t for t in copy.tensors}
    for tensor in whole.tensors:
        later = tensor.name.startswith("blk.") and int(tensor.name.split(".")[1]) >= DEPTH
        assert (tensor.name in kept) != later, tensor.name
        if not later:
            assert np.array_equal(kept[tensor.name].data, tensor.data), tensor.name
    for name in ("tokenizer.ggml.tokens", "llama.embedding_length", "general.name"):
        assert copy.fields[name].contents() == whole.fields[name].contents()
    written = path.stat().st_mtime_ns
    assert reading_model(source) == path and path.stat().st_mtime_ns == written
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no part left behind


def test_writing_the_copy_removes_the_copies_an_earlier_version_cut(home):
    source = default_llm_model()
    folder = home / "cache" / "models" / "reading"
    folder.mkdir(parents=True)
    older = [folder / f"{source.name}.first30.{source.sha256[:12]}.gguf",  # another depth
             folder / f"{source.name}.first{DEPTH}.0123456789ab.gguf"]  # another release
    killed = folder / f"{source.name}.first{DEPTH}.0123456789ab.gguf.4242.part"
    cutting = folder / f"{source.name}.first{DEPTH}.{source.sha256[:12]}.gguf.4343.part"
    other_model = folder / "Qwen2.5-1.5B-Instruct.first17.fedcba987654.gguf"
    for path in (*older, killed, cutting, other_model):
        path.write_bytes(b"old")
    day_ago = time.time() - 25 * 3600
    os.utime(killed, (day_ago, day_ago))
    path = reading_model(source)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [path.name, cutting.name, other_model.name])  # a cut under way and other models stay


def test_the_reader_reads_with_the_copy(home):
    reader = LmReader.load()
    assert reader.depth == DEPTH and reader.width == 576
    said = [Said("Then we wait till Thursday.", 0.0, 0, 0), Said("Fine by me.", 2.0, 1, 1)]
    ends, means = reader.states(said, {0: "Ann", 1: "Bob"})
    assert ends.shape == (2, 576) and np.isfinite(ends).all() and not np.allclose(ends[0], ends[1])


def test_a_cache_that_cannot_be_written_is_a_clear_error(home):
    (home / "cache").mkdir()
    (home / "cache" / "models").write_text("a file where the folder should be")
    with pytest.raises(ModelError, match="Could not write the reading copy of SmolLM2"):
        reading_model(default_llm_model())


def test_no_gguf_package_is_a_clear_error_and_no_part_is_left(home, monkeypatch):
    monkeypatch.setitem(sys.modules, "gguf", None)  # import gguf raises ImportError
    with pytest.raises(ModelError, match="Could not write the reading copy of SmolLM2"):
        reading_model(default_llm_model())
    assert not any((home / "cache" / "models" / "reading").iterdir())


def test_a_model_with_no_more_blocks_than_the_depth_is_refused(tmp_path):
    with pytest.raises(ValueError, match="no 41 blocks"):
        cut(default_llm_model().path, tmp_path / "out.gguf", 40)
    assert not (tmp_path / "out.gguf").exists()


def test_weights_learned_at_another_depth_are_not_blended_in(home, caplog):
    with np.load(weights_path()) as saved:
        assert int(saved["lm_depth"]) == DEPTH  # the shipped weights match the copy
    reader = LmReader.load()
    reader.depth = DEPTH + 1
    with caplog.at_level(logging.WARNING):
        spotter = Spotter.load(Embedder(threads=1), reader=reader)
    assert spotter.lm is None
    assert f"for the first {DEPTH} blocks, the model reads {DEPTH + 1}" in caplog.text
