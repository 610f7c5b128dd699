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
    ("Brian tests the form [20:38].", "it cites 20:38, after the meeting's last words (01:04)"),
    ("Brian tests the form [00:40].", "it cites 00:40, when nothing was said"),  # a silence
    ("The budget is $30,000 for the year.", "'30000'"),  # an invented amount
    ("The team adopted a new logo design.", "nothing said"),  # unsupported
    ("Sarah will write the announcement.", "'Sarah'"),  # an invented person
    ("Brian will test the contact form [01:00].", "about something else"),  # wrong moment
])
def test_invented_or_misattributed_items_are_not_verified(item, reason):
    verdict = EVIDENCE.ground(item)
    assert not verdict.verified and reason in verdict.reason, verdict


def test_a_date_said_at_another_moment_is_not_verified():
    # subject from one moment, date from another: Carmen's 3rd of March is not Brian's
    verdict = EVIDENCE.check("Brian will test the contact form on the 3rd.", (1,))
    assert verdict.reason == "the number '3' is said at 00:14, not at 00:05"


SAMPLE = Evidence([  # the sample meeting's transcript (assets/samples/meeting.wav)
    Segment(0.0, 4.3, "Good morning everyone, let's plan the launch of the new garden website."),
    Segment(5.0, 10.0, "Thanks Alice, the design is finished, but the contact form still needs testing."),
    Segment(11.0, 15.0, "And we decide to launch the website on Monday 3rd of March."),
    Segment(16.0, 21.0, "I agree, the posting costs are fine, so we will stay with the current provider."),
    Segment(22.0, 25.0, "Peter, can you test the contact form before Friday?"),
    Segment(26.0, 31.0, "Yes, I will test the contact form and fix any problems before Friday."),
    Segment(32.0, 35.0, "Carmen, can you write the announcement for the newsletter?"),
    Segment(36.0, 40.0, "Sure, I will write the announcement and send it to Alice by Thursday."),
    Segment(41.0, 45.0, "David, please update the photos on the gallery page this week."),
    Segment(46.0, 48.0, "Okay, I will update the photos this week."),
    Segment(49.0, 53.0, "One open question is whether we need a Spanish version of the site."),
    Segment(54.0, 58.0, "We should also ask the volunteers if they want a monthly event calendar."),
    Segment(59.0, 62.0, "Good, thank you all, see you next week.")])


@pytest.mark.parametrize("sentence, reason", [
    # what the 135M model wrote on the sample meeting, and the check passed before
    ("A Spanish version of the site will be available on Thursday.",
     "the date 'thursday' is said at 00:36, not at 00:49"),
    ("A monthly event calendar will be added next month.",
     "the date 'next month' is not in the transcript"),
    ("The plan is to launch the site on March 3rd, with a focus on the Spanish version of the"
     " site. [00:49]", "the number '3' is said at 00:11, not at 00:49"),
    ("The plan is to launch the website and design the newsletter, with a focus on the Spanish"
     " version of the site. [00:49]", "its words come from different moments"),
    ("David agrees to update the photos for the gallery page this week, and David will also"
     " offer a monthly event calendar to the volunteers. [00:41, 00:54]",
     "'David' is not said at 00:54, where the rest of its clause is"),
    # times: on the hour they are numbers, and cited times past the end are caught
    ("The launch is at 7:00 AM on Monday 3rd of March.", "the number '7' is not in the transcript"),
    ("[41:58] I'll be testing the contact form.", "after the meeting's last words (01:02)"),
    ("Peter will test the contact form tomorrow.", "the date 'tomorrow' is not in the transcript"),
    ("Peter will test the contact form by the end of the week [00:26].",
     "the date 'end of the week' is not in the transcript"),
    ("The hosting costs $65,000, so we will stay with the current provider.", "'65000'"),
])
def test_relative_dates_times_and_claims_from_two_moments_are_not_verified(sentence, reason):
    verdict = SAMPLE.ground(sentence)
    assert not verdict.verified and reason in verdict.reason, verdict


@pytest.mark.parametrize("sentence", [
    "We will launch the website on Monday 3rd of March.",
    "Carmen will write the announcement and send it to Alice by Thursday.",
    "David will update the photos this week [00:46].",
    "The team will stay with the current provider, and Peter will test the contact form"
    " before Friday.",  # two moments, two clauses: each cited
    "One open question is whether we need a Spanish version of the site.",
    "We may need a Spanish version of the site.",  # "may" is no month
    "Everyone will meet again next week [00:59].",
])
def test_faithful_sentences_stay_verified(sentence):
    verdict = SAMPLE.ground(sentence)
    assert verdict.verified, verdict


def test_every_sentence_of_the_transcript_verifies_verbatim_with_or_without_its_time():
    for s in SAMPLE.segments:
        assert SAMPLE.ground(s.text).verified, s.text
        assert SAMPLE.ground(f"{s.text} [00:{int(s.start):02d}]").verified, s.text


def test_a_time_names_every_segment_starting_in_that_second():
    evidence = Evidence([Segment(7.1, 7.5, "Sure."),
                         Segment(7.6, 11.0, "I finished the login redirect, it's in review now.")])
    assert evidence.ground("I finished the login redirect, it's in review now. [00:07]").verified


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
