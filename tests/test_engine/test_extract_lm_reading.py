"""The embedded language model's reading of a meeting (extract_lm_reading.py), with the real
SmolLM2-135M GGUF, and how the spotter blends it in."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from engine import self_test
from engine.cancel import CancelToken
from engine.errors import Cancelled, ModelError
from engine.library.embedder import Embedder
from engine.minutes import extract_learned, extract_lm_reading
from engine.minutes.extract import extract
from engine.minutes.extract_learned import Spotter, shared_spotter, weights_path
from engine.minutes.extract_lm_reading import LmReader, features, rendered
from engine.minutes.extract_types import Said
from engine.types import Segment

TALK = ["Right, the van for the Leeds job.", "The big one is booked till Thursday.",
        "Could we hire one for the day?", "Hire costs more than waiting.",
        "Then we wait till Thursday.", "Fine by me.", "I'll tell the client this afternoon.",
        "Next, the tiles for the bathroom in Otley."]


def meeting(times: int = 1) -> list[Said]:
    lines = TALK * times
    return [Said(text, 4.0 * k, k % 3, k) for k, text in enumerate(lines)]


@pytest.fixture(scope="module")
def reader() -> LmReader:
    return LmReader.load()


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_the_transcript_is_read_as_named_lines():
    said = [Said("Morning.", 0.0, 0, 0), Said("Two things.", 1.0, 0, 1),
            Said("Go on.", 2.0, 1, 2), Said("Right.", 3.0, None, 3)]
    assert rendered(said, {0: "Ann"}) == [("Ann: ", "Morning."), (" ", "Two things."),
                                         ("\nSpeaker 2: ", "Go on."), ("\nSpeaker: ", "Right.")]


def test_each_sentence_gets_its_own_state_and_the_features_say_what_followed(reader):
    said = meeting()
    ends, means = reader.states(said, {0: "Ann", 1: "Bob", 2: "Cy"})
    assert ends.shape == means.shape == (len(said), reader.width)
    assert len({round(float(e[0]), 4) for e in ends}) == len(said)  # all different
    x = features(said, ends, means)
    assert np.array_equal(x[0, 2 * reader.width:3 * reader.width], ends[1])  # the next one's
    assert not x[-1, 2 * reader.width:4 * reader.width].any()  # nothing follows the last


def test_a_long_meeting_is_read_in_windows_each_with_the_talk_before_it(reader, monkeypatch):
    said = meeting(6)
    names = {0: "Ann", 1: "Bob", 2: "Cy"}
    whole, _ = reader.states(said, names)
    monkeypatch.setattr(extract_lm_reading, "WINDOW", 200)
    monkeypatch.setattr(extract_lm_reading, "CONTEXT", 60)
    windowed, _ = reader.states(said, names)
    monkeypatch.setattr(extract_lm_reading, "CONTEXT", 0)
    bare, _ = reader.states(said, names)
    assert not np.allclose(windowed, whole)  # it was read in pieces
    assert np.abs(windowed).sum(axis=1).min() > 0  # and every sentence was read
    late = range(len(TALK) * 3, len(said))
    with_context = np.mean([cosine(windowed[k], whole[k]) for k in late])
    without = np.mean([cosine(bare[k], whole[k]) for k in late])
    assert with_context > without


def test_the_spotter_blends_the_reading_in_with_the_thresholds_chosen_for_it(reader):
    with np.load(weights_path()) as saved:
        lm_thresholds, own_thresholds = saved["lm_thresholds"], saved["thresholds"]
        blend, drops = saved["lm_blend"], saved["lm_drop"]
    embedder = Embedder(threads=1)
    alone = Spotter.load(embedder)
    both = Spotter.load(embedder, reader=reader)
    assert alone.lm is None and np.allclose(alone.thresholds, own_thresholds)
    assert alone.kinds == ("decision", "question") and not alone.drops.any()
    assert both.lm is not None and np.allclose(both.thresholds, lm_thresholds)
    assert both.kinds == ("decision", "question", "action") and np.allclose(both.drops, drops)
    said, names = meeting(3), {0: "Ann", 1: "Bob", 2: "Cy"}
    assert blend.shape == (2, 2) and len(said) > extract_learned.LATE
    share = np.array([blend[0] if k < extract_learned.LATE else blend[1]
                      for k in range(len(said))])  # more of the reading once it has read talk
    read = both.lm.chances(said, names)
    expected = (1 - share) * alone.chances(said) + share * read[:, :2]
    chances = both.chances(said, names)
    assert np.allclose(chances[:, :2], expected, atol=1e-5)
    assert np.allclose(chances[:, 2], read[:, 2])  # actions: the reading's alone


def test_the_reading_is_the_shipped_network_of_the_states(reader):
    """The weights file's reading is one layer of rectified units over the standardised
    features, then a sigmoid per kind; the spotter reads it as it was trained."""
    with np.load(weights_path()) as saved:
        lm = {k[3:]: saved[k].astype(np.float64) for k in saved.files
              if k in ("lm_hidden", "lm_hidden_bias", "lm_weights", "lm_bias", "lm_mean",
                       "lm_scale")}
    assert lm["hidden"].shape == (lm["mean"].shape[0], lm["hidden_bias"].shape[0])
    spotter = Spotter.load(Embedder(threads=1), reader=reader)
    said, names = meeting(), {0: "Ann", 1: "Bob", 2: "Cy"}
    ends, means = reader.states(said, names)
    z = (features(said, ends, means) - lm["mean"]) / lm["scale"]
    units = np.maximum(z @ lm["hidden"] + lm["hidden_bias"], 0.0)
    by_hand = 1.0 / (1.0 + np.exp(-(units @ lm["weights"].T + lm["bias"])))
    assert np.allclose(spotter.lm.chances(said, names), by_hand, atol=1e-4)


def test_without_the_language_model_the_spotter_reads_alone(monkeypatch, caplog):
    def missing(*args, **kwargs):
        raise ModelError("The default language model (SmolLM2-135M-Instruct) is not installed")
    monkeypatch.setattr(LmReader, "load", missing)
    monkeypatch.setattr(extract_learned, "_shared", None)
    with caplog.at_level(logging.WARNING):
        spotter = shared_spotter()
    assert spotter is not None and spotter.lm is None
    assert "without the language model's reading" in caplog.text
    # the self-test (and with it the bundle's, tests/test_packaging) does not pass it by
    assert self_test._check_extraction() == [
        "the language model's reading of the meeting did not load (see the log)"]


def test_a_cancelled_job_stops_before_the_model_reads_on(reader, monkeypatch):
    spotter = Spotter.load(Embedder(threads=1), reader=reader)
    monkeypatch.setattr(extract_lm_reading, "WINDOW", 120)
    monkeypatch.setattr(extract_lm_reading, "CONTEXT", 30)
    read = []
    monkeypatch.setattr(reader, "_states", lambda tokens: read.append(tokens) or cancel.cancel()
                        or np.zeros((len(tokens), reader.width), np.float32))
    cancel = CancelToken()
    segments = [Segment(4.0 * k, 4.0 * k + 3, s.text, speaker=s.speaker)
                for k, s in enumerate(meeting(3))]
    with pytest.raises(Cancelled):
        extract(segments, {0: "Ann"}, spotter=spotter, cancel=cancel)
    assert len(read) == 1  # one window read, then the cancel was seen


def segments(*lines: tuple[int, str]) -> list[Segment]:
    return [Segment(4.0 * k, 4.0 * k + 3, text, speaker=who) for k, (who, text) in enumerate(lines)]


def test_the_reading_adds_a_task_the_rules_miss_and_drops_one_that_is_none(reader):
    """(The reading drops nothing of a meeting's first READ_AFTER sentences.)"""
    spotter, names = Spotter.load(Embedder(threads=1), reader=reader), {0: "Ann", 1: "Bob", 2: "Cy"}
    trip = segments((0, "Next, the school trip to the museum."),
                    (1, "The coach company still hasn't confirmed the date."),
                    (0, "Then ring them this afternoon and get it in writing."),
                    (1, "Will do."), (2, "And the consent forms?"), (0, "Half of them are back."))
    assert not extract(trip, names).actions
    assert [(a.start, a.owner) for a in extract(trip, names, spotter=spotter).actions] \
        == [(8.0, "Bob")]
    fair = segments((0, "Right, the budget for the spring fair."), (2, "How bad is it?"),
                    (0, "Bob's got the figures."),
                    (1, "Let me put it bluntly, the money's gone."),
                    (0, "All of it?"), (1, "The marquee took most of it."),
                    (2, "I'll ask the council for a grant by Friday."), (0, "Thanks, Cy."))
    assert [a.owner for a in extract(fair, names).actions] == ["Bob", "Cy"]
    assert [a.owner for a in extract(fair, names, spotter=spotter).actions] == ["Cy"]


def test_the_reading_drops_a_decision_and_an_open_question_that_are_none(reader):
    """A result reported ("We broke a hundred on Friday.") and a note to wait and see are
    no decision and no open question: the rules take them, the reading reads them as none;
    what was decided, and the doubt that is open, stand."""
    spotter, names = Spotter.load(Embedder(threads=1), reader=reader), {0: "Ann", 1: "Bob", 2: "Cy"}
    quiz = segments((0, "Next, the quiz night."), (1, "We had ninety people in March."),
                    (2, "And last week?"), (1, "We broke a hundred on Friday."), (0, "Lovely."),
                    (2, "So the entry stays at three pounds."), (0, "Fine, three it is."))
    assert any("broke" in d.text for d in extract(quiz, names).decisions)
    kept = [d.text for d in extract(quiz, names, spotter=spotter).decisions]
    assert kept and not any("broke" in d for d in kept) and any("three pounds" in d for d in kept)
    hall = segments((0, "Okay, the hall booking for March."), (1, "The scouts want Thursdays too."),
                    (2, "Can we even fit them in?"),
                    (1, "I honestly don't know if the caretaker can stay late."),
                    (0, "Write it in the diary, and we'll see whether it shows up on the rota."),
                    (2, "What about the heating?"), (1, "It's on a timer now."))
    assert any("diary" in q.text for q in extract(hall, names).questions)
    assert [q.start for q in extract(hall, names, spotter=spotter).questions] == [12.0]
