"""Download a preset when the user asks: resumable, with progress, cancellable, verified.

The job is an iterator of small events, like every engine job. Each file is fetched by
huggingface_hub's ``http_get`` (its retries resume a cut connection with a Range request)
into ``presets/.partial/<id>/`` under a name that carries the Hub's checksum, so a later
run resumes where this one stopped and never resumes a different version. After the last
byte each file's SHA-256 (or git blob id, for small non-LFS files) is compared with the
Hub's; a mismatch deletes the file. Only when every file matched are they moved into
``presets/<id>/`` and the completion marker written: a partial file is never loaded.
"""

from __future__ import annotations

import errno
import hashlib
import os
import queue
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from engine import model_hub, model_store
from engine.cancel import CancelToken
from engine.errors import Cancelled, MinutiaError
from engine.model_catalog import Preset, find
from engine.model_hub import RemoteFile

SPACE_MARGIN = 50_000_000  # bytes kept free beyond the download itself
_POLL_S = 0.05
_active: dict[str, threading.Thread] = {}


@dataclass(frozen=True)
class DownloadStarted:
    preset_id: str
    files: int
    total_bytes: int
    resumed_bytes: int  # already on disk from an earlier, interrupted run


@dataclass(frozen=True)
class DownloadProgress:
    preset_id: str
    file: str
    done_bytes: int
    total_bytes: int
    bytes_per_s: float
    eta_s: float | None


@dataclass(frozen=True)
class FileVerified:
    preset_id: str
    file: str
    checksum: str


@dataclass(frozen=True)
class DownloadFinished:
    preset_id: str
    path: Path
    fetched_bytes: int  # this run
    resumed_bytes: int
    seconds: float


DownloadEvent = DownloadStarted | DownloadProgress | FileVerified | DownloadFinished


def _part_path(folder: Path, remote: RemoteFile) -> Path:
    checksum = remote.sha256 or remote.git_sha1 or "unknown"
    return folder / f"{remote.name.replace('/', '__')}.{checksum[:16]}.part"


def _prepare(folder: Path, files: list[RemoteFile]) -> int:
    """Drop partial files of other versions; the bytes already there for these."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {_part_path(folder, f): f.size for f in files}
    have = 0
    for path in folder.iterdir():
        size = path.stat().st_size if path.is_file() else -1
        if path not in wanted or size > wanted[path]:
            path.unlink() if path.is_file() else shutil.rmtree(path)
        else:
            have += size
    return have


def _check_space(folder: Path, needed: int) -> None:
    free = shutil.disk_usage(folder).free
    if needed + SPACE_MARGIN > free:
        raise MinutiaError(f"Not enough disk space: the download needs {needed / 1e9:.2f} GB more"
                           f" and {folder} has {free / 1e9:.2f} GB free")


def _checksum_ok(path: Path, remote: RemoteFile) -> str | None:
    """The checksum if it matches the Hub's, else None."""
    if remote.sha256:
        digest = hashlib.sha256()
    else:  # a small file in git: its blob id is sha1("blob <size>\0" + content)
        digest = hashlib.sha1(usedforsecurity=False)
        digest.update(f"blob {path.stat().st_size}\0".encode())
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    expected = (remote.sha256 or remote.git_sha1 or "").lower()
    return digest.hexdigest() if digest.hexdigest() == expected else None


class _Meter:
    """Speed over the last few seconds, and time left."""

    def __init__(self, total: int, done: int) -> None:
        self.total, self.done = total, done
        self.samples: list[tuple[float, int]] = [(time.monotonic(), done)]

    def add(self, n: int) -> tuple[float, float | None]:
        self.done += n
        now = time.monotonic()
        self.samples = [s for s in self.samples if now - s[0] < 5.0] + [(now, self.done)]
        span = now - self.samples[0][0]
        speed = (self.done - self.samples[0][1]) / span if span > 0 else 0.0
        eta = (self.total - self.done) / speed if speed > 0 else None
        return speed, eta


def _fetch_thread(remote: RemoteFile, part: Path, cancel: CancelToken, out: queue.Queue) -> None:
    """Runs on a helper thread: append the rest of ``remote`` to ``part``, reporting chunks."""
    from huggingface_hub.file_download import http_get
    from huggingface_hub.utils import build_hf_headers

    class Bar:  # what http_get calls for progress: a tqdm look-alike; raising here stops it
        def __init__(self, **kwargs) -> None:
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            return None

        def update(self, n: int) -> None:
            if cancel.cancelled:
                raise Cancelled()
            out.put(("bytes", n))

    try:
        with part.open("ab") as f:
            http_get(remote.url, f, resume_size=f.tell(), expected_size=remote.size,
                     headers=build_hf_headers(token=model_hub.token() or False),
                     displayed_filename=remote.name, tqdm_class=Bar)
        out.put(("done", None))
    except BaseException as e:  # noqa: BLE001 - handed to the consumer as is
        out.put(("error", e))


