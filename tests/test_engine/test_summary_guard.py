"""The Summary's guard (engine/minutes/summary_compose.py, the writer's guarded section): fake
chat models that write an unfaithful Summary, a cut-off one and a faithful one."""

import pytest
from fakes import FakeChat

from engine.cancel import CancelToken
from engine.events import MinutesDelta, MinutesTentative
from engine.minutes.extract import Extracted, Item
from engine.minutes.grounding import Evidence, Tally
from engine.minutes.prompts import load_template
from engine.minutes.summary_compose import (
    MAX_UNSUPPORTED,
    complete_end,
    compose,
    cut_off,
    whole,
)
from engine.minutes.summary_guard import LENS_DRAFT, judge
from engine.minutes.writer import MinutesOptions, write_minutes
from engine.types import Segment, Transcript

SAID = [(0.0, "Good morning everyone, let's plan the launch of the new garden website."),
        (5.0, "Thanks Alice, the design is finished, but the contact form still needs testing."),
        (11.0, "And we decide to launch the website on Monday 3rd of March."),
        (16.0, "I agree, the hosting costs are fine, so we will stay with the current provider."),
        (22.0, "Peter, can you test the contact form before Friday?"),
        (26.0, "Yes, I will test the contact form and fix any problems before Friday."),
        (32.0, "Carmen, can you write the announcement for the newsletter?"),
        (36.0, "Sure, I will write the announcement and send it to Alice by Thursday."),
        (41.0, "David, please update the photos on the gallery page this week."),
        (46.0, "Okay, I will update the photos this week."),
        (49.0, "One open question is whether we need a Spanish version of the site."),
        (54.0, "We should also ask the volunteers if they want a monthly event calendar."),
        (59.0, "Good, thank you all, see you next week.")]
MEETING = Transcript([Segment(t, t + 3.5, text) for t, text in SAID], "en", 0.99, 63.0)

# What SmolLM2-135M wrote on the sample meeting (issue 16), and what it might write well.
UNFAITHFUL = ("A Spanish version of the site will be available on Thursday. The design team will"
              " launch a monthly event calendar next month. Peter will test the contact form"
              " before Friday.")
CUT_OFF = ("Peter will test the contact form before Friday. Carmen will write the announcement"
           " by Thursday. David will update the photos on the")
FAITHFUL = ("The team will launch the new garden website on Monday 3rd of March. Peter will test"
            " the contact form before Friday, and Carmen will write the announcement by"
            " Thursday.")


def write(reply: str, **options) -> tuple[list, str, str]:
    """(events, the minutes, their Summary section)."""
    events = list(write_minutes(MEETING, FakeChat(reply), load_template("general"),
                                MinutesOptions(**options), CancelToken()))
    text = "".join(e.text for e in events if isinstance(e, MinutesDelta))
    return events, text, text.split("## Summary\n\n")[1].split("## Decisions")[0]


def test_an_unfaithful_summary_is_replaced_by_one_composed_from_the_verified_items():
    events, text, summary = write(UNFAITHFUL)
    assert summary.startswith("_Summary composed from the items below: the model's draft did"
                              " not hold up (2 of 3 sentences unsupported)._\n\n")
    for invented in ("Thursday. The design", "next month", "monthly event calendar next"):
        assert invented not in text
    assert "⚠" not in summary
    assert "Tasks: Peter will test the contact form" in summary
    assert "[00:26]" in summary  # each item cites its moment
    tally = events[-1]
    assert isinstance(tally, Tally)
    assert tally.replaced == [("Summary", UNFAITHFUL, "the model's draft did not hold up"
                                                      " (2 of 3 sentences unsupported)")]
    # the composed Summary is the writer's text, not the model's tokens
    summary_deltas = [e for e in events if isinstance(e, MinutesDelta) and "Summary composed" in e.text]
    assert summary_deltas and not any(e.generated for e in summary_deltas)
    assert not any(e.generated for e in events if isinstance(e, MinutesDelta))
    evidence = Evidence(MEETING.segments)
    sentences = [s for s in summary.split("\n\n")[1].split(". ") if s.strip()]
    assert all(evidence.ground(s).verified for s in sentences), sentences


def test_a_cut_off_summary_ends_at_its_last_full_sentence():
    _, _, summary = write(CUT_OFF)
    assert "Summary composed" not in summary
    assert summary.rstrip().endswith("by Thursday. [00:32, 00:36]")
    assert "on the" not in summary and "David" not in summary
    assert "⚠" not in summary


def test_a_faithful_summary_is_the_models_own_with_its_lens_steps():
    events, _, summary = write(FAITHFUL, lens_top=3)
    assert "Summary composed" not in summary and "⚠" not in summary
    assert summary.startswith("The team will launch the new garden website on Monday 3rd of"
                              " March. [00:00, 00:11]")
    generated = [e for e in events if isinstance(e, MinutesDelta) and e.generated]
    assert "".join(e.text for e in generated) == FAITHFUL
    assert [e.step.i for e in generated] == list(range(len(FAITHFUL.split(" "))))
    tally = events[-1]
    assert tally.replaced == [] and tally.items == tally.verified


