"""The window with fake backends (fast tier): drop, queue, stream, cancel, close, export."""

import json
import subprocess
import threading
import time

from conftest import REPLY, SEGMENTS, Backends, make_window
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

SECTIONS = ["## Summary", "## Decisions", "## Action items", "## Open questions"]


def drop(window, *paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def wait_idle(qtbot, window, timeout=20000):
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=timeout)


def test_drop_streams_transcript_and_minutes_off_the_gui_thread(qtbot, settings, short_wav, tmp_path):
    backends = Backends(delay=0.05, chat_delay=0.005)
    window = make_window(qtbot, settings, backends, tmp_path)
    c = window.controller
    with qtbot.waitSignals([c.job_started, c.session_started, c.language_detected,
                            c.transcript_saved, c.minutes_planned, c.job_finished],
                           order="strict", timeout=20000):
        drop(window, short_wav)
    wait_idle(qtbot, window)
    assert window.windowTitle() == "Minutia — planning meeting"
    assert window.transcript.texts() == [f"[00:0{int(s.start)}]  {s.text}" for s in SEGMENTS]
    text = window.minutes.markdown()
    assert [ln for ln in text.splitlines() if ln.startswith("## ")] == SECTIONS
    preview = window.minutes.preview.toPlainText()
    assert "Brian: test the contact form" in preview.split("Decisions")[0]  # the model's summary
    assert "Brian: test the contact form by Friday (due: by Friday) [00:04]" in preview
    assert "Should we translate the site? [00:08]" in preview.split("Open questions")[1]
    gui = threading.current_thread().name
    assert backends.engine_threads() and gui not in backends.engine_threads()
    assert window.meetings[0].status == "done"


def test_a_summary_being_checked_shows_greyed_word_by_word_and_is_replaced(qtbot, settings,
                                                                          short_wav, tmp_path):
    # a draft the transcript does not bear out: the Summary guard holds it and composes one
    backends = Backends(chat_delay=0.1)
    backends.chat.reply = "The launch moves to Tuesday and the budget doubles next month."
    window = make_window(qtbot, settings, backends, tmp_path)
    seen: list[str] = []
    window.controller.minutes_tentative.connect(seen.append)
    window.minutes.rendered.connect(lambda: seen.append(
        "PREVIEW " + window.minutes.preview.toPlainText()))
    drop(window, short_wav)
    wait_idle(qtbot, window)
    words = [t for t in seen if t and not t.startswith("PREVIEW ")]
    assert len(words) >= 8 and words[-1].startswith("The launch moves to Tuesday")
    assert any("Being checked against the transcript: The launch moves" in t for t in seen)
    assert window.minutes.tentative() == ""
    text = window.minutes.markdown()
    assert "Tuesday" not in text and "composed from the items" in text
    assert "Being checked" not in window.minutes.preview.toPlainText()


def test_bad_drop_is_refused_and_the_good_one_still_runs(qtbot, settings, short_wav, tmp_path):
    window = make_window(qtbot, settings, Backends(), tmp_path)
    notes = tmp_path / "agenda.docx"
    notes.write_text("not audio")
    drop(window, notes, short_wav)
    assert window.message_bar.isVisible() and window.message_bar.kind == "error"
    assert "agenda.docx is not an audio or video file" in window.message_bar.label.text()
    wait_idle(qtbot, window)
    assert window.meetings[-1].status == "done" and len(window.meetings) == 1


def test_a_failing_file_shows_an_error_and_the_queue_goes_on(qtbot, settings, short_wav, tmp_path):
    broken = tmp_path / "broken.mp3"
    broken.write_text("this is text, not mp3\n" * 20)
    window = make_window(qtbot, settings, Backends(), tmp_path)
    window.open_files([broken, short_wav])
    wait_idle(qtbot, window)
    assert [m.status for m in window.meetings] == ["failed", "done"]
    assert window.message_bar.kind == "error"
    assert "broken.mp3 is not an audio or video file" in window.message_bar.label.text()
    assert "Traceback" not in window.message_bar.label.text()


def test_cancel_mid_transcription_keeps_transcript_and_the_next_job_runs(qtbot, settings,
                                                                       short_wav, tmp_path):
    backends = Backends(delay=0.4)
    window = make_window(qtbot, settings, backends, tmp_path)
    c = window.controller
    with qtbot.waitSignal(c.segment_added, timeout=10000):
        window.open_files([short_wav])
    with qtbot.waitSignals([c.job_cancelled, c.state_changed], timeout=5000):
        window.menu.cancel.trigger()
    wait_idle(qtbot, window)
    assert c.state == "idle" and window.meetings[0].status == "cancelled"
    kept = json.loads((window.meetings[0].session_dir / "transcript.json").read_text())
    assert kept["segments"][0]["text"] == SEGMENTS[0].text
    backends.transcriber.delay = 0
    window.open_files([short_wav])
    wait_idle(qtbot, window)
    assert window.meetings[1].status == "done"


