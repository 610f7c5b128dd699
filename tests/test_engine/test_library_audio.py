"""The library on a session made from real audio: the embedded Whisper base transcribes 11 s
of the sample meeting; word and meaning search find what was said there, at its moment."""

import pytest
from audio_files import read_wav, write_wav
from library_sessions import make_session
from locations import SAMPLE
from real_models import real_backends

from engine import CancelToken, EngineConfig, Pipeline
from engine.library import Library

pytestmark = pytest.mark.e2e


def test_search_finds_what_was_said_in_a_recorded_meeting_at_its_moment(tmp_path):
    samples, _ = read_wav(SAMPLE)
    clip = write_wav(tmp_path / "garden.wav", samples[: 16000 * 11])
    root = tmp_path / "sessions"
    config, _, transcriber, _ = real_backends()
    pipeline = Pipeline(config=EngineConfig(speakers=False), transcriber=transcriber,
                        chat_model=None, sessions_root=root)
    events = list(pipeline.process_file(clip, cancel=CancelToken(), minutes=False))
    recorded = events[-1].session_dir
    said = {s.start: s.text for s in events[-1].transcript.segments}
    make_session(root, "Kitchen works", [(0.0, 0, "The plumber needs the tiles by Friday.")])
    make_session(root, "Hiring", [(0.0, 0, "Three candidates applied for the data role.")])
    with Library(root=root, index_path=tmp_path / "library.sqlite3") as library:
        library.sync()
        [entry] = [e for e in library.entries() if e.id == recorded.name]
        assert entry.status == "transcribed" and entry.duration == pytest.approx(11.0, abs=0.5)
        # (Not "garden website": Whisper writes "Web site" on some CPUs.)
        hits = library.search("contact form", meaning=False)
        assert hits and {h.session_id for h in hits} == {recorded.name}
        assert hits[0].start in said and "contact form" in said[hits[0].start].lower()
        meant = library.search("putting the new web pages for plants online", limit=3)
        assert meant[0].session_id == recorded.name
