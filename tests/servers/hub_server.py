"""A real HTTP server on loopback that speaks the part of the Hugging Face Hub API that
huggingface_hub uses to download a model, so the model manager's downloads run for real.

- ``GET /api/models/{owner}/{name}[/revision/{rev}]``: the model's info as the Hub gives it
  with ``?blobs=true``: ``sha`` (the commit) and ``siblings`` with ``size``, ``blobId`` and,
  for LFS files, ``lfs: {sha256, size, pointerSize}``.
- ``HEAD``/``GET /{owner}/{name}/resolve/{rev}/{file}``: ``X-Repo-Commit``, ``ETag`` (the git
  blob id, or for LFS files the SHA-256 in ``X-Linked-Etag`` with ``X-Linked-Size``),
  ``Accept-Ranges``; a ``Range: bytes=N-`` GET answers 206 from byte N.

Faults on purpose, per file name: ``cut_once`` sends half the body then drops the connection
(the first GET only); ``corrupt`` serves one byte changed while advertising the real
checksum. ``pause_s`` sleeps after every MiB sent (a slow link). ``requests`` keeps
(method, path, Range header) of every request.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMMIT = "0123456789abcdef0123456789abcdef01234567"
_BLOCK = 1 << 20


@dataclass
class HubFile:
    path: Path  # the content, read from disk as it is served
    size: int
    sha256: str
    git_sha1: str
    lfs: bool


def _describe(path: Path, lfs: bool) -> HubFile:
    sha256, sha1 = hashlib.sha256(), hashlib.sha1(usedforsecurity=False)
    size = path.stat().st_size
    sha1.update(f"blob {size}\0".encode())
    with path.open("rb") as f:
        for block in iter(lambda: f.read(_BLOCK), b""):
            sha256.update(block)
            sha1.update(block)
    return HubFile(path, size, sha256.hexdigest(), sha1.hexdigest(), lfs)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: HubServer

    def log_message(self, *args) -> None:
        pass

    def do_HEAD(self) -> None:
        self._handle(body=False)

    def do_GET(self) -> None:
        self._handle(body=True)

    def _handle(self, body: bool) -> None:
        path = self.path.split("?")[0]
        with self.server.lock:
            self.server.requests.append((self.command, path, self.headers.get("Range")))
        parts = path.strip("/").split("/")
        if parts[:2] == ["api", "models"] and len(parts) >= 4:
            self._model_info("/".join(parts[2:4]))
        elif len(parts) >= 5 and parts[2] == "resolve":
            self._resolve("/".join(parts[:2]), "/".join(parts[4:]), body)
        else:
            self._send_json(404, {"error": "not found"})

    def _send_json(self, status: int, value: dict) -> None:
        data = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if status == 404:
            self.send_header("X-Error-Code", "RepoNotFound")
        self.end_headers()
        self.wfile.write(data)

    def _model_info(self, repo: str) -> None:
        files = self.server.repos.get(repo)
        if files is None:
            self._send_json(404, {"error": "Repository not found"})
            return
        siblings = []
        for name, f in files.items():
            sibling = {"rfilename": name, "size": f.size, "blobId": f.git_sha1}
            if f.lfs:
                sibling["lfs"] = {"sha256": f.sha256, "size": f.size, "pointerSize": 134}
            siblings.append(sibling)
        self._send_json(200, {"id": repo, "modelId": repo, "sha": COMMIT, "private": False,
                              "tags": [], "siblings": siblings})

    def _resolve(self, repo: str, name: str, body: bool) -> None:
        f = self.server.repos.get(repo, {}).get(name)
        if f is None:
            self.send_response(404)
            self.send_header("X-Error-Code", "EntryNotFound")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        start = 0
        if body and (wanted := self.headers.get("Range", "")).startswith("bytes="):
            start = int(wanted.removeprefix("bytes=").split("-")[0])
        self.send_response(206 if start else 200)
        self.send_header("X-Repo-Commit", COMMIT)
        self.send_header("ETag", f'"{f.sha256 if f.lfs else f.git_sha1}"')
        if f.lfs:
            self.send_header("X-Linked-Etag", f'"{f.sha256}"')
            self.send_header("X-Linked-Size", str(f.size))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(f.size - start))
        if start:
            self.send_header("Content-Range", f"bytes {start}-{f.size - 1}/{f.size}")
        self.end_headers()
        if body:
            self._stream(name, f, start)

    def _stream(self, name: str, f: HubFile, start: int) -> None:
        with self.server.lock:
            cut = name in self.server.cut_once and name not in self.server.was_cut
            if cut:
                self.server.was_cut.add(name)
        stop = f.size // 2 if cut else f.size
        flip = f.size // 2 if name in self.server.corrupt else -1
        with f.path.open("rb") as source:
            source.seek(start)
            at = start
            while at < stop:
                block = bytearray(source.read(min(_BLOCK, stop - at)))
                if at <= flip < at + len(block):
                    block[flip - at] ^= 0xFF
                try:
                    self.wfile.write(block)
                except (BrokenPipeError, ConnectionResetError):
                    return  # the client cancelled: nothing more to send
                at += len(block)
                if self.server.pause_s:
                    time.sleep(self.server.pause_s)
        if cut:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True


class HubServer(ThreadingHTTPServer):
    """``HubServer()`` listens on a free loopback port; ``url`` is the value for HF_ENDPOINT."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.repos: dict[str, dict[str, HubFile]] = {}
        self.requests: list[tuple[str, str, str | None]] = []
        self.cut_once: set[str] = set()
        self.was_cut: set[str] = set()
        self.corrupt: set[str] = set()
        self.pause_s = 0.0
        self._thread = threading.Thread(target=self.serve_forever, name="hub-server", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def add_file(self, repo: str, name: str, path: Path, *, lfs: bool = True) -> HubFile:
        described = _describe(path, lfs)
        self.repos.setdefault(repo, {})[name] = described
        return described

    def ranges(self, name: str) -> list[str | None]:
        """The Range headers of the GETs of ``name`` so far (None: from the start)."""
        return [r for m, p, r in self.requests if m == "GET" and p.endswith("/" + name)]

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
