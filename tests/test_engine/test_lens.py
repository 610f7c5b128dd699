"""The Token Lens on the real embedded language model: what it records per token is the
distribution the token was chosen from, reproducibly, and forks change exactly one token."""

import math

import numpy as np
import pytest
from real_models import real_backends

from engine.cancel import CancelToken
from engine.minutes.lens import Sampling, choose, log_softmax, penalise

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
    plain = "".join(model.stream_chat(MESSAGES, max_tokens=40, temperature=0.0, seed=0,
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


def test_the_token_table_round_trips():
    model = real_backends()[3]
    text = "Carmen sends the coconut invoice: 12,50 € by Friday — ok?"
    table = model.tokens(text)
    assert "".join(piece for _, piece in table) == text
    assert model.detokenize([i for i, _ in table]) == text
    assert model.count_tokens(text) == len(table)


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
