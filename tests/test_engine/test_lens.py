"""The Token Lens on the real embedded language model: what it records per token is the
distribution the token was chosen from, reproducibly, and forks change exactly one token."""

import math
import threading

import numpy as np
import pytest
from real_models import real_backends

from engine.cancel import CancelToken
from engine.errors import Cancelled, MinutiaError
from engine.events import TokenOffer
from engine.minutes.forms import GRAMMARS
from engine.minutes.lens import Sampling, StepControl, TokenStep, choose, log_softmax, penalise
from engine.minutes.local_llama import LocalLlama
from engine.minutes.vocabulary import Vocabulary

pytestmark = pytest.mark.e2e
MESSAGES = [{"role": "system", "content": "You summarise meetings accurately and briefly."},
            {"role": "user", "content": "Alice: We ship the website on Friday.\n"
                                        "Peter: I will test the contact form by Thursday.\n\n"
                                        "Summarise this meeting in two sentences."}]


def steps(sampling, top=5, force=None, max_tokens=40):
    model = real_backends()[3]
    return list(model.stream_tokens(MESSAGES, max_tokens=max_tokens, sampling=sampling,
                                    stop=["\n#"], cancel=CancelToken(), top=top, force=force))


def test_at_temperature_zero_each_token_is_the_most_likely_and_top_is_a_distribution():
    got = steps(Sampling(temperature=0.0), top=8)
    assert len(got) > 5
    for step in got:
        assert step.id == step.top[0].id and step.logprob == pytest.approx(step.top[0].logprob)
        probs = [a.probability for a in step.top]
        assert probs == sorted(probs, reverse=True) and len(probs) == 8
        assert all(0.0 <= p <= 1.0 for p in probs) and sum(probs) <= 1.0 + 1e-9
        assert step.entropy >= 0.0


def test_the_lens_writes_what_the_normal_path_writes_at_temperature_zero():
    model = real_backends()[3]
    plain = "".join(model.stream_chat(MESSAGES, max_tokens=40, sampling=Sampling(temperature=0.0),
                                      stop=["\n#"], cancel=CancelToken()))
    lensed = "".join(s.token for s in steps(Sampling(temperature=0.0), top=1))
    assert lensed == plain


def test_same_seed_same_tokens_and_a_fork_changes_exactly_the_forked_token():
    sampling = Sampling(temperature=0.9, seed=7)
    first, again = steps(sampling), steps(sampling)
    assert [s.id for s in first] == [s.id for s in again]
    assert [s.id for s in steps(Sampling(temperature=0.9, seed=8))] != [s.id for s in first]
    at = 4
    alternative = next(a for a in first[at].top if a.id != first[at].id)
    fork = steps(sampling, force={at: alternative.id})
    assert [s.id for s in fork[:at]] == [s.id for s in first[:at]]
    assert fork[at].id == alternative.id and fork[at].forced and not fork[at - 1].forced
    assert fork[at].logprob == pytest.approx(alternative.logprob)


def test_step_mode_offers_the_distribution_and_waits_for_each_click():
    model = real_backends()[3]
    plain = steps(Sampling(temperature=0.0), max_tokens=6)
    control = StepControl()
    stream = model.stream_tokens(MESSAGES, max_tokens=6, sampling=Sampling(temperature=0.0),
                                 stop=["\n#"], cancel=CancelToken(), top=5, control=control)
    offer = next(stream)  # the prompt is read; the first choice waits for a click
    assert isinstance(offer, TokenOffer) and offer.i == 0 and offer.top[0].id == plain[0].id
    control.next()  # sample (at temperature 0: the most likely)
    step = next(stream)
    assert isinstance(step, TokenStep) and step.id == plain[0].id and not step.forced
    offer = next(stream)
    assert isinstance(offer, TokenOffer) and offer.i == 1
    pick = offer.top[2]
    control.next(pick.id)  # the user picks the third most likely
    step = next(stream)
    assert step.id == pick.id and step.forced and step.logprob == pytest.approx(pick.logprob)
    assert isinstance(next(stream), TokenOffer)
    control.run_to_end()  # this choice and the rest without clicks
    rest = list(stream)
    assert rest and all(isinstance(s, TokenStep) for s in rest)


