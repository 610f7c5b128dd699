"""The learned classifiers of decisions and open questions (engine/minutes/extract_learned.py):
the shipped weights, what they add to the rules and what they may not, the minutes without
them."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest
from fakes import FakeChat, FakeReading

from bench.extraction_set import parse, sentences
from engine.cancel import CancelToken
from engine.errors import ModelError
from engine.events import MinutesDelta
from engine.library import embedder
from engine.minutes import extract_learned
from engine.minutes import extract_second_reading as second
from engine.minutes.extract import extract
from engine.minutes.extract_attention import logits
from engine.minutes.extract_learned import Spotter, flagged, shared_spotter, weights_path
from engine.minutes.extract_types import Said
from engine.minutes.prompts import load_template
from engine.minutes.writer import MinutesOptions, write_minutes
from engine.types import Segment, Transcript


def talk(*lines: tuple[int, str]) -> list[Segment]:
    return [Segment(4.0 * k, 4.0 * k + 3, text, speaker=who) for k, (who, text) in enumerate(lines)]


def Marked(word: str, kind: str = "decision") -> FakeReading:
    """A spotter that takes the sentences saying ``word`` for ``kind``, with certainty."""
    return FakeReading(likely={kind: word})


def test_the_shipped_weights_fit_the_features_and_say_what_they_learned_from():
    with np.load(weights_path()) as saved:
        assert saved["kinds"].tolist() == ["decision", "question"]
        assert saved["weights"].shape == (2, 3 * 384 + 3)
        assert all(0.0 < t < 1.0 for t in saved["thresholds"].tolist())
        trained_on = set(saved["trained_on"].tolist())
        assert {"extraction", "fresh7", "fresh25", "train1", "train32"} <= trained_on
        assert not trained_on & {f"fresh{k}" for k in range(30, 62)}  # judges when trained
        assert all(0.0 <= b <= 1.0 for b in saved["blend"].tolist())
        readers, heads = saved["reader_query"].shape[:2]  # one row per reader
        hidden = saved["reader_mix"].shape[1]
        assert readers >= 1 and saved["reader_query"].shape == (readers, heads, 384)
        assert saved["reader_proj"].shape == (readers, hidden, 384 * (heads + 1))
        assert saved["reader_mix"].shape == (readers, hidden, 3 * hidden + 3)
        assert saved["reader_context0"].shape == (readers, hidden, 3 * hidden)
        assert saved["reader_out"].shape == (readers, 2, hidden)  # one output per kind
        assert saved["second_kinds"].tolist() == ["decision"]  # the second reading's
        for name in ("mean", "scale", "weights"):
            assert saved[f"second_{name}"].shape == (1, second.FEATURES)
        assert all(0.0 < t < 1.0 for t in saved["second_add"].tolist())
        kinds = saved["lm_kinds"].tolist()  # the language model's reading (extract_lm_reading)
        assert kinds == ["decision", "question", "action"]
        units = saved["lm_hidden"].shape[1]  # the reading's small networks, one layer
        assert saved["lm_hidden"].shape == (saved["lm_mean"].shape[0], units)
        assert saved["lm_weights"].shape == (3, units)
        assert {"train1", "train40", "fresh65"} <= set(saved["lm_trained_on"].tolist())
        assert saved["lm_thresholds"].shape == saved["lm_drop"].shape == (3,)
        assert saved["lm_blend"].shape == (2, 2)  # of the kinds the spotter reads too,
        # before extract_learned.LATE sentences and from them on
        assert all(0.0 < d < t < 1.0 for d, t in zip(saved["lm_drop"], saved["lm_thresholds"], strict=True))
        judges = {f"fresh{k}" for k in (*range(34, 42), *range(50, 58), *range(66, 74))}
        assert not set(saved["lm_trained_on"].tolist()) & judges  # the blend's, drops', blind


def test_a_decision_the_rules_miss_is_added_with_its_time():
    """Said after some talk, as in a meeting: in a meeting of four sentences the reading
    finds few decisions the rules miss (stop 47, docs/benchmarks.md: 2 of 8 hand-written
    ones at 30 blocks, 0 of 8 at 17; on 240 excerpts of 4-7 sentences of held-out meetings,
    31 and 30 right decisions end to end)."""
    lines = talk((0, "Morning all, thanks for coming in on a Sunday."),
                 (1, "The new nets arrived on Thursday and they're up."),
                 (2, "The under-twelves won both their games last week."),
                 (0, "Good to hear, well done to them."),
                 (1, "The car park next door is still being resurfaced."),
                 (0, "The last thing is the Saturday rota for the summer."),
                 (1, "Right, we're doing it: juniors on the early slot from June."),
                 (2, "Works for me."),
                 (0, "Good. Next, the kit order."))
    rules = extract(lines)
    learned = extract(lines, spotter=shared_spotter())
    assert rules.decisions == []
    assert [(d.start, d.text) for d in learned.decisions] == \
        [(24.0, "We're doing it: juniors on the early slot from June.")]  # "Right," cleaned


def test_an_arrangement_the_room_settles_is_a_decision_and_its_tasks():
    """Who does what, agreed to ("Then Dev drives the minibus, and Sara takes the kit van."
    "Works for me."): the meeting settles it and hands out the work, so it is listed as
    both; an order to one person ("Nadia, book the minibus for Saturday.") is only a task."""
    def meeting(said):
        return talk((0, "Morning all, thanks for coming in on a Sunday."),
                    (1, "The new nets arrived on Thursday and they're up."),
                    (2, "The under-twelves won both their games last week."),
                    (0, "Good to hear, well done to them."),
                    (0, "The last thing is the Saturday rota for the summer."),
                    (1, "Priya can't do mornings any more."), (0, said), (2, "Works for me."),
                    (0, "Good. Next, the kit order."))
    settled = extract(meeting("Then Dev drives the minibus, and Sara takes the kit van."),
                      spotter=shared_spotter())
    assert [d.text for d in settled.decisions] == ["Dev drives the minibus, and Sara takes the kit van."]
    assert ("Sara", "take the kit van") in [(a.owner, a.text) for a in settled.actions]
    told = extract(meeting("Nadia, book the minibus for Saturday."), spotter=shared_spotter())
    assert told.decisions == []
    assert [(a.owner, a.text) for a in told.actions] == [("Nadia", "book the minibus for Saturday")]


@pytest.mark.parametrize("said", [
    "We decided last year to keep the juniors on the early slot.",  # reported from before
    "We settled that last spring, for the cup run.",
    "At Christmas we agreed with the union, no more than two weekends running.",
    "At the last outbreak we agreed to buy a fogging machine.",
    "Let's decide the rota at the next meeting.",  # put off
    "Should the juniors have the early slot?",  # asked
    "I'll send the rota round by Friday.",  # a task
    "Okay, we're starting the second item.",  # the meeting's own running
    "Moving on to item four, the rota.",
    "Not carried, four to seven.",  # a vote lost
    "The motion falls.",
    "Go on then.",  # names nothing it settles
    "Then do it.",
])
def test_what_the_rules_refuse_is_not_added_however_sure_the_classifier_is(said):
    lines = talk((0, "The Saturday rota."), (1, said), (2, "Okay."))
    assert extract(lines, spotter=Marked(said[:12])).decisions == []


def test_a_decision_the_classifier_reads_in_one_word_is_added_with_what_it_answers():
    lines = talk((0, "The old minibus failed its MOT again."),
                 (1, "Do we repair the minibus or sell it?"), (0, "Sell it."), (2, "Okay."))
    assert extract(lines).decisions == []
    learned = extract(lines, spotter=Marked("Sell it"))
    assert [(d.start, d.text) for d in learned.decisions] == \
        [(8.0, "Sell it. (Do we repair the minibus or sell it?)")]


@pytest.mark.parametrize("lines", [
    [(0, "And what happens to the archive boxes when the lease ends?"), (1, "Good point."),
     (2, "Right, the budget.")],
    [(0, "Does the grant cover travel for the volunteers?"), (1, "Good question."),
     (0, "Moving on, the newsletter.")],
])
def test_an_open_question_the_rules_miss_is_added_with_its_time(lines):
    before = [(2, "First, the move to the new office next month."),
              (0, "The vans are booked for the Friday.")]
    segments = talk(*before, *lines)
    names = {0: "Ann", 1: "Bob", 2: "Cy"}
    assert extract(segments, names).questions == []
    learned = extract(segments, names, spotter=shared_spotter())
    assert [(q.start, q.text) for q in learned.questions] == \
        [(8.0, lines[0][1].removeprefix("And ").capitalize())]


@pytest.mark.parametrize("reply", ["We do, about two thousand.", "No, only the staff."])
def test_an_open_question_the_classifier_spots_is_not_added_when_answered_at_once(reply):
    lines = talk((0, "Does the grant cover travel for the volunteers?"), (1, reply),
                 (0, "Moving on, the newsletter."))
    assert extract(lines, spotter=Marked("grant cover", "question")).questions == []


@pytest.mark.parametrize("said", [
    "Can you send the minutes round by Friday?",  # a request: an action item
    "Shall we go with the blue kit?",  # put to the room
    "The archive boxes go to the basement.",  # not a question
])
def test_what_cannot_be_an_open_question_is_not_added_however_sure_the_classifier_is(said):
    lines = talk((0, "The archive."), (1, said), (2, "Sure."))
    assert extract(lines, spotter=Marked(said[:12], "question")).questions == []


def test_an_open_question_said_inside_a_statement_is_added_when_the_classifier_takes_it():
    said = "When it actually gets fixed is anyone's guess."  # no rule's cue
    lines = talk((0, "Then the boiler."), (1, said), (2, "Right, the budget."))
    assert extract(lines).questions == []
    marked = extract(lines, spotter=Marked("When it act", "question"))
    assert [(q.start, q.text) for q in marked.questions] == [(4.0, said)]


def test_the_reading_finds_an_open_question_said_inside_a_statement_in_a_real_meeting():
    """A meeting of forty-one sentences nobody tuned the rules on (a blind set, fresh67, used
    up), one sentence a segment (``talk``): "When he actually finishes is anyone's guess."
    asks in no question's form and no rule's cue takes it; the language model's reading does."""
    meeting = parse(Path(__file__).parents[2] / "bench" / "extraction_fresh67"
                    / "xr05_cemetery_headstone_testing.txt")
    people: dict[str, int] = {}
    segments = talk(*[(people.setdefault(line.who, len(people)), text)
                      for line in meeting.lines for text in sentences(line.text)])
    names = {number: name for name, number in people.items()}
    said = "When he actually finishes is anyone's guess."
    assert said not in [q.text for q in extract(segments, names).questions]
    assert said in [q.text for q in extract(segments, names, spotter=shared_spotter()).questions]


