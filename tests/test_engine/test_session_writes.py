"""Two threads saving one session's files at once (the worker saving the manifest while the
window saves a transcript correction, tests/test_desktop/test_review_queue.py) both succeed."""

from __future__ import annotations

import json
import threading

from engine.session import Session


def test_two_threads_saving_one_manifest_at_once_both_succeed(tmp_path):
    session = Session.create("planning meeting", root=tmp_path)
    other = Session.open(session.dir)  # the window's own view of the same folder
    failed: list[OSError] = []

    def save(s: Session, who: str) -> None:
        try:
            for k in range(150):
                s.save_manifest(last=f"{who} {k}")
        except OSError as e:
            failed.append(e)

    threads = [threading.Thread(target=save, args=(s, who))
               for s, who in ((session, "worker"), (other, "window"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failed == []
    saved = json.loads((session.dir / "manifest.json").read_text(encoding="utf-8"))
    assert saved["last"] in ("worker 149", "window 149")
    assert not list(session.dir.glob("*.tmp"))