def test_cancel_mid_generation_keeps_transcript(qtbot, settings, short_wav, tmp_path):
    backends = Backends(chat_delay=0.05)
    backends.chat.reply = "word " * 300
    window = make_window(qtbot, settings, backends, tmp_path)
    with qtbot.waitSignal(window.controller.minutes_delta, timeout=10000):
        window.open_files([short_wav])
    window.controller.cancel()
    wait_idle(qtbot, window)
    meeting = window.meetings[0]
    assert meeting.status == "cancelled" and meeting.transcript is not None
    assert window.menu.regenerate.isEnabled()
    backends.chat.reply, backends.chat.delay = REPLY, 0
    window.regenerate()
    wait_idle(qtbot, window)
    assert meeting.status == "done" and "## Open questions" in window.minutes.markdown()


def test_close_while_running_cancels_and_closes_cleanly(qtbot, qtlog, settings, short_wav, tmp_path):
    backends = Backends(delay=1.0)
    window = make_window(qtbot, settings, backends, tmp_path)
    with qtbot.waitSignal(window.controller.job_started, timeout=5000):
        window.open_files([short_wav, short_wav])
    t0 = time.monotonic()
    window.close()
    assert window.isVisible()  # not yet: the worker is stopping
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert time.monotonic() - t0 < 3
    assert window.controller._thread is None
    assert window.meetings[0].status == "cancelled" and len(window.meetings) == 1  # queue dropped
    assert not [m for m in qtlog.records if "Destroyed while thread" in m.message]


def test_preview_renders_at_most_ten_times_a_second(qtbot, settings, tmp_path):
    window = make_window(qtbot, settings, Backends(), tmp_path)
    window.minutes.set_streaming(True)
    start = window.minutes.render_count
    t0 = time.monotonic()
    for i in range(2000):
        window.minutes.append_delta(f"word{i} ")
        if i % 50 == 0:
            qtbot.wait(15)
    qtbot.wait(150)
    elapsed = time.monotonic() - t0
    renders = window.minutes.render_count - start
    assert 1 <= renders <= elapsed * 10 + 2
    assert "word1999" in window.minutes.preview.toPlainText()


def test_exports_markdown_pdf_and_transcript(qtbot, settings, short_wav, tmp_path):
    window = make_window(qtbot, settings, Backends(), tmp_path)
    window.open_files([short_wav])
    wait_idle(qtbot, window)
    window.menu.edit_markdown.setChecked(True)
    window.minutes.source.appendPlainText("\nEdited by hand: Ünïcode ✓")
    md = window.export_markdown(tmp_path / "out.md")
    assert md.read_text() == window.minutes.markdown() and "Edited by hand" in md.read_text()
    pdf = window.export_pdf(tmp_path / "out.pdf", page_size="Letter")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for heading in ("Summary", "Decisions", "Action items", "Open questions", "Edited by hand"):
        assert heading in text
    assert "Brian: test the contact form" in text and "Page 1 of 1" in text
    srt = window.export_transcript("srt", tmp_path / "t.srt")
    assert srt.read_text().startswith("1\n00:00:00,000 --> 00:00:03,500\nGood morning")


def test_a_citation_in_the_minutes_scrolls_the_transcript_to_that_moment(qtbot, settings, tmp_path,
                                                                         short_wav):
    window = make_window(qtbot, settings, Backends(), tmp_path)
    with qtbot.waitSignal(window.controller.job_finished, timeout=15000):
        window.open_files([short_wav])
    qtbot.waitUntil(lambda: not window.controller.busy)
    window.minutes.render()
    html = window.minutes.preview.toHtml()
    assert 'href="t:4"' in html and "Evidence:" in window.minutes.markdown()
    window.minutes.preview.anchorClicked.emit(QUrl("t:4"))
    assert window.transcript.currentRow() == 1  # "[00:04] Brian will test the contact form ..."
    assert window.minutes.preview.toPlainText()  # still the minutes: the link did not navigate


def test_the_insights_tab_links_to_the_transcript(qtbot, settings, tmp_path, short_wav):
    window = make_window(qtbot, settings, Backends(), tmp_path)
    with qtbot.waitSignal(window.controller.job_finished, timeout=15000):
        window.open_files([short_wav])
    qtbot.waitUntil(lambda: not window.controller.busy)
    assert window.current.insights is not None
    window.transcript_tabs.setCurrentWidget(window.insights_view)
    html = window.insights_view.toHtml()
    assert "Brian" in html and 'href="t:4"' in html
    window.insights_view.anchorClicked.emit(QUrl("t:4"))
    assert window.transcript_tabs.currentWidget() is window.transcript_page
    assert window.transcript.currentRow() == 1
