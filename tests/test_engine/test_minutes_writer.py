"""The minutes writer with a fake chat model: structure, clean-up, map-reduce, cancel."""

import pytest
from fakes import FakeChat

from engine.cancel import CancelToken
from engine.errors import Cancelled
from engine.events import MinutesDelta, MinutesPlanned, TokenOffer
from engine.minutes.lens import StepControl
from engine.minutes.prompts import available_templates, load_template
from engine.minutes.writer import MinutesOptions, fit, write_minutes
from engine.types import Segment, Transcript

SECTIONS = ["## Summary", "## Decisions", "## Action items", "## Open questions"]
ALL_MODEL = """
name = "All written by the model"
system = "You write minutes."
condense = "Condense this part."
""" + "".join(f"""
[[sections]]
title = "{title}"
instruction = "Write the {title.lower()}."
max_tokens = 100
""" for title in ("Summary", "Decisions", "Action items", "Open questions"))


@pytest.fixture
def model_template(tmp_path):
    path = tmp_path / "all-model.toml"
    path.write_text(ALL_MODEL)
    return load_template(str(path))


def transcript(n: int, words_per_line: int = 8) -> Transcript:
    segs = [Segment(i * 5.0, i * 5.0 + 4, " ".join(f"w{i}x{j}" for j in range(words_per_line)))
            for i in range(n)]
    return Transcript(segs, "en", 0.99, n * 5.0)


def collect(model, t=None, cancel=None, template=None, **opts):
    events = list(write_minutes(t or transcript(5), model, template or load_template("general"),
                                MinutesOptions(**opts), cancel or CancelToken()))
    text = "".join(e.text for e in events if isinstance(e, MinutesDelta))
    return events, text


def test_all_sections_appear_in_order_whatever_the_model_says(model_template):
    _, text = collect(FakeChat("Decisions: blah ## Summary"), template=model_template)
    positions = [text.index(h) for h in SECTIONS]
    assert positions == sorted(positions)
    assert [ln for ln in text.splitlines() if ln.startswith("## ")] == SECTIONS


def test_an_empty_answer_becomes_none_recorded(model_template):
    _, text = collect(FakeChat(""), template=model_template)
    assert text.count("None recorded.") == 4


def test_a_heading_the_model_repeats_is_dropped(model_template):
    _, text = collect(FakeChat("**Action items:**\n- **Bea**: book the room (due: not stated) [00:05]"),
                      template=model_template)
    section = text.split("## Action items")[1].split("## Open questions")[0]
    assert "**Action items:**" not in section
    assert "- **Bea**: book the room" in section


def test_one_pass_when_the_transcript_fits():
    model = FakeChat("ok")
    events, _ = collect(model)
    plan = next(e for e in events if isinstance(e, MinutesPlanned))
    assert plan.chunks == 1 and "one pass" in plan.message
    assert len(model.requests) == 1  # the summary; the listed sections quote the transcript
    assert model.resets == 1  # a fresh context per document: reproducible at temperature 0


def test_long_transcript_is_map_reduced_with_every_line_seen():
    model = FakeChat("- [00:00] note", context=700)
    t = transcript(120)  # ~1,100 words: cannot fit 700 tokens
    events, text = collect(model, t)
    plan = next(e for e in events if isinstance(e, MinutesPlanned))
    assert plan.chunks > 1 and f"summarising {plan.chunks} chunks" in plan.message
    condense = [r for r in model.requests if "part" in r[1]["content"].split("\n")[0]]
    assert len(condense) == plan.chunks
    seen = " ".join(r[1]["content"] for r in condense)
    assert all(s.text in seen for s in t.segments)  # nothing silently dropped
    # prompt words (one token each here) + the reserved answer always fit the context
    reserved = 700 // 4
    assert all(sum(len(m["content"].split()) + 16 for m in r) + reserved <= 700
               for r in model.requests)
    assert all(h in text for h in SECTIONS)


def test_listed_sections_quote_the_transcript_with_times_and_never_call_the_model():
    t = Transcript([Segment(3.0, 6.0, "We decided to hire a designer."),
                    Segment(65.0, 70.0, "Priya, can you draft the contract by Tuesday?"),
                    Segment(71.0, 74.0, "Yes, I will draft it."),
                    Segment(80.0, 84.0, "Who pays for the venue?")], "en", 0.9, 90.0)
    model = FakeChat("A short meeting.")
    _, text = collect(model, t)
    assert "- We decided to hire a designer. [00:03]" in text
    assert "- **Priya**: draft the contract by Tuesday (due: by Tuesday) [01:05]" in text
    assert "- Who pays for the venue? [01:20]" in text
    assert "A short meeting." in text.split("## Decisions")[0]
    assert len(model.requests) == 1


