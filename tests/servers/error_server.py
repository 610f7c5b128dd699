"""A real HTTP server on loopback that fails the ways remote endpoints fail.

The first path element picks the behaviour, so one server serves every case:
``http://127.0.0.1:PORT/<mode>/v1`` as the base URL, with mode one of

- ``400``, ``401``, ``403``, ``404``, ``500``: that status, OpenAI's error body, every time;
- ``429``: 429 with ``Retry-After: 1`` every time; ``429once``: the first time, then OK;
- ``hang``: read the request, then say nothing for 30 s;
- ``cut``: start a streamed chat answer, send three tokens, drop the connection;
- ``param``: 400 ``unsupported_parameter`` for ``max_tokens`` (as OpenAI's reasoning models
  answer), OK when asked with ``max_completion_tokens``;
- ``ok``: a streamed chat answer "Agreed to ship." / a transcription.

Every request is kept (mode, path, time, JSON body) in ``requests`` for the test to check.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _error(status: int, message: str, code: str, param: str | None = None) -> bytes:
    return json.dumps({"error": {"message": message, "type": "invalid_request_error",
                                 "param": param, "code": code}}).encode()


def _chunk(text: str) -> bytes:
    body = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "m",
            "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}]}
    return f"data: {json.dumps(body)}\n\n".encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ErrorServer

    def log_message(self, *args) -> None:  # quiet: tests read self.server.requests
        pass

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        mode = self.path.strip("/").split("/")[0]
        try:
            body = json.loads(raw) if raw.startswith(b"{") else {}
        except ValueError:
            body = {}
        with self.server.lock:
            seen = sum(1 for r in self.server.requests if r["mode"] == mode)
            self.server.requests.append({"mode": mode, "path": self.path, "at": time.monotonic(),
                                         "body": body, "bytes": len(raw),
                                         "auth": self.headers.get("Authorization", "")})
        if mode in ("400", "401", "403", "404", "500"):
            messages = {"400": ("'messages' must be a non-empty array", "invalid_request_error"),
                        "401": ("Incorrect API key provided", "invalid_api_key"),
                        "403": ("You are not allowed to use this model", "forbidden"),
                        "404": ("The model `m` does not exist", "model_not_found"),
                        "500": ("The server had an error", "server_error")}
            self._send(int(mode), _error(int(mode), *messages[mode]))
        elif mode == "429" or (mode == "429once" and seen == 0):
            self._send(429, _error(429, "Rate limit reached", "rate_limit_exceeded"),
                       {"Retry-After": "1"})
        elif mode == "hang":
            time.sleep(30)
        elif mode == "param" and "max_tokens" in body:
            self._send(400, _error(400, "Unsupported parameter: 'max_tokens' is not supported"
                                   " with this model. Use 'max_completion_tokens' instead.",
                                   "unsupported_parameter", "max_tokens"))
        elif mode == "cut":
            self._stream(["Agreed ", "to ", "ship "], cut=True)
        elif self.path.endswith("/audio/transcriptions"):
            self._send(200, json.dumps({"text": "We agreed to ship on Friday."}).encode())
        else:
            self._stream(["Agreed ", "to ", "ship."])

    def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _stream(self, pieces: list[str], cut: bool = False) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for piece in pieces:
            data = _chunk(piece)
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()
            time.sleep(0.05)
        if cut:  # no closing chunk: the connection just ends mid-answer
            self.close_connection = True
            return
        end = b"data: [DONE]\n\n"
        self.wfile.write(f"{len(end):x}\r\n".encode() + end + b"\r\n0\r\n\r\n")


class ErrorServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        threading.Thread(target=self.serve_forever, daemon=True, name="error-server").start()

    def url(self, mode: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{mode}/v1"

    def seen(self, mode: str) -> list[dict]:
        with self.lock:
            return [r for r in self.requests if r["mode"] == mode]
