"""Insights from a transcript: chapters where the topic changes, key terms, entities and
sentiment, each pointing at when it was said."""

from engine.insights import chapter_starts, insights, label, markdown, sentiment_of
from engine.types import Segment

BUDGET = ["The budget for next year is 12,000 euros.", "Most of the budget goes to hosting.",
          "Hosting costs rose by 10 percent.", "We could cut the budget for printing.",
          "Printing flyers costs 500 euros.", "The budget is tight but fine."]
DESIGN = ["Now the website design.", "The new design uses larger photos.",
          "Carmen, thanks for the design mockups.", "The photos on the gallery page look great.",
          "The mockups need a darker header.", "Mobile layout of the design works well."]
HIRING = ["Next, hiring.", "We need a volunteer coordinator.", "Peter will interview two candidates.",
          "The candidates come from Greenpeace.", "Interviews happen on Friday the 3rd of March.",
          "Hiring is a problem because nobody applied last year."]


def meeting() -> list[Segment]:
    lines = BUDGET + DESIGN + HIRING
    return [Segment(i * 10.0, i * 10.0 + 8, text) for i, text in enumerate(lines)]


def test_chapters_start_where_the_topic_changes():
    starts = chapter_starts(meeting())
    assert starts == [0, len(BUDGET), len(BUDGET) + len(DESIGN)]
    found = insights(meeting())
    assert [(c.start, c.end) for c in found.chapters] == [(0.0, 58.0), (60.0, 118.0), (120.0, 178.0)]
    assert "budget" in found.chapters[0].title and "design" in found.chapters[1].title


def test_terms_entities_and_when_they_were_first_said():
    found = insights(meeting())
    terms = {t.text: t for t in found.terms}
    assert "budget" in terms and terms["budget"].start == 0.0 and terms["budget"].count == 4
    entities = {(m.kind, m.text): m for m in found.entities}
    assert entities[("person", "Carmen")].start == 80.0
    assert entities[("person", "Peter")].start == 140.0
    assert ("other name", "Greenpeace") in entities
    assert ("date", "Friday") in entities and ("date", "3rd of March") in entities
    assert ("amount", "12,000 euros") in entities and ("amount", "10 percent") in entities
    text = markdown(found)
    assert "[00:00–00:58]" in text and "Carmen [01:20]" in text and "Greenpeace [02:30]" in text


def test_sentiment_counts_words_and_negation_flips_them():
    assert sentiment_of("This works well, great progress.") == 1.0
    assert sentiment_of("It is not good and the build is broken.") == -1.0
    assert label(sentiment_of("The meeting is on Monday.")) == "neutral"
    found = insights(meeting())
    assert label(found.chapters[1].sentiment) == "positive"  # "look great", "works well"
    assert label(found.chapters[2].sentiment) == "negative"  # "a problem", "nobody applied"


def test_an_empty_transcript_has_no_insights():
    assert markdown(insights([])) == "None recorded.\n\n"


def test_talk_time_and_turns_per_speaker_by_their_names():
    segments = [Segment(0.0, 4.0, "Welcome to the budget review.", speaker=0),
                Segment(4.5, 6.0, "Thanks, the budget is tight.", speaker=1),
                Segment(6.5, 9.0, "Then we cut printing.", speaker=0),
                Segment(9.5, 10.0, "Agreed.", speaker=0)]
    found = insights(segments)
    assert [(t.speaker, t.seconds, t.turns) for t in found.speakers] == [(0, 7.0, 2), (1, 1.5, 1)]
    text = markdown(found, {1: "Priya"})
    assert "- Speaker 1: 00:07, 82%, 2 turns\n- Priya: 00:01, 18%, 1 turn\n" in text
    assert "Speakers" not in markdown(insights([Segment(0.0, 2.0, "Hello there.")]))
