"""The language model as a judge: P(yes) read from the next-token distribution under a
yes/no grammar, used only where the rules are unsure, and never for the embedded model."""

import math

from engine.errors import MinutiaError
from engine.minutes.extract import extract
from engine.minutes.extract_judge import YES_NO, Judge, judge_for
from engine.minutes.lens import Alternative, TokenStep
from engine.models import ModelRef
from engine.types import Segment


class FakeJudgeModel:
    """Answers every question with the same distribution; records what it was asked."""

    def __init__(self, p_yes: float | None) -> None:
        self.p_yes = p_yes
        self.asked: list[tuple[list[dict], str | None]] = []

    def stream_tokens(self, messages, *, max_tokens, sampling, stop, cancel, top, force=None,
                      control=None, grammar=None):
        self.asked.append((messages, grammar))
        if self.p_yes is None:
            raise MinutiaError("this backend cannot report probabilities")
        # the grammar leaves "Yes"/"yes"/"No" (and their first letters); 0.3 stays elsewhere
        top_ = (Alternative(1, "Yes", math.log(0.7 * self.p_yes)),
                Alternative(2, "N", math.log(0.7 * (1 - self.p_yes) / 2)),
                Alternative(3, "no", math.log(0.7 * (1 - self.p_yes) / 2)))
        yield TokenStep(0, 1, "Yes", top_[0].logprob, 1.0, top_)


def test_the_probability_of_yes_is_read_from_the_first_token_under_a_yes_no_grammar():
    model = FakeJudgeModel(0.8)
    p = Judge(model).probability("Is this a decision?", "Speaker 1: Let's do it.")
    assert math.isclose(p, 0.8)
    messages, grammar = model.asked[0]
    assert grammar == YES_NO and "Let's do it." in messages[-1]["content"]
    assert Judge(FakeJudgeModel(None)).probability("?", "") is None  # a remote backend


def test_the_judge_is_asked_only_where_the_rules_are_unsure():
    said = [Segment(0, 3, "Will the hall have a projector?"), Segment(4, 7, "Last year it had one."),
            Segment(8, 11, "We should bring ours anyway."), Segment(12, 15, "Okay.")]
    assert extract(said).questions == []  # the rules alone: not said to be open
    doubtful = FakeJudgeModel(0.9)
    assert [q.text for q in extract(said, judge=Judge(doubtful)).questions] == [
        "Will the hall have a projector?"]
    assert len(doubtful.asked) == 1
    sure = [Segment(0, 3, "Will the hall have a projector?"), Segment(4, 7, "Yes, it does.")]
    never = FakeJudgeModel(0.9)
    assert extract(sure, judge=Judge(never)).questions == [] and never.asked == []


def test_a_judge_that_says_no_drops_a_promise_the_rules_took():
    said = [Segment(0, 3, "I'll tidy the storage room on Friday.")]
    assert len(extract(said, judge=Judge(FakeJudgeModel(0.9))).actions) == 1
    assert extract(said, judge=Judge(FakeJudgeModel(0.1))).actions == []


def test_no_judge_for_the_embedded_model_or_without_a_model(tmp_path):
    small = tmp_path / "small.gguf"
    small.write_bytes(b"0" * 1000)

    class Local:
        model = ModelRef("small", small, "")

    assert judge_for(Local()) is None
    assert judge_for(None) is None
