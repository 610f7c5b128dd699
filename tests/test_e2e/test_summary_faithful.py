"""The real embedded model's Summary of the sample meeting, at the coolest and the hottest
temperature the app offers (0 and the sampling bar's 2.0): what reaches the user is mostly
verified and never cut off, whatever the 135M model drafts (issue 16)."""

import re

import pytest
from locations import SAMPLE
from real_models import real_backends

from engine import CancelToken, Pipeline
from engine.events import MinutesDelta, TranscriptSaved
from engine.minutes.grounding import Tally
from engine.minutes.lens import Sampling
from engine.minutes.prompts import load_template
from engine.minutes.writer import MinutesOptions, write_minutes

pytestmark = pytest.mark.e2e
SENTENCE = re.compile(r"\S.*?[.!?][\"')*_”]*(?:\s*\[[^\]\n]*\])*(?:\s*⚠ unverified \(\d+\))?(?=\s|$)")


@pytest.fixture(scope="module")
def transcript(tmp_path_factory):
    config, plan, transcriber, chat = real_backends()
    pipeline = Pipeline(config=config, device=plan, transcriber=transcriber, chat_model=chat,
                        sessions_root=tmp_path_factory.mktemp("sessions"))
    saved = [e.transcript for e in pipeline.process_file(SAMPLE, cancel=CancelToken(),
                                                         minutes=False)
             if isinstance(e, TranscriptSaved)]
    return saved[-1]


@pytest.mark.parametrize("temperature", [0.0, 2.0])
def test_the_summary_is_at_least_90_percent_verified_and_never_cut_off(transcript, temperature):
    chat = real_backends()[3]
    events = list(write_minutes(transcript, chat, load_template("general"),
                                MinutesOptions(sampling=Sampling(temperature=temperature, seed=0)),
                                CancelToken()))
    minutes = "".join(e.text for e in events if isinstance(e, MinutesDelta))
    summary = minutes.split("## Summary\n\n", 1)[1].split("\n## ", 1)[0]
    print(summary)
    tally = next(e for e in events if isinstance(e, Tally))
    print(tally.replaced)
    lines = [ln for ln in summary.splitlines() if ln.strip() and not ln.startswith("_")]
    sentences = [s for ln in lines for s in SENTENCE.findall(ln)]
    assert sentences
    for ln in lines:  # nothing after the last whole sentence of a line: no sentence cut off
        assert not SENTENCE.sub("", ln).strip(), ln
    marked = sum("⚠" in s for s in sentences)
    assert len(sentences) - marked >= 0.9 * len(sentences), summary
    if tally.replaced:  # composed: said so, from the verified items, after the model's
        # first sentences where those were verified and shown live (which ones the 135M model
        # drafts at temperature 0 differs by CPU: llama.cpp's kernels differ by instruction set)
        assert summary.startswith("_Summary composed from the items below: ") or (
            "\n\n_The rest is composed from the items below: " in summary), summary