def test_cancel_during_generation_stops_the_model_at_once():
    """Counted in words, not seconds: a timed bound failed a fresh clone's run on a busy
    machine (4.9 s against 1 s), the work before the first word being slow there."""
    model = FakeChat("word " * 500)
    cancel = CancelToken()
    streamed = []
    stream = model.stream_chat

    def cancelled_at_the_fifth_word(*args, **kwargs):
        for word in stream(*args, **kwargs):
            streamed.append(word)
            if len(streamed) == 5:
                cancel.cancel()
            yield word

    model.stream_chat = cancelled_at_the_fifth_word
    with pytest.raises(Cancelled):
        collect(model, cancel=cancel)
    assert len(streamed) == 5  # no word asked of the model after the cancel


def test_step_mode_offers_each_token_before_it_is_written_across_sections(model_template):
    control = StepControl()
    stream = write_minutes(transcript(3), FakeChat("one two"), model_template,
                           MinutesOptions(step=control, lens_top=3), CancelToken())
    offers, steps = [], []
    for event in stream:
        if isinstance(event, TokenOffer):
            assert len(offers) == len(steps)  # nothing is written before its click
            offers.append(event)
            control.next(event.top[1].id if event.i == 2 else None)
        elif isinstance(event, MinutesDelta) and event.step is not None:
            steps.append(event.step)
    assert [o.i for o in offers] == [s.i for s in steps] == list(range(8))  # 4 sections x 2
    assert steps[2].forced and steps[2].token == " alt0a" and not steps[3].forced


def test_the_fit_counts_prompt_transcript_and_output_against_the_context():
    template = load_template("general")
    plan = fit(transcript(5), lambda text: len(text.split()), 4096, template)
    assert plan.planned.chunks == 1 and plan.chunks and plan.planned.context_tokens == 4096
    assert plan.planned.transcript_tokens == sum(len(ln.split()) for ln in plan.chunks[0].splitlines())
    long = fit(transcript(2000), lambda text: len(text.split()), 4096, template)
    assert long.planned.chunks == len(long.chunks) > 1


def test_model_sentences_get_their_evidence_and_inventions_are_marked(model_template):
    said = Transcript([Segment(0.0, 4.0, "Brian will test the contact form by Friday."),
                       Segment(5.0, 9.0, "We decided to launch the website on Monday.")],
                      "en", 0.99, 10.0)
    reply = "Brian tests the contact form. Sarah bakes a cake for April 18th."
    events, text = collect(FakeChat(reply), t=said, template=model_template)
    # the Summary, half unsupported, is composed from the items instead (test_summary_guard.py)
    assert "Sarah" not in text.split("## Decisions")[0]
    assert "Brian tests the contact form. [00:00] Sarah bakes a cake for April 18th. ⚠ unverified (1)" in text
    tally = events[-1]
    assert (tally.items - tally.verified, len(tally.unverified)) == (3, 3)
    assert (f"_Evidence: {tally.items} items, {tally.verified} verified against the transcript;"
            " unverified items are marked ⚠ and explained below._") in text
    assert text.rstrip().endswith("- ⚠ (3) nothing said in the meeting supports it:"
                                  " “Sarah bakes a cake for April 18th.”")
    _, strict = collect(FakeChat(reply), t=said, template=model_template, strict=True)
    assert "Sarah" not in strict and strict.count("Brian tests the contact form. [00:00]") == 4
    assert "3 unverified dropped (strict mode)" in strict


@pytest.mark.parametrize("key", sorted(available_templates()))
def test_every_built_in_template_writes_all_its_sections_in_order(key):
    template = load_template(key)
    model = FakeChat("Brian tests the contact form.")
    said = Transcript([Segment(0.0, 4.0, "Brian will test the contact form by Friday."),
                       Segment(5.0, 9.0, "We decided to launch the website on Monday.")],
                      "en", 0.99, 10.0)
    _, text = collect(model, t=said, template=template)
    headings = [ln[3:] for ln in text.splitlines() if ln.startswith("## ")]
    assert headings == [s.title for s in template.sections]
    assert len(model.requests) == sum(s.source == "model" for s in template.sections)
    assert "_Evidence:" in text


def test_minutes_are_asked_for_in_the_spoken_language_or_the_chosen_one(model_template):
    german = Transcript([Segment(0.0, 4.0, "Brian testet das Kontaktformular bis Freitag.")],
                        "de", 0.99, 5.0)
    model = FakeChat("Gut.")
    collect(model, t=german, template=model_template)
    assert all(r[-1]["content"].endswith("Write in German.") for r in model.requests)
    model = FakeChat("Gut.")
    collect(model, t=german, template=model_template, language="fr")
    assert all(r[-1]["content"].endswith("Write in French.") for r in model.requests)
    model = FakeChat("Fine.")
    collect(model, template=model_template)  # English: the prompts as written
    assert not any("Write in" in r[-1]["content"] for r in model.requests)