def test_no_open_question_is_added_near_one_the_rules_found():
    lines = talk((0, "Who owns the van insurance? Nobody knows yet."),
                 (1, "And who pays for the fuel?"), (2, "The club does."))
    near = extract(lines, spotter=Marked("fuel", "question"))
    assert [q.start for q in near.questions] == [0.0]


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
    assert "from the rules alone" in caplog.text and "not installed" in caplog.text


def test_weights_that_will_not_load_leave_the_rules_deciding_alone(monkeypatch, tmp_path, caplog):
    (tmp_path / "spotter.npz").write_bytes(b"not an npz")
    monkeypatch.setattr(extract_learned, "weights_path", lambda: tmp_path / "spotter.npz")
    monkeypatch.setattr(extract_learned, "_shared", None)
    with caplog.at_level(logging.WARNING):
        assert shared_spotter() is None
    assert "from the rules alone" in caplog.text
    (tmp_path / "spotter.npz").unlink()
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
    assert isinstance(spotter, Spotter)
    assert spotter.chances([]).shape == (0, len(spotter.kinds))
    assert spotter.reading([]).likely("decision", set()) == set()
    e = extract(talk((0, "Hello."), (1, "Hi.")), spotter=spotter)
    assert e.decisions == []


class Pieces:
    """An embedder whose word-piece states are fixed per text."""

    def token_states(self, texts):
        return [np.random.default_rng(len(t)).normal(size=(3 + len(t) % 5, 384)).astype(np.float32)
                for t in texts]


