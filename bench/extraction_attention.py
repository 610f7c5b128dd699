"""Training of the word-piece reader the minutes use (engine/minutes/extract_attention.py),
with torch: a development tool, never a dependency of the app (`pip install torch`; the
numpy reader in the engine runs what this writes).

The same network as the engine's, with dropout while training: per sentence the mean of its
word-piece states and HEADS attention poolings -> HIDDEN (GELU); that with the neighbours'
and three flags -> HIDDEN (GELU); CONTEXT times, plus that with the neighbours' -> HIDDEN
(GELU) -> one logit per kind (decision, action, question: the
three are learned together). Weighted log-loss (positives x POSITIVE_WEIGHT), AdamW, one
meeting a step, EPOCHS passes. Settings chosen on the labelled sets, grouped five-fold by
set (docs/benchmarks.md, "2026-12-04 (night)"). bench/extraction_learned.py trains READERS of
them (seeds) and averages their chances; out of fold when it evaluates or picks thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.minutes.extract_attention import MEAN_SCALE, PIECES, flagged, logits
from engine.minutes.extract_learned import sigmoid

HEADS, HIDDEN, DROPOUT = 4, 128, 0.2
CONTEXT = 1  # context layers: each reads a sentence's reading with its neighbours' once more
EPOCHS, RATE, DECAY, POSITIVE_WEIGHT = 16, 2e-3, 0.01, 3.0
READERS = 5  # readers (seeds) per model: their mean is steadier than any one of them
FOLDS = 5  # out-of-fold chances: each set read by readers trained on the other folds


@dataclass
class Read:
    """One meeting as the reader sees it: word-piece states, flags, targets."""

    states: list[np.ndarray]  # per sentence (pieces, 384)
    flags: np.ndarray  # (sentences, 3)
    y: np.ndarray  # (sentences, kinds)


def _torch():
    try:
        import torch
    except ImportError as e:
        raise SystemExit("Training the word-piece reader needs torch (a development tool, not"
                         " part of the app): .venv/bin/pip install torch") from e
    return torch


def _network(torch, kinds: int):
    nn, F = torch.nn, torch.nn.functional

    class Reader(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.query = nn.Linear(384, HEADS)
            self.proj = nn.Linear(384 * (HEADS + 1), HIDDEN)
            self.mix = nn.Linear(3 * HIDDEN + 3, HIDDEN)
            self.context = nn.ModuleList(nn.Linear(3 * HIDDEN, HIDDEN) for _ in range(CONTEXT))
            self.out = nn.Linear(HIDDEN, kinds)
            self.drop = nn.Dropout(DROPOUT)

        def forward(self, states, mask, flags):
            m = mask[..., None].float()
            mean = F.normalize((states * m).sum(1) / m.sum(1).clamp(min=1), dim=-1)
            weights = self.query(states).masked_fill(~mask[..., None], -1e9).softmax(1)
            att = torch.einsum("blh,bld->bhd", weights, states).flatten(1)
            h = F.gelu(self.proj(self.drop(torch.cat([mean * MEAN_SCALE, att], 1))),
                       approximate="tanh")
            both = torch.cat([neighbours(h), flags], 1)
            g = F.gelu(self.mix(self.drop(both) if CONTEXT else both), approximate="tanh")
            for layer in self.context:
                g = g + F.gelu(layer(self.drop(neighbours(g))), approximate="tanh")
            return self.out(self.drop(g))

    def neighbours(h):
        zero = torch.zeros_like(h[:1])
        return torch.cat([h, torch.cat([zero, h[:-1]]), torch.cat([h[1:], zero])], 1)

    return Reader()


def _padded(torch, meeting: Read):
    longest = max(min(len(s), PIECES) for s in meeting.states)
    states = np.zeros((len(meeting.states), longest, 384), dtype=np.float32)
    mask = np.zeros((len(meeting.states), longest), dtype=bool)
    for i, s in enumerate(meeting.states):
        states[i, :min(len(s), PIECES)] = s[:PIECES]
        mask[i, :min(len(s), PIECES)] = True
    return (torch.from_numpy(states), torch.from_numpy(mask),
            torch.from_numpy(meeting.flags.astype(np.float32)))


def train(meetings: list[Read], seed: int = 0) -> dict[str, np.ndarray]:
    """The reader's weights (the engine's names) learned from ``meetings``."""
    torch = _torch()
    torch.manual_seed(seed)
    order = np.random.default_rng(seed)
    meetings = [m for m in meetings if len(m.states)]
    inputs = [_padded(torch, m) for m in meetings]
    targets = [torch.from_numpy(m.y.astype(np.float32)) for m in meetings]
    net = _network(torch, meetings[0].y.shape[1])
    opt = torch.optim.AdamW(net.parameters(), lr=RATE, weight_decay=DECAY)
    positive = torch.full((meetings[0].y.shape[1],), POSITIVE_WEIGHT)
    net.train()
    for _ in range(EPOCHS):
        for k in order.permutation(len(meetings)):
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                net(*inputs[k]), targets[k], pos_weight=positive)
            opt.zero_grad()
            loss.backward()
            opt.step()
    return {_engine_name(name): p.detach().numpy().astype(np.float32)
            for name, p in net.named_parameters()}


def _engine_name(name: str) -> str:
    """torch's parameter name -> the engine's: "mix.weight" -> "mix", "context.0.bias" ->
    "context0_bias"."""
    return name.replace("context.", "context").replace(".weight", "").replace(".bias", "_bias")


def reader(examples) -> list[dict[str, np.ndarray]]:
    """READERS readers trained on ``examples`` (bench/extraction_learned.py's: sentences
    ``said``, word-piece ``states``, targets ``y``), one per seed."""
    meetings = [Read(e.states, flagged(e.said), e.y) for e in examples]
    return [train(meetings, seed) for seed in range(READERS)]


def read(e, readers: list[dict[str, np.ndarray]]) -> np.ndarray:
    """(sentences, kinds) the readers' mean chances for example ``e``."""
    return np.mean([sigmoid(logits(e.states, flagged(e.said), r)) for r in readers], axis=0)


def folds(sets: dict[str, list]) -> list[list[str]]:
    """FOLDS folds of whole sets, by name."""
    names = sorted(sets)
    return [[n for i, n in enumerate(names) if i % FOLDS == k] for k in range(FOLDS)]


def read_out_of_fold(sets: dict[str, list]) -> None:
    """Fill each example's ``read`` from readers trained without its set (FOLDS folds of
    whole sets: readers per left-out set would take too long)."""
    for k, out in enumerate(folds(sets)):
        readers = reader([e for n in sorted(sets) if n not in out for e in sets[n]])
        for e in (e for n in out for e in sets[n]):
            e.read = read(e, readers)
        print(f"readers, fold {k + 1} of {FOLDS}: read {', '.join(out)}", flush=True)
