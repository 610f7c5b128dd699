"""Downloads of catalogue presets from a real HTTP server on loopback that speaks the Hub's
API (tests/servers/hub_server.py) through the real huggingface_hub client."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections import namedtuple
from pathlib import Path

import pytest
from servers.hub_fixtures import GGUF_NAME, GGUF_PRESET

from engine import models
from engine.cancel import CancelToken
from engine.errors import Cancelled, MinutiaError
from engine.model_catalog import find
from engine.model_download import (
    DownloadFinished,
    DownloadProgress,
    DownloadStarted,
    FileVerified,
    download,
)
from engine.model_store import installed_path, partial_dir, preset_dir, remove

CHUNK = 10 * 1024 * 1024  # huggingface_hub's download chunk


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_download_reports_progress_verifies_and_installs(gguf_hub):
    events = list(download(GGUF_PRESET, cancel=CancelToken()))
    assert isinstance(events[0], DownloadStarted) and events[0].resumed_bytes == 0
    progress = [e for e in events if isinstance(e, DownloadProgress)]
    assert len(progress) >= 5  # 98 MB in 10 MiB chunks
    assert [p.done_bytes for p in progress] == sorted(p.done_bytes for p in progress)
    assert progress[-1].done_bytes == progress[-1].total_bytes == events[0].total_bytes
    assert all(p.bytes_per_s > 0 for p in progress[1:])
    assert progress[-1].eta_s == 0
    verified = [e for e in events if isinstance(e, FileVerified)]
    original = models.default_llm_model().path
    assert [v.checksum for v in verified] == [_sha256(original)]
    finished = events[-1]
    assert isinstance(finished, DownloadFinished)
    assert finished.path == installed_path(find(GGUF_PRESET))
    assert finished.path.name == GGUF_NAME and _sha256(finished.path) == _sha256(original)
    assert sorted(p.name for p in preset_dir(find(GGUF_PRESET)).iterdir()) == [".complete", GGUF_NAME]
    assert not partial_dir(find(GGUF_PRESET)).exists()
    assert models.llm_model(finished.path).path == finished.path  # loadable as a GGUF


def test_a_connection_cut_halfway_resumes_with_a_range_request(gguf_hub):
    gguf_hub.cut_once.add(GGUF_NAME)
    events = list(download(GGUF_PRESET, cancel=CancelToken()))
    assert isinstance(events[-1], DownloadFinished)
    ranges = gguf_hub.ranges(GGUF_NAME)
    assert ranges[0] is None and len(ranges) == 2
    assert ranges[1].startswith("bytes=") and int(ranges[1][6:].rstrip("-")) > 0
    assert _sha256(events[-1].path) == _sha256(models.default_llm_model().path)


def test_a_cancelled_download_resumes_where_it_stopped(gguf_hub):
    cancel = CancelToken()
    with pytest.raises(Cancelled):
        for event in download(GGUF_PRESET, cancel=cancel):
            if isinstance(event, DownloadProgress) and event.done_bytes >= 2 * CHUNK:
                cancel.cancel()
    preset = find(GGUF_PRESET)
    assert installed_path(preset) is None  # a partial file is never a model
    kept = sum(p.stat().st_size for p in partial_dir(preset).iterdir())
    assert kept >= CHUNK
    events = list(download(GGUF_PRESET, cancel=CancelToken()))
    assert events[0].resumed_bytes == kept
    assert gguf_hub.ranges(GGUF_NAME)[-1] == f"bytes={kept}-"
    assert events[-1].fetched_bytes == events[0].total_bytes - kept
    assert _sha256(events[-1].path) == _sha256(models.default_llm_model().path)


def test_a_corrupted_file_is_refused_and_nothing_is_kept(gguf_hub):
    gguf_hub.corrupt.add(GGUF_NAME)
    with pytest.raises(MinutiaError, match="does not match the hub's checksum"):
        list(download(GGUF_PRESET, cancel=CancelToken()))
    preset = find(GGUF_PRESET)
    assert installed_path(preset) is None
    assert not preset_dir(preset).exists()
    assert list(partial_dir(preset).iterdir()) == []


def test_unreachable_hub_is_one_clear_error(unreachable_hub):
    with pytest.raises(MinutiaError) as raised:
        list(download(GGUF_PRESET, cancel=CancelToken()))
    message = str(raised.value)
    assert "not reachable" in message and unreachable_hub in message and "\n" not in message


def test_not_enough_disk_space_stops_before_any_byte(gguf_hub, monkeypatch):
    Usage = namedtuple("Usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: Usage(10**12, 10**12 - 10**7, 10**7))
    with pytest.raises(MinutiaError, match="Not enough disk space"):
        list(download(GGUF_PRESET, cancel=CancelToken()))
    assert gguf_hub.ranges(GGUF_NAME) == []


def test_whisper_folder_checks_small_files_by_git_blob_id(hub_server, tmp_path):
    repo = "Systran/faster-whisper-small"
    files = {"model.bin": os.urandom(3_000_000), "config.json": b'{"a": 1}',
             "tokenizer.json": b"{}", "vocabulary.txt": b"a\nb\n", "README.md": b"# not needed"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        hub_server.add_file(repo, name, tmp_path / name, lfs=name == "model.bin")
    hub_server.corrupt.add("config.json")
    with pytest.raises(MinutiaError, match="config.json does not match"):
        list(download("whisper-small", cancel=CancelToken()))
    hub_server.corrupt.clear()
    finished = list(download("whisper-small", cancel=CancelToken()))[-1]
    assert finished.path == installed_path(find("whisper-small"))
    assert sorted(p.name for p in finished.path.iterdir()) == [
        ".complete", "config.json", "model.bin", "tokenizer.json", "vocabulary.txt"]
    assert (finished.path / "model.bin").read_bytes() == files["model.bin"]
    assert remove("whisper-small") >= 3_000_000
    assert installed_path(find("whisper-small")) is None


def test_embedded_and_unknown_ids_are_refused(model_home):
    with pytest.raises(MinutiaError, match="embedded"):
        list(download("whisper-base", cancel=CancelToken()))
    with pytest.raises(MinutiaError, match="Unknown model 'gpt-9'.*whisper-small"):
        list(download("gpt-9", cancel=CancelToken()))


def test_the_test_hub_speaks_what_hf_hub_download_reads(gguf_hub, tmp_path):
    """The server's HEAD (X-Repo-Commit, X-Linked-Etag/Size) and GET are enough for
    huggingface_hub's own downloader, so the server is a fair stand-in for the Hub."""
    from huggingface_hub import get_hf_file_metadata, hf_hub_download, hf_hub_url
    from servers.hub_fixtures import GGUF_REPO
    from servers.hub_server import COMMIT
    url = hf_hub_url(GGUF_REPO, GGUF_NAME, endpoint=gguf_hub.url)
    meta = get_hf_file_metadata(url)
    original = models.default_llm_model().path
    assert (meta.commit_hash, meta.etag, meta.size) == (COMMIT, _sha256(original),
                                                        original.stat().st_size)
    path = Path(hf_hub_download(GGUF_REPO, GGUF_NAME, endpoint=gguf_hub.url,
                                cache_dir=tmp_path / "hf-cache"))
    assert _sha256(path) == _sha256(original)
