"""The library pane on a meeting made from real audio (e2e): the embedded Whisper base
transcribes 11 s of the sample meeting into a session beside two others; in the window's
search box a phrase said there finds that meeting only, and a click on the hit opens it
with the transcript at the segment that says it."""

import pytest
from audio_files import read_wav, write_wav
from conftest import Backends
from library_sessions import make_session
from library_window import library_window, wait_listed
from locations import SAMPLE
from real_models import real_backends
from test_library_pane import click

from engine import CancelToken, EngineConfig, Pipeline

pytestmark = pytest.mark.e2e


def test_a_phrase_said_in_one_of_three_meetings_opens_it_at_that_moment(qtbot, settings,
                                                                       tmp_path):
    samples, _ = read_wav(SAMPLE)
    clip = write_wav(tmp_path / "garden.wav", samples[: 16000 * 11])
    root = tmp_path / "sessions"
    _, _, transcriber, _ = real_backends()
    pipeline = Pipeline(config=EngineConfig(speakers=False), transcriber=transcriber,
                        chat_model=None, sessions_root=root)
    done = list(pipeline.process_file(clip, cancel=CancelToken(), minutes=False))[-1]
    transcriber.close()
    segments = done.transcript.segments
    said = next(i for i, s in enumerate(segments) if "contact form" in s.text.lower())
    make_session(root, "Kitchen works", [(0.0, 0, "The plumber needs the tiles by Friday.")])
    make_session(root, "Hiring", [(0.0, 0, "Three candidates applied for the data role.")])
    window = library_window(qtbot, settings, tmp_path, Backends().make_pipeline)
    wait_listed(qtbot, window, 3)
    pane = window.library_pane
    pane.search.setText('"contact form"')
    qtbot.waitUntil(lambda: bool(pane.hits), timeout=60000)
    worded = [h for h in pane.hits if h.found_by != "meaning"]
    assert worded and {h.session_id for h in worded} == {done.session_dir.name}
    assert worded[0].start == segments[said].start
    click(qtbot, pane.hit_list, pane.hits.index(worded[0]))
    qtbot.waitUntil(lambda: window.current is not None
                    and window.current.session_dir == done.session_dir, timeout=10000)
    assert window.transcript.currentRow() == said
    assert "contact form" in window.transcript.currentItem().text().lower()