def test_a_kinds_chance_is_its_share_of_the_readers_mean_and_the_rest_the_regressions(tmp_path):
    rng = np.random.default_rng(5)
    shapes = {"query": (2, 384), "query_bias": (2,), "proj": (4, 384 * 3), "proj_bias": (4,),
              "mix": (4, 15), "mix_bias": (4,), "out": (2, 4), "out_bias": (2,)}
    readers = [{k: rng.normal(scale=0.3, size=v) for k, v in shapes.items()} for _ in range(2)]
    np.savez(tmp_path / "spotter.npz", kinds=np.array(["decision", "question"]),
             weights=np.zeros((2, 3 * 384 + 3)), bias=np.zeros(2), thresholds=np.full(2, 0.5),
             blend=np.array([1.0, 0.25]),
             **{f"reader_{k}": np.stack([r[k] for r in readers]) for k in shapes})
    spotter = Spotter.load(Pieces(), tmp_path / "spotter.npz")
    said = [Said("Then the blue kit.", 0.0, 0, 0), Said("Agreed?", 3.0, 1, 1),
            Said("Fine by me.", 6.0, 0, 2)]
    states = Pieces().token_states([s.text for s in said])
    read = np.mean([1 / (1 + np.exp(-logits(states, flagged(said), r))) for r in readers], axis=0)
    chances = spotter.chances(said)  # the regression says 0.5 everywhere (zero weights)
    assert np.allclose(chances[:, 0], read[:, 0], atol=1e-3)
    assert np.allclose(chances[:, 1], 0.75 * 0.5 + 0.25 * read[:, 1], atol=1e-3)
    assert not np.allclose(read[:, 0], 0.5, atol=1e-3)  # the readers do say something