def _raise_fetch_error(preset: Preset, part: Path, error: BaseException) -> None:
    if isinstance(error, Cancelled):
        raise error
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        raise MinutiaError(f"Disk full while downloading {preset.id}: free space on"
                           f" {part.parent} and run the download again to resume") from error
    if isinstance(error, OSError) and "Consistency check failed" in str(error):
        raise MinutiaError(f"{preset.id}: the hub sent a file of the wrong size; run the"
                           " download again") from error

    def again():
        raise error
    model_hub.calling_hub(f"{preset.id}: downloading {part.name}", again)


def _fetch(preset: Preset, remote: RemoteFile, part: Path, meter: _Meter,
           cancel: CancelToken) -> Iterator[DownloadProgress]:
    previous = _active.get(preset.id)
    if previous is not None:
        previous.join()  # a cancelled run of the same preset still closing its file
    out: queue.Queue = queue.Queue()
    thread = threading.Thread(target=_fetch_thread, args=(remote, part, cancel, out),
                              name=f"minutia-download-{preset.id}", daemon=True)
    _active[preset.id] = thread
    thread.start()
    while True:
        try:
            kind, value = out.get(timeout=_POLL_S)
        except queue.Empty:
            if cancel.cancelled:
                thread.join(timeout=2.0)  # its next chunk raises; the file is closed after it
                raise Cancelled() from None
            continue
        if kind == "bytes":
            speed, eta = meter.add(value)
            yield DownloadProgress(preset.id, remote.name, meter.done, meter.total, speed, eta)
        elif kind == "error":
            thread.join()
            _raise_fetch_error(preset, part, value)
        else:
            thread.join()
            return


def _install(preset: Preset, commit: str, files: list[RemoteFile], staging: Path) -> Path:
    """Move the verified files into place, then write the marker."""
    target = model_store.preset_dir(preset)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for remote in files:
        destination = target / remote.name
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(_part_path(staging, remote), destination)
    shutil.rmtree(staging, ignore_errors=True)
    model_store.write_marker(preset, {
        "repo": preset.repo, "commit": commit, "endpoint": model_hub.endpoint(),
        "files": {f.name: {"size": f.size, "sha256": f.sha256, "git_sha1": f.git_sha1}
                  for f in files}})
    return model_store.load_path(preset, target)


def download(preset_id: str, *, cancel: CancelToken) -> Iterator[DownloadEvent]:
    """Download ``preset_id`` into the user cache; a finished, verified model or an error.

    Args:
        preset_id: a catalogue id (``engine.model_catalog``).
        cancel: set it to stop at the next chunk; what was fetched stays for a resume.

    Yields:
        DownloadStarted, then DownloadProgress per chunk and FileVerified per file, then
        DownloadFinished.

    Raises:
        MinutiaError: unknown or embedded id, hub not reachable, not enough disk space,
            a checksum mismatch (the file is deleted).
        Cancelled: ``cancel`` was set.
    """
    preset = find(preset_id)
    if preset.embedded:
        raise MinutiaError(f"{preset.id} is embedded: it is installed with Minutia already")
    started = time.monotonic()
    existing = model_store.installed_path(preset)
    if existing is not None:
        yield DownloadFinished(preset.id, existing, 0, 0, 0.0)
        return
    commit, files = model_hub.remote_files(preset)
    staging = model_store.partial_dir(preset)
    have = _prepare(staging, files)
    total = sum(f.size for f in files)
    _check_space(staging, total - have)
    yield DownloadStarted(preset.id, len(files), total, have)
    meter = _Meter(total, have)
    for remote in files:
        part = _part_path(staging, remote)
        if not part.exists() or part.stat().st_size < remote.size:
            yield from _fetch(preset, remote, part, meter, cancel)
        checksum = _checksum_ok(part, remote)
        if checksum is None:
            part.unlink(missing_ok=True)
            raise MinutiaError(f"{preset.id}: {remote.name} does not match the hub's checksum;"
                               " it was deleted (run the download again)")
        yield FileVerified(preset.id, remote.name, checksum)
    path = _install(preset, commit, files, staging)
    yield DownloadFinished(preset.id, path, meter.done - have, have,
                           time.monotonic() - started)