def test_the_threshold_keeps_a_draft_with_few_unsupported_sentences_marked():
    ok = " ".join(FAITHFUL.split(". ")[:1]) + ". David will update the photos this week." \
        " Carmen will write the announcement by Thursday."
    one_bad = ok + " Sarah will bake a cake."  # 1 of 4: at the threshold
    assert MAX_UNSUPPORTED >= 0.25
    _, _, summary = write(one_bad)
    assert "Summary composed" not in summary and summary.count("⚠ unverified") == 1
    _, _, summary = write(one_bad + " Brian will bring the drinks.")  # 2 of 5
    assert "2 of 5 sentences unsupported" in summary


def test_strict_mode_and_an_empty_answer():
    _, _, summary = write(UNFAITHFUL, strict=True)
    assert "Summary composed" in summary and "Thursday. The design" not in summary
    _, _, summary = write("")
    assert summary.strip() == "None recorded."


def test_step_mode_shows_every_token_as_chosen_so_nothing_is_held():
    from engine.events import TokenOffer
    from engine.minutes.lens import StepControl
    control = StepControl()
    stream = write_minutes(MEETING, FakeChat(UNFAITHFUL), load_template("general"),
                           MinutesOptions(step=control, lens_top=3), CancelToken())
    offers = written = 0
    for event in stream:
        if isinstance(event, TokenOffer):
            assert offers == written  # the token before shows before the next offer
            offers += 1
            control.next(None)
        elif isinstance(event, MinutesDelta) and event.step is not None:
            written += 1
    assert offers == written == len(UNFAITHFUL.split(" "))


def test_without_items_the_summary_quotes_the_meetings_central_sentences():
    evidence = Evidence(MEETING.segments)
    sentences, from_items = compose(Extracted([], [], []), evidence)
    assert not from_items and len(sentences) == 2
    assert all(s.startswith("“") and evidence.ground(s).verified for s in sentences)
    twice = Evidence([Segment(0.0, 2.0, "I think it should be a break for Anne."),
                      Segment(3.0, 5.0, "That's, this is a bit of HTML goo."),
                      Segment(6.0, 8.0, "I think it should be a break for Anne.")])
    quoted, _ = compose(Extracted([], [], []), twice)
    assert len(quoted) == 2 and len(set(q.split("”")[0] for q in quoted)) == 2


def test_compose_quotes_items_with_owners_dues_and_questions():
    items = Extracted(
        decisions=[Item("We decide to launch the website on Monday 3rd of March.", 11.0)],
        actions=[Item("test the contact form and fix any problems", 26.0, "Peter", "before Friday"),
                 Item("update the photos", 46.0, "David", "this week"),
                 Item("bake a cake", 59.0, "Sarah", "next month")],  # not said: left out
        questions=[Item("One open question is whether we need a Spanish version of the site.", 49.0)])
    sentences, from_items = compose(items, Evidence(MEETING.segments))
    assert from_items
    assert sentences == [
        "Decisions: we decide to launch the website on Monday 3rd of March [00:11].",
        "Tasks: Peter will test the contact form and fix any problems (due: before Friday)"
        " [00:26]; David will update the photos (due: this week) [00:46].",
        "Open question: whether we need a Spanish version of the site. [00:49]"]


@pytest.mark.parametrize("text, end, cut", [
    ("One. Two three", 4, True), ("One two. [00:11]", 16, False), ("One?\n", 4, False),
    ("Cited but cut [00:11] there", 0, True), ("“Quoted.” Then", 9, True), ("", 0, False)])
def test_sentence_ends(text, end, cut):
    assert complete_end(text) == end and cut_off(text) == cut


def test_judge_counts_checked_sentences_and_whether_one_is_whole():
    evidence = Evidence(MEETING.segments)
    judged = judge(UNFAITHFUL, evidence)
    assert (judged.sentences, judged.unsupported, judged.complete) == (3, 2, True)
    assert not judged.holds
    copied = judge("A meeting transcript:\n[00:05] Thanks Alice, the design is finished, but the"
                   " contact form still needs testing.", evidence)
    assert (copied.sentences, copied.unsupported, copied.holds) == (1, 1, False)
    echo = "A meeting transcript:"
    nothing = judge(echo[:whole(echo, at_limit=False)], evidence)
    assert not nothing.holds and nothing.why() == "the model's draft had no complete sentence"


@pytest.mark.parametrize("draft, at_limit, kept", [
    ("- ok", False, "- ok"),  # the model stopped by itself: all it meant to say
    ("Peter tests the form. Carmen writes", True, "Peter tests the form."),  # the token limit
    ("Peter tests the form. [41:58] I'll be", False, "Peter tests the form. [41:58]"),
    ("Peter tests the form. Carmen writes the", False, "Peter tests the form."),
    ("Peter tests the form. Carmen writes it", False, "Peter tests the form. Carmen writes it"),
    ("Peter tests the form.\n", True, "Peter tests the form.")])
