"""Benchmark: the model manager's download path against the loopback Hub server.

The embedded SmolLM2 GGUF (98 MB) served as a preset's file by tests/servers/hub_server.py,
fetched by engine/model_download.py through huggingface_hub: a full download (throughput,
and the time the SHA-256 check adds), a run cancelled after 20 MiB then resumed (bytes sent
again must be none), and a connection cut halfway (resumed by the client's own retry).
Loopback measures our overhead, not a network.

    .venv/bin/python bench/model_download.py [--no-write]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from servers.hub_fixtures import GGUF_NAME, GGUF_PRESET, GGUF_REPO  # noqa: E402
from servers.hub_server import HubServer  # noqa: E402

from bench.report import write_section  # noqa: E402
from engine import models  # noqa: E402
from engine.cancel import CancelToken  # noqa: E402
from engine.errors import Cancelled  # noqa: E402
from engine.model_download import DownloadProgress, download  # noqa: E402


def fresh_home() -> None:
    os.environ["MINUTIA_HOME"] = tempfile.mkdtemp(prefix="minutia-bench-download-")


def run(cancel_after: int | None = None) -> tuple[float, list, bool]:
    cancel = CancelToken()
    events, t = [], time.perf_counter()
    try:
        for event in download(GGUF_PRESET, cancel=cancel):
            events.append(event)
            if cancel_after and isinstance(event, DownloadProgress) and event.done_bytes >= cancel_after:
                cancel.cancel()
    except Cancelled:
        return time.perf_counter() - t, events, True
    return time.perf_counter() - t, events, False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    source = models.default_llm_model().path
    expected = hashlib.sha256(source.read_bytes()).hexdigest()
    server = HubServer()
    server.add_file(GGUF_REPO, GGUF_NAME, source)
    os.environ["HF_ENDPOINT"] = server.url
    rows = []
    fresh_home()
    seconds, events, _ = run()
    last = [e for e in events if isinstance(e, DownloadProgress)][-1]
    t = time.perf_counter()
    hashlib.sha256(source.read_bytes()).hexdigest()
    hash_s = time.perf_counter() - t
    rows.append(("full download, 98 MB", f"{seconds:.2f} s ({last.total_bytes / seconds / 1e6:.0f}"
                 f" MB/s with the check; SHA-256 of the file alone {hash_s:.2f} s)"))
    fresh_home()
    _, _, cancelled = run(cancel_after=20 * 2**20)
    assert cancelled
    seconds, events, _ = run()
    started, finished = events[0], events[-1]
    same = hashlib.sha256(finished.path.read_bytes()).hexdigest() == expected
    rows.append(("cancelled after 20 MiB, then resumed",
                 f"kept {started.resumed_bytes / 2**20:.0f} MiB; resumed with"
                 f" `{server.ranges(GGUF_NAME)[-1]}`; fetched {finished.fetched_bytes:,} B ="
                 f" total - kept: {finished.fetched_bytes + started.resumed_bytes == started.total_bytes};"
                 f" SHA-256 matches: {same}; {seconds:.2f} s"))
    fresh_home()
    server.cut_once.add(GGUF_NAME)
    seconds, events, _ = run()
    same = hashlib.sha256(events[-1].path.read_bytes()).hexdigest() == expected
    rows.append(("connection cut at 50 %", f"GET ranges {server.ranges(GGUF_NAME)[-2:]};"
                 f" SHA-256 matches: {same}; {seconds:.2f} s (the client waits 1 s before it retries)"))
    server.stop()
    body = "| case | result |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)
    print(body)
    if not args.no_write:
        write_section("Model manager (issue 21)", "bench/model_download.py", body + (
            "\n\nOn loopback, so the figures are our overhead (huggingface_hub's 10 MiB chunks,"
            " the SHA-256 pass, the move into place), not a network's speed. No GPU was"
            " available to this task: `scripts/gpu-check.sh` is ready but has not run."))


if __name__ == "__main__":
    main()
