"""The corrected-transcript layer (issue 19): edits in transcript.edited.json, transcript.json
untouched, edits and their undo/redo surviving a reopen, and every reader of a session folder
(exports, minutes, the library, speakers) getting the corrected transcript."""

import argparse
import json

import pytest
from fakes import FakeChat, FakeTranscriber

from cli.commands import _minutes_events
from engine import CancelToken, EngineConfig, Finished, InputError, Pipeline, transcript_io
from engine.library.folders import read_folder
from engine.session import Session
from engine.transcript_edits import apply, merged, new_speaker, split
from engine.transcript_layer import STALE_FILE, TranscriptLayer
from engine.types import Segment, Transcript, Word


def words(start: float, text: str, step: float = 0.5) -> tuple[Word, ...]:
    return tuple(Word(start + i * step, start + (i + 1) * step, " " + w, 0.9)
                 for i, w in enumerate(text.split()))


SEGMENTS = [
    Segment(0.0, 2.0, " Thomas will fix the product sink.", words(0.0, "Thomas will fix the"
                                                                  " product sink."), 0),
    Segment(2.5, 5.0, " I think posting costs are too high.", (), 1),
    Segment(5.5, 8.0, " Thomas, can you do it to finance my first day?", (), 1),
    Segment(8.5, 10.0, " Sure, Thomasina helps.", (), 0),
]


@pytest.fixture
def folder(tmp_path):
    session = Session.create("sync", root=tmp_path / "sessions")
    session.save_transcript(Transcript(list(SEGMENTS), "en", 0.9, 10.0, "/m/sync.wav"))
    return session.dir


def original_bytes(folder):
    return (folder / "transcript.json").read_bytes()


def test_edits_leave_transcript_json_as_it_was_and_are_read_back(folder):
    before = original_bytes(folder)
    layer = TranscriptLayer.open(folder)
    layer.edit_text(0, "Tomasz will fix the product sync.")
    layer.replace("posting", "hosting")
    layer.set_speaker(3, 2)
    assert original_bytes(folder) == before
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["transcript"] == "transcript.edited.json"
    again = transcript_io.load_transcript(folder)
    assert [s.text for s in again.segments][:2] == [" Tomasz will fix the product sync.",
                                                    " I think hosting costs are too high."]
    assert again.segments[3].speaker == 2
    assert transcript_io.load_transcript(folder / "transcript.json").segments[0].text \
        == SEGMENTS[0].text  # the original, asked for by name
    reopened = TranscriptLayer.open(folder)
    assert reopened.corrected and len(reopened.edits) == 3
    assert reopened.current.segments == again.segments
    assert "[00:00] Speaker 1:  Tomasz will fix" in (folder / "transcript.txt").read_text()


def test_undo_and_redo_survive_a_reopen(folder):
    layer = TranscriptLayer.open(folder)
    layer.replace("Thomas", "Tomasz")
    layer.edit_text(1, "Hosting costs are too high.")
    TranscriptLayer.open(folder).undo()  # another run takes the last edit back
    layer = TranscriptLayer.open(folder)
    assert layer.current.segments[1].text == SEGMENTS[1].text
    assert layer.current.segments[0].text.startswith(" Tomasz") and layer.can_redo
    assert TranscriptLayer.open(folder).redo()
    assert transcript_io.load_transcript(folder).segments[1].text == " Hosting costs are too high."
    layer = TranscriptLayer.open(folder)
    assert layer.undo() and layer.undo() and not layer.undo()
    assert not layer.corrected
    assert transcript_io.load_transcript(folder).segments == SEGMENTS  # back to the machine's
    layer.edit_text(2, "Tomasz, can you do it by Thursday?")  # a new edit: redo is gone
    assert not layer.can_redo and not TranscriptLayer.open(folder).can_redo


def test_an_emptied_segment_goes_and_the_others_keep_their_times(folder):
    layer = TranscriptLayer.open(folder)
    layer.edit_text(1, "   ")
    times = [(s.start, s.end) for s in transcript_io.load_transcript(folder).segments]
    assert times == [(0.0, 2.0), (5.5, 8.0), (8.5, 10.0)]


def test_replace_finds_whole_words_in_any_case_and_previews_the_hits(folder):
    layer = TranscriptLayer.open(folder)
    hits = layer.find("thomas")
    assert [(h.index, h.found) for h in hits] == [(0, "Thomas"), (2, "Thomas")]  # not Thomasina
    assert hits[1].before == " " and hits[1].after.startswith(", can you do it")
    assert [h.index for h in layer.find("thomas", match_case=True)] == []
    assert [h.index for h in layer.find("Thomas", whole_word=False)] == [0, 2, 3]
    done = layer.replace("Thomas", "Tomasz")
    assert len(done) == 2 and len(layer.edits) == 1  # one edit: one undo takes it back
    assert layer.current.segments[3].text == " Sure, Thomasina helps."
    assert layer.replace("nobody said this", "x") == [] and len(layer.edits) == 1
    with pytest.raises(InputError, match="empty"):
        layer.find("  ")