def test_a_draft_ends_at_its_last_full_sentence_when_its_last_is_unfinished(draft, at_limit, kept):
    assert draft[:whole(draft, at_limit)] == kept


def test_templates_guard_their_prose_summaries_only():
    general = {s.title: s.fallback for s in load_template("general").sections}
    assert general["Summary"] == "items" and general["Decisions"] == ""
    interview = {s.title: s.fallback for s in load_template("interview").sections}
    assert interview["Candidate summary"] == "items" and interview["Strengths"] == ""


def test_with_the_lens_on_a_composed_summary_is_followed_by_the_labelled_draft_and_its_tokens():
    events, text, summary = write(UNFAITHFUL, lens_top=3)
    composed, _, draft = summary.partition(f"_{LENS_DRAFT}_\n\n")
    assert composed.startswith("_Summary composed from the items below")
    assert "Thursday" not in composed.split("Tasks:")[0]
    assert draft.startswith("A Spanish version of the site will be available on Thursday.")
    assert draft.count("⚠ unverified") == 2
    steps = [e.step for e in events if isinstance(e, MinutesDelta) and e.step is not None]
    assert "".join(s.token for s in steps) == UNFAITHFUL  # the Lens has every draft token
    assert [s.i for s in steps] == list(range(len(steps)))
    _, _, plain = write(UNFAITHFUL)
    assert LENS_DRAFT not in plain and "Spanish version of the site will" not in plain


class Counting(FakeChat):
    """Counts the pieces it has produced (after the first, in the caller's thread)."""

    produced = 0

    def stream_chat(self, *args, **kwargs):
        for piece in super().stream_chat(*args, **kwargs):
            self.produced += 1
            yield piece


def test_a_summary_that_holds_up_streams_sentence_by_sentence():
    model = Counting(FAITHFUL)
    stream = write_minutes(MEETING, model, load_template("general"), MinutesOptions(),
                           CancelToken())
    first = next(e for e in stream if isinstance(e, MinutesDelta) and e.text.startswith(" [00:"))
    assert first.text == " [00:00, 00:11]"  # the first sentence's evidence, as it ended
    assert model.produced <= 16 < len(FAITHFUL.split(" "))  # 13 words, 3 more of hold-back
    assert "".join(e.text for e in stream if isinstance(e, MinutesDelta)).count("⚠") == 0


def test_sentences_shown_live_stay_and_the_rest_is_composed_when_the_draft_fails():
    good = "Peter will test the contact form before Friday."
    _, _, summary = write(good + " Sarah will bake a cake. Brian brings the drinks.")
    assert summary.startswith(good + " [00:22]\n\n_The rest is composed from the items below:"
                              " the model's draft did not hold up (2 of 3 sentences unsupported)._")
    assert "Sarah" not in summary and "Brian" not in summary


def test_a_line_too_short_to_check_never_shows_on_its_own():
    _, _, summary = write("A meeting transcript:\n[01:25] Good morning everyone, let's plan the"
                          " launch. [03:48] Thanks Alice.")
    assert summary.startswith("_Summary composed from the items below")
    _, _, summary = write("Notes:\nPeter will test the contact form before Friday.")
    assert summary.startswith("Notes:\nPeter will test the contact form before Friday. [00:22]")


def test_a_held_draft_streams_word_by_word_as_tentative_text_and_never_enters_the_minutes():
    events, text, summary = write(UNFAITHFUL)
    tentative = [e.text for e in events if isinstance(e, MinutesTentative)]
    # one update per word the model wrote, each the one before and more, until it is cleared
    assert len(tentative) > 20 and tentative[-1] == ""
    growing = [t for t in tentative[:-1] if t]
    assert all(b.startswith(a.split(" ")[0]) for a, b in zip(growing, growing[1:], strict=False))
    assert growing[-1].startswith("A Spanish version of the site will be available on Thursday.")
    assert "Spanish version of the site will be available" not in text
    # cleared before the composed Summary is shown
    cleared = events.index(next(e for e in events if isinstance(e, MinutesTentative) and not e.text))
    assert not any("composed" in e.text for e in events[:cleared] if isinstance(e, MinutesDelta))


def test_a_sentence_that_holds_up_leaves_the_tentative_text_when_it_is_shown():
    events, _, _ = write(FAITHFUL)
    shown = next(i for i, e in enumerate(events) if isinstance(e, MinutesDelta) and e.generated)
    before = [e.text for e in events[:shown] if isinstance(e, MinutesTentative)]
    assert before[-1].startswith("The team will launch the new garden website on Monday")
    after = next(e.text for e in events[shown:] if isinstance(e, MinutesTentative))
    assert not after.startswith("The team")  # the shown sentence left it