def by_length(add: float) -> Spotter:
    """A spotter whose first reading says 0.5 everywhere and whose second reading finds a
    sentence the likelier the more words it has, and likelier still when a rule took it."""
    weights = np.zeros(second.FEATURES)
    weights[9] = 3.0  # log words
    weights[10] = 1.0  # a rule took it
    again = {"mean": np.zeros(second.FEATURES), "scale": np.ones(second.FEATURES),
             "weights": weights, "bias": -6.0, "add": add}
    return Spotter(Pieces(), ["decision", "question"], np.zeros((2, 3 * 384 + 3)), np.zeros(2),
                   np.full(2, 0.9), second_reading={"decision": again})


RULED_AND_NOT = talk((0, "Let's go with the white kit."),  # a rule's
                     (1, "Sure."),
                     (2, "And the away games?"),
                     (0, "The green shirts are worn for every away game of the summer league."),  # 0.87
                     (1, "Fine."),
                     (2, "Right."),
                     (0, "Parking at the ground is free for players this season."))  # 0.77


def test_the_second_reading_adds_what_it_finds_likely_and_the_rules_items_all_stand():
    assert [d.start for d in extract(RULED_AND_NOT).decisions] == [0.0]
    assert [d.start for d in extract(RULED_AND_NOT, spotter=by_length(0.8)).decisions] \
        == [0.0, 12.0]
    assert [d.start for d in extract(RULED_AND_NOT, spotter=by_length(0.5)).decisions] \
        == [0.0, 12.0, 24.0]
    assert [d.start for d in extract(RULED_AND_NOT, spotter=by_length(0.99)).decisions] \
        == [0.0]  # a bar nothing reaches: the rules' alone, all of them


def test_a_rule_item_counts_in_the_second_reading():
    said = [Said("Let's go with the white kit.", 0.0, 0, 0), Said("Sure.", 4.0, 1, 1)]
    reading = by_length(0.5).reading(said)
    assert reading.likely("decision", set()) == set()  # 6 words alone: 0.46
    assert reading.likely("decision", {0}) == {0}  # and a rule took it: 0.70


def test_without_a_second_reading_the_first_readings_threshold_decides():
    spotter = by_length(0.99)
    spotter.second = {}
    said = [Said("Let's go with the white kit.", 0.0, 0, 0)]
    assert spotter.reading(said).likely("decision", set()) == set()  # 0.5 under 0.9
    spotter.thresholds = np.full(2, 0.5)
    assert spotter.reading(said).likely("decision", set()) == {0}
def test_the_second_reading_sees_each_sentence_with_its_neighbours_and_whether_a_rule_took_it():
    said = [Said(f"Sentence number {k} here.", 3.0 * k, k % 2, k) for k in range(5)]
    chances = np.array([0.1, 0.2, 0.9, 0.2, 0.1])
    x = second.features(said, chances, {2})
    z = second.logit(chances)
    assert x.shape == (5, second.FEATURES)
    assert np.allclose(x[2, :5], [z[2], z[1], z[3], z[0], z[4]])  # itself, one and two away
    assert x[0, 1] == x[0, 3] == x[4, 2] == x[4, 4] == -6.0  # beyond the ends
    assert x[:, 10].tolist() == [0, 0, 1, 0, 0]  # a rule took it
    assert x[:, 8].tolist() == [1, 0, 1, 0, 1]  # its speaker says most
    unheard = second.features([Said(s.text, s.start, None, s.i) for s in said], chances, {2})
    assert np.isnan(unheard[:, 8]).all()  # not known without speakers
    assert np.array_equal(np.delete(unheard, 8, axis=1), np.delete(x, 8, axis=1))


def test_what_is_not_known_tips_the_second_reading_neither_way():
    mean, scale, weights = np.full(3, 0.4), np.ones(3), np.array([0.0, 5.0, 0.0])
    x = np.array([[1.0, np.nan, 2.0], [1.0, 0.4, 2.0], [1.0, 1.0, 2.0]])
    p = second.chances(x, mean, scale, weights, 0.0)
    assert p[0] == p[1] == 0.5 and p[2] > 0.9
    assert second.features([], np.zeros(0), set()).shape == (0, second.FEATURES)