def test_merge_and_split_keep_times_words_and_speakers():
    first, second = SEGMENTS[0], SEGMENTS[1]
    both = merged(first, second)
    assert (both.start, both.end, both.speaker) == (0.0, 5.0, 0)
    assert both.text == " Thomas will fix the product sink. I think posting costs are too high."
    head, tail = split(first, first.text.index("the"))
    assert (head.text, tail.text) == (" Thomas will fix", " the product sink.")
    assert head.end == tail.start == 1.5  # "the" starts at 1.5 s by its word time
    assert [w.text for w in tail.words] == [" the", " product", " sink."]
    head, tail = split(second, second.text.index("posting"))  # no word times: by characters
    assert 2.5 < tail.start < 5.0 and head.end == tail.start
    with pytest.raises(InputError, match="both sides"):
        split(second, 1)


def test_edits_replay_in_order_by_position():
    t = Transcript(list(SEGMENTS), "en", 0.9, 10.0)
    out = apply(t, [{"op": "merge", "index": 0}, {"op": "text", "index": 0, "text": "One."},
                    {"op": "delete", "index": 1}, {"op": "split", "index": 1, "at": 6}])
    assert [s.text for s in out.segments] == [" One.", " Sure,", " Thomasina helps."]
    assert t.segments == SEGMENTS
    with pytest.raises(InputError, match="No segment"):
        apply(t, [{"op": "text", "index": 9, "text": "x"}])
    with pytest.raises(InputError, match="merge"):
        apply(t, [{"op": "merge", "index": 3}])


def test_a_failed_edit_leaves_the_layer_as_it_was(folder):
    layer = TranscriptLayer.open(folder)
    layer.replace("Thomas", "Tomasz")
    with pytest.raises(InputError):
        layer.merge(3)
    assert len(TranscriptLayer.open(folder).edits) == 1


def test_a_new_speaker_for_a_segment_can_be_named(folder):
    layer = TranscriptLayer.open(folder)
    someone = new_speaker(layer.current)
    assert someone == 2
    layer.set_speaker(1, someone)
    Session.open(folder).rename_speaker(someone, "Tomasz")  # a speaker only the edits have
    t = transcript_io.load_transcript(folder)
    assert transcript_io.speaker_name(t, t.segments[1]) == "Tomasz"
    assert "Tomasz:  I think posting costs" in transcript_io.to_srt(t)


def test_back_to_the_original_and_to_the_corrections(folder):
    layer = TranscriptLayer.open(folder)
    layer.replace("Thomas", "Tomasz")
    layer.use_original()
    assert transcript_io.load_transcript(folder).segments == SEGMENTS
    assert not TranscriptLayer.open(folder).corrected
    assert "Thomas will fix" in (folder / "transcript.txt").read_text()
    TranscriptLayer.open(folder).use_original(False)
    assert "Tomasz" in transcript_io.load_transcript(folder).text


def test_edits_on_an_earlier_transcript_are_not_applied_and_set_aside(folder):
    TranscriptLayer.open(folder).replace("Thomas", "Tomasz")
    again = [Segment(0.0, 10.0, " A whole new transcript about Thomas.", (), 0)]
    Session.open(folder).save_transcript(Transcript(again, "en", 0.9, 10.0))
    assert transcript_io.load_transcript(folder).segments == again
    layer = TranscriptLayer.open(folder)
    assert layer.stale and not layer.edits
    layer.replace("Thomas", "Tomasz")
    assert (folder / STALE_FILE).is_file()
    assert transcript_io.load_transcript(folder).text == "A whole new transcript about Tomasz."


def test_a_damaged_layer_is_reported_and_the_session_still_reads(folder):
    (folder / "transcript.edited.json").write_text("{not json")
    Session.open(folder).save_manifest(transcript="transcript.edited.json")
    assert transcript_io.load_transcript(folder).segments == SEGMENTS
    with pytest.raises(InputError, match="damaged"):
        TranscriptLayer.open(folder)


def test_minutes_from_a_session_folder_are_written_from_the_corrected_transcript(folder, tmp_path):
    TranscriptLayer.open(folder).replace("Thomas", "Tomasz")
    chat = FakeChat("- Tomasz fixes the sync")
    pipeline = Pipeline(config=EngineConfig(), transcriber=FakeTranscriber([]), chat_model=chat,
                        sessions_root=tmp_path / "out")
    args = argparse.Namespace(file=None, transcript=folder)
    events = list(_minutes_events(args, pipeline, CancelToken()))
    done = next(e for e in events if isinstance(e, Finished))
    prompt = json.dumps(chat.requests)
    assert "Tomasz will fix" in prompt and "Thomas will fix" not in prompt
    assert "Tomasz" in transcript_io.load_transcript(done.session_dir).text


def test_the_library_indexes_the_corrected_text(folder):
    TranscriptLayer.open(folder).replace("posting", "hosting")
    lines = [line.text for line in read_folder(folder).lines]
    assert "I think hosting costs are too high." in lines


def test_a_manifest_written_from_a_copy_read_before_the_edits_keeps_them(folder):
    held = Session.open(folder)  # e.g. a job's session, read before the user corrected
    TranscriptLayer.open(folder).replace("Thomas", "Tomasz")
    held.save_minutes("# Minutes", complete=True)  # writes its copy of the manifest back
    assert "transcript" not in json.loads((folder / "manifest.json").read_text())
    assert "Tomasz will fix" in transcript_io.load_transcript(folder).text
    assert TranscriptLayer.open(folder).corrected