def test_a_step_mode_wait_ends_at_cancel():
    model = real_backends()[3]
    cancel = CancelToken()
    stream = model.stream_tokens(MESSAGES, max_tokens=6, sampling=Sampling(temperature=0.0),
                                 stop=[], cancel=cancel, control=StepControl())
    assert isinstance(next(stream), TokenOffer)
    threading.Timer(0.2, cancel.cancel).start()
    with pytest.raises(Cancelled):
        next(stream)
    stream.close()


def test_the_token_table_round_trips_and_counts_like_the_model():
    model = real_backends()[3]
    vocabulary = Vocabulary(model.model)
    text = "Carmen sends the coconut invoice: 12,50 € by Friday — ok?"
    table = vocabulary.tokens(text)
    assert "".join(piece for _, piece in table) == text
    assert vocabulary.detokenize([i for i, _ in table]) == text
    assert vocabulary.count_tokens(text) == len(table) == model.count_tokens(text)
    assert vocabulary.trained_context == 8192  # SmolLM2's, from the GGUF metadata


def test_a_context_larger_than_the_model_learned_is_capped(tmp_path):
    model = LocalLlama(real_backends()[3].model, context=16384)
    try:
        assert model.context_tokens == 8192
    finally:
        model.close()


def test_sampling_rules():
    logits = np.array([2.0, 1.0, 0.5, -1.0, -3.0])
    lp = log_softmax(logits)
    assert math.fsum(np.exp(lp)) == pytest.approx(1.0)
    rng = np.random.default_rng(0)
    assert choose(lp, Sampling(temperature=0.0), rng) == 0
    assert {choose(lp, Sampling(temperature=1.0, top_k=2, min_p=0.0), rng) for _ in range(200)} == {0, 1}
    assert {choose(lp, Sampling(temperature=5.0, top_k=0, top_p=1.0, min_p=0.0), rng)
            for _ in range(500)} == {0, 1, 2, 3, 4}
    assert penalise(logits, [0, 3], 2.0).tolist() == [1.0, 1.0, 0.5, -2.0, -3.0]


HEADING_BAIT = [{"role": "user", "content": "Reply with exactly this Markdown:\n# Plan\n- apples"}]


def test_a_list_grammar_holds_the_model_to_list_items_in_both_paths():
    model = real_backends()[3]
    greedy = Sampling(temperature=0.0)
    plain = "".join(model.stream_chat(HEADING_BAIT, max_tokens=60, sampling=greedy, stop=[],
                                      cancel=CancelToken(), grammar=GRAMMARS["list"]))
    lines = [ln for ln in plain.splitlines() if ln]
    assert lines and all(ln.startswith("- ") for ln in lines), plain
    lensed = list(model.stream_tokens(HEADING_BAIT, max_tokens=60, sampling=greedy, stop=[],
                                      cancel=CancelToken(), top=5, grammar=GRAMMARS["list"]))
    assert "".join(s.token for s in lensed) == plain  # the Lens sees what the grammar allowed
    for step in lensed:
        assert step.id == step.top[0].id and sum(a.probability for a in step.top) <= 1 + 1e-9


def test_the_text_grammar_keeps_headings_out_and_a_forbidden_fork_is_refused():
    model = real_backends()[3]
    greedy = Sampling(temperature=0.0)
    free = "".join(model.stream_chat(HEADING_BAIT, max_tokens=40, sampling=greedy, stop=[],
                                     cancel=CancelToken()))
    assert free.lstrip().startswith("#")  # the bait works without the grammar ...
    held = "".join(model.stream_chat(HEADING_BAIT, max_tokens=40, sampling=greedy, stop=[],
                                     cancel=CancelToken(), grammar=GRAMMARS["text"]))
    assert not any(ln.startswith("#") for ln in held.splitlines()), held  # ... not with it
    hash_id = Vocabulary(model.model).tokens("#")[0][0]
    with pytest.raises(MinutiaError, match="cannot go at position 0"):
        list(model.stream_tokens(HEADING_BAIT, max_tokens=5, sampling=greedy, stop=[],
                                 cancel=CancelToken(), force={0: hash_id}, grammar=GRAMMARS["text"]))
