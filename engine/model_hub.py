"""The Hugging Face Hub (or a team mirror) as seen by the model manager, through huggingface_hub.

``HF_ENDPOINT`` picks the hub (read at each call, so a mirror set after start-up counts) and
the token comes from ``HF_TOKEN``, else the OS keyring (service "Minutia", account: the
endpoint URL). Every failure becomes one ``MinutiaError`` line: not reachable, needs a
token, no such model or file.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from engine.errors import MinutiaError
from engine.model_catalog import Preset

DEFAULT_ENDPOINT = "https://huggingface.co"
TIMEOUT_S = 15.0
T = TypeVar("T")


@dataclass(frozen=True)
class RemoteFile:
    """One file to fetch: its name, size, and the checksum the Hub publishes for it.

    ``sha256`` for files kept in LFS/Xet (model weights), else the git blob id (``git_sha1``).
    """

    name: str
    size: int
    sha256: str | None
    git_sha1: str | None
    url: str


def endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def token() -> str | None:
    """``HF_TOKEN`` (or the older ``HUGGING_FACE_HUB_TOKEN``), else the keyring's entry."""
    value = os.environ.get("HF_TOKEN") or os.environ.get("HUGGING_FACE_HUB_TOKEN")
    if value:
        return value.strip()
    try:
        import keyring
        return keyring.get_password("Minutia", endpoint()) or None
    except Exception:  # noqa: BLE001 - no keyring backend: no token
        return None


def calling_hub(what: str, call: Callable[[], T]) -> T:
    """Run ``call``, turning the ways the hub fails into one line each."""
    import httpx2
    from huggingface_hub import errors as hf_errors

    where = endpoint()
    try:
        return call()
    except hf_errors.GatedRepoError as e:
        raise MinutiaError(f"{what}: the model is gated; accept its licence on the Hub and set"
                           " HF_TOKEN") from e
    except (hf_errors.RepositoryNotFoundError, hf_errors.RevisionNotFoundError) as e:
        raise MinutiaError(f"{what}: not found on {where} (or it needs a token: set HF_TOKEN)"
                           ) from e
    except hf_errors.OfflineModeIsEnabled as e:
        raise MinutiaError(f"{what}: HF_HUB_OFFLINE is set, so the hub is not contacted") from e
    except hf_errors.HfHubHTTPError as e:
        status = e.response.status_code if e.response is not None else "?"
        hint = " (check HF_TOKEN)" if status in (401, 403) else ""
        raise MinutiaError(f"{what}: the hub at {where} answered HTTP {status}{hint}") from e
    except (httpx2.ConnectError, httpx2.TimeoutException) as e:
        raise MinutiaError(f"{what}: the model hub at {where} is not reachable"
                           f" ({type(e).__name__}); check the network or HF_ENDPOINT") from e
    except httpx2.HTTPError as e:
        raise MinutiaError(f"{what}: the connection to {where} failed ({e})") from e


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(name, p) for p in patterns)


def remote_files(preset: Preset) -> tuple[str, list[RemoteFile]]:
    """The commit to download and the preset's files there, with sizes and checksums.

    Raises:
        MinutiaError: the hub cannot be reached, refuses, or lacks a file the preset needs.
    """
    from huggingface_hub import HfApi, hf_hub_url

    api = HfApi(endpoint=endpoint(), token=token() or False)
    info = calling_hub(preset.id, lambda: api.model_info(preset.repo, files_metadata=True,
                                                         timeout=TIMEOUT_S))
    commit = info.sha or "main"
    files = []
    for sibling in info.siblings or []:
        if not _matches(sibling.rfilename, preset.files):
            continue
        lfs = sibling.lfs
        files.append(RemoteFile(
            name=sibling.rfilename, size=int(lfs.size if lfs else sibling.size or 0),
            sha256=lfs.sha256 if lfs else None, git_sha1=None if lfs else sibling.blob_id,
            url=hf_hub_url(preset.repo, sibling.rfilename, revision=commit, endpoint=endpoint())))
    required = (preset.main_file,) if preset.main_file else ("model.bin", "config.json")
    missing = [name for name in required if name not in {f.name for f in files}]
    if missing:
        raise MinutiaError(f"{preset.id}: {preset.repo} on {endpoint()} lacks {', '.join(missing)}")
    if any(f.sha256 is None and f.git_sha1 is None for f in files):
        raise MinutiaError(f"{preset.id}: the hub at {endpoint()} publishes no checksum for"
                           " some files, so they could not be verified")
    return commit, files


def reachable() -> str | None:
    """None when the hub answers, else why not (one line)."""
    from huggingface_hub import HfApi

    api = HfApi(endpoint=endpoint(), token=token() or False)
    try:
        calling_hub("the catalogue", lambda: api.model_info(
            "Systran/faster-whisper-small", timeout=TIMEOUT_S))
    except MinutiaError as e:
        return str(e)
    return None
