"""The grounding checker: items that must pass, items that must fail, and the streaming
citer that adds evidence to model-written sentences as they end."""

import pytest

from engine.minutes.grounding import Evidence, StreamGrounder, Tally, parse_citations
from engine.types import Segment

SEGMENTS = [Segment(0.0, 4.0, "Good morning everyone, let's plan the launch of the garden website."),
            Segment(5.0, 9.0, "Brian will test the contact form by Friday."),
            Segment(10.0, 13.0, "Carmen, can you write the announcement?"),
            Segment(14.0, 18.0, "Sure, I'll have it ready on the 3rd of March."),
            Segment(20.0, 24.0, "The budget is 12,000 euros for the whole year."),
            Segment(60.0, 64.0, "Peter mentioned the hosting costs went up.")]
EVIDENCE = Evidence(SEGMENTS)


@pytest.mark.parametrize("item", [
    "**Brian**: test the contact form (due: Friday) [00:05]",
    "Carmen will write the announcement by March 3rd.",
    "The budget for the year is 12,000 euros.",
    "Peter said hosting costs went up [01:00].",
    "We plan the launch of the garden website [00:00-00:05].",
])
def test_items_said_in_the_meeting_are_verified(item):
    verdict = EVIDENCE.ground(item)
    assert verdict.verified, verdict.reason
    assert verdict.cited


@pytest.mark.parametrize("item, reason", [
    ("Brian will test the contact form by April 18th.", "18"),  # an invented date
    ("**Peter**: test the contact form [00:05]", "'Peter' is not said at 00:05"),  # wrong owner
    ("Brian tests the form [20:38].", "it cites 20:38, when nothing was said"),  # no such moment
    ("The budget is $30,000 for the year.", "'30000'"),  # an invented amount
    ("The team adopted a new logo design.", "nothing said"),  # unsupported
    ("Sarah will write the announcement.", "'Sarah'"),  # an invented person
    ("Brian will test the contact form [01:00].", "about something else"),  # wrong moment
])
def test_invented_or_misattributed_items_are_not_verified(item, reason):
    verdict = EVIDENCE.ground(item)
    assert not verdict.verified and reason in verdict.reason, verdict


def test_a_date_said_elsewhere_is_a_weaker_pass():
    verdict = EVIDENCE.check("Brian will test the contact form on the 3rd.", (1,))
    assert verdict.verified and verdict.weak == ("3",)


def test_citations_parse_minutes_hours_and_ranges():
    assert parse_citations("a [01:05] b [1:02:03] c [00:10-00:20]") == [65, 3723, 10, 20]


def test_the_stream_grounder_cites_each_sentence_as_it_ends():
    tally = Tally()
    grounder = StreamGrounder(EVIDENCE, tally)
    text = "Brian will test the contact form. Sarah will bake a cake.\nNone recorded."
    pieces = [text[i:i + 3] for i in range(0, len(text), 3)]  # token-sized pieces
    out = [p for piece in pieces for p in grounder.feed(piece)] + grounder.finish()
    joined = "".join(t for t, _, _ in out)
    assert joined == ("Brian will test the contact form. [00:05] Sarah will bake a cake."
                      " ⚠ unverified (1)\nNone recorded.")
    assert all(generated for t, generated, _ in out if "[00:05]" not in t and "⚠" not in t)
    assert (tally.items, tally.verified) == (2, 1)
    report = tally.report()
    assert "2 items, 1 verified" in report
    assert "- ⚠ (1) nothing said in the meeting supports it: “Sarah will bake a cake.”" in report


def test_strict_mode_drops_unverified_sentences():
    tally = Tally()
    grounder = StreamGrounder(EVIDENCE, tally, strict=True)
    out = grounder.feed("Sarah will bake a cake. Brian will test the contact form.") + grounder.finish()
    assert "".join(t for t, _, _ in out) == " Brian will test the contact form. [00:05]"
    assert tally.dropped == 1 and "dropped (strict mode)" in tally.report()
