"""The learned classifier of decisions (engine/minutes/extract_learned.py): the shipped
weights, what it adds to the rules and what it may not, the minutes without it."""

from __future__ import annotations

import logging

import numpy as np
import pytest
from fakes import FakeChat

from engine.cancel import CancelToken
from engine.errors import ModelError
from engine.events import MinutesDelta
from engine.library import embedder
from engine.minutes import extract_learned
from engine.minutes.extract import extract
from engine.minutes.extract_learned import DecisionSpotter, shared_spotter, weights_path
from engine.minutes.prompts import load_template
from engine.minutes.writer import MinutesOptions, write_minutes
from engine.types import Segment, Transcript


def talk(*lines: tuple[int, str]) -> list[Segment]:
    return [Segment(4.0 * k, 4.0 * k + 3, text, speaker=who) for k, (who, text) in enumerate(lines)]


class Marked:
    """A spotter that takes the sentences saying ``word`` for decisions, with certainty."""

    threshold = 0.5

    def __init__(self, word: str) -> None:
        self.word = word

    def chances(self, said):
        return np.array([float(self.word in s.text) for s in said])


def test_the_shipped_weights_fit_the_features_and_say_what_they_learned_from():
    with np.load(weights_path()) as saved:
        assert saved["weights"].shape == (3 * 384 + 3,)
        assert 0.0 < float(saved["threshold"]) < 1.0
        assert {"extraction", "fresh", "fresh5"} <= set(saved["trained_on"].tolist())
        assert "fresh7" not in saved["trained_on"].tolist()  # the set it is judged on


def test_a_decision_the_rules_miss_is_added_with_its_time():
    lines = talk((0, "The last thing is the Saturday rota for the summer."),
                 (1, "Right, we're doing it: juniors on the early slot from June."),
                 (2, "Works for me."),
                 (0, "Good. Next, the kit order."))
    rules = extract(lines)
    learned = extract(lines, spotter=shared_spotter())
    assert rules.decisions == []
    assert [(d.start, d.text) for d in learned.decisions] == \
        [(4.0, "We're doing it: juniors on the early slot from June.")]  # "Right," cleaned


@pytest.mark.parametrize("said", [
    "We decided last year to keep the juniors on the early slot.",  # reported from before
    "Let's decide the rota at the next meeting.",  # put off
    "Should the juniors have the early slot?",  # asked
    "I'll send the rota round by Friday.",  # a task
])
def test_what_the_rules_refuse_is_not_added_however_sure_the_classifier_is(said):
    lines = talk((0, "The Saturday rota."), (1, said), (2, "Okay."))
    assert extract(lines, spotter=Marked(said[:12])).decisions == []


def test_nothing_is_added_near_a_decision_the_rules_found():
    lines = talk((0, "Let's go with the blue kit."), (1, "The kit comes in May."))
    near = extract(lines, spotter=Marked("kit comes"))
    assert [d.start for d in near.decisions] == [0.0]


def test_without_the_embedding_model_the_rules_decide_alone(monkeypatch, caplog):
    def missing():
        raise ModelError("The embedding model for meaning search is not installed")
    monkeypatch.setattr(embedder, "model_files", missing)
    monkeypatch.setattr(extract_learned, "_shared", None)
    with caplog.at_level(logging.WARNING):
        assert shared_spotter() is None
    assert "Decisions from the rules alone" in caplog.text and "not installed" in caplog.text


def test_weights_that_will_not_load_leave_the_rules_deciding_alone(monkeypatch, tmp_path, caplog):
    (tmp_path / "decisions.npz").write_bytes(b"not an npz")
    monkeypatch.setattr(extract_learned, "weights_path", lambda: tmp_path / "decisions.npz")
    monkeypatch.setattr(extract_learned, "_shared", None)
    with caplog.at_level(logging.WARNING):
        assert shared_spotter() is None
    assert "Decisions from the rules alone" in caplog.text
    (tmp_path / "decisions.npz").unlink()
    assert shared_spotter() is None  # missing altogether


def test_the_minutes_ask_the_classifier_for_english_meetings_only(monkeypatch):
    monkeypatch.setattr("engine.minutes.writer.shared_spotter", lambda: Marked("early slot"))
    segments = talk((0, "The last thing is the Saturday rota for the summer."),
                    (1, "The juniors can have the early slot from June."),
                    (2, "Works for me."))
    written = {}
    for language in ("en", "de"):
        events = write_minutes(Transcript(segments, language, 0.99, 12.0), FakeChat("ok"),
                               load_template("general"), MinutesOptions(), CancelToken())
        written[language] = "".join(e.text for e in events if isinstance(e, MinutesDelta))
    decisions = {k: v.split("## Decisions")[1].split("##")[0] for k, v in written.items()}
    assert "early slot from June" in decisions["en"]
    assert "early slot" not in decisions["de"] and "None recorded." in decisions["de"]


def test_chances_are_one_per_sentence_and_none_for_nothing():
    spotter = shared_spotter()
    assert isinstance(spotter, DecisionSpotter)
    assert spotter.chances([]).shape == (0,)
    e = extract(talk((0, "Hello."), (1, "Hi.")), spotter=spotter)
    assert e.decisions == []
