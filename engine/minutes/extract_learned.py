"""Decisions and open questions the rules miss, spotted by classifiers learned from labelled
meetings.

Per kind a logistic regression on all-MiniLM-L6-v2 vectors (the library's embedder, on
onnxruntime) of a sentence and the one before and after it, with three flags (it asks; the
speaker changes before / after); blended with a few word-piece readers (extract_attention.py:
small networks that read the same model's states of each word piece, so they can weigh
"let's go with" above the rest of a sentence, and the sentences around it). It gives each
sentence the chance that the kind is said in it. Where the embedded language model loads, its
reading of the whole exchange (extract_lm_reading.py) is blended in (``lm_blend``: a share
per kind, or two, the second from ``LATE`` sentences into the meeting on), with each kind's
threshold chosen for the blend. A second reading (extract_second_reading.py)
reads each chance again with its neighbours' and whether a rule took the sentence;
extract_decisions.py and extract_questions.py add a sentence above the kind's threshold that
no rule took, that can be one (a decision: a plain statement, not asked, not a task, not
reported from before nor put off; an open question: a question, asked or said inside a
statement ("When he finishes is anyone's guess."), that is not a request, a turn-taking or
consent question) and that sits no nearer than ``GAP_S`` to an item of its
kind the rules found; and they leave out a rule's item whose sentence the blend reads under
the kind's ``lm_drop`` (``Reading.unlikely``).

The weights (assets/extraction/spotter.npz) are trained by `bench/extraction_learned.py
--save` on the labelled sets under bench/; each kind's threshold is the one of the best F1 of
rules plus classifier on the training sets the rules were never tuned on, each set's chances
from models trained without its fold (five folds of whole sets). Not actions: there
the classifier added nothing on meetings it had not seen (docs/benchmarks.md, "Extraction
against labels"); the language model's reading does, and reads actions alone (its
``lm_kinds``; extract_action_spotted.py adds and drops them).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from engine import paths
from engine.cancel import CancelToken
from engine.errors import ModelError
from engine.minutes import extract_second_reading as second
from engine.minutes.extract_attention import flagged, logits, sigmoid
from engine.minutes.extract_lm_reading import LmChances, LmReader
from engine.minutes.extract_types import Said
from engine.minutes.words import goodbye

log = logging.getLogger(__name__)
GAP_S = 10.0  # seconds: nothing is added this near an item of its kind the rules found
READER = "reader_"  # the word-piece readers' weights in the weights file: reader_<name>
SECOND = "second_"  # the second reading's (extract_second_reading.py): second_<name>
LM = "lm_"  # the language model's reading's (extract_lm_reading.py): lm_<name>
READ_AFTER = 3  # sentences into a meeting before the reading may drop a rule's item
# sentences into a meeting from which the language model's share is lm_blend's second row:
# its reading learned from meetings of some fifty sentences, each read with a few hundred word
# pieces of talk before it; with less it misreads ("I honestly don't know if the caretaker can
# stay late." 0.001 as an open question, four sentences in), and on the labelled meetings'
# open questions it reads no better alone than blended before sentence 20 and better after
# (docs/benchmarks.md, stop 54)
LATE = 20


def weights_path() -> Path:
    return paths.assets_dir() / "extraction" / "spotter.npz"


def features(said: Sequence[Said], vectors: np.ndarray) -> np.ndarray:
    """One row per sentence: its vector, the previous and the next one's (zeros at the
    ends), whether it asks, whether the previous / next one is another speaker's."""
    n = len(said)
    dim = vectors.shape[1] if vectors.ndim == 2 else 384
    zero = np.zeros((1, dim), dtype=np.float32)
    before = np.vstack([zero, vectors[:-1]]) if n else np.zeros((0, dim), np.float32)
    after = np.vstack([vectors[1:], zero]) if n else np.zeros((0, dim), np.float32)
    return np.hstack([vectors, before, after, flagged(said)]).astype(np.float32)


class Spotter:
    """Per sentence and kind, the chance that the kind is said in it; each kind's threshold
    from training. With word-piece readers (extract_attention.py, one output per kind), a
    kind's chance is ``blend`` of the readers' mean and the rest the regression's."""

    def __init__(self, embedder, kinds: Sequence[str], weights: np.ndarray, bias: np.ndarray,
                 thresholds: np.ndarray, readers: Sequence[Mapping[str, np.ndarray]] = (),
                 blend: Sequence[float] | None = None,
                 second_reading: Mapping[str, Mapping[str, np.ndarray]] | None = None,
                 lm: LmChances | None = None, lm_blend: np.ndarray | Sequence[float] | None = None,
                 lm_kinds: Sequence[str] | None = None,
                 drops: Sequence[float] | None = None) -> None:
        self.embedder = embedder
        self.own_kinds = tuple(kinds)
        self.lm = lm
        self.lm_kinds = tuple(lm_kinds or kinds) if lm is not None else ()
        self.kinds = self.own_kinds + tuple(k for k in self.lm_kinds if k not in self.own_kinds)
        own = len(self.own_kinds)
        self.weights = np.asarray(weights, dtype=np.float32).reshape(own, -1)
        self.bias = np.asarray(bias, dtype=np.float32).reshape(own)
        self.thresholds = np.asarray(thresholds, dtype=np.float32).reshape(len(self.kinds))
        self.drops = np.asarray(drops if drops is not None else [0.0] * len(self.kinds),
                                dtype=np.float32).reshape(len(self.kinds))
        self.readers = [{k: np.asarray(v, dtype=np.float32) for k, v in r.items()}
                        for r in readers]
        shares = blend if self.readers and blend is not None else [0.0] * own
        self.blend = np.asarray(shares, dtype=np.float32).reshape(own)
        self.second = {kind: {k: np.asarray(v, dtype=np.float64) for k, v in w.items()}
                       for kind, w in (second_reading or {}).items()}
        self.lm_blend = np.asarray(lm_blend if lm is not None and lm_blend is not None
                                   else [0.0] * own, dtype=np.float32).reshape(-1, own)

    @classmethod
    def load(cls, embedder, path: Path | None = None, reader: LmReader | None = None) -> Spotter:
        """From the weights file; the readers' arrays (``reader_<name>``) are stacked, one
        row per reader; the second reading's (``second_<name>``, one row per kind of
        ``second_kinds``), where the file has one. With ``reader`` and the file's ``lm_``
        arrays, learned from states as deep as the reader's (``lm_depth``), the language
        model's reading is blended in (``lm_blend``), and each kind's
        threshold and the second reading's are the ones chosen for the blend; the kinds
        only the language model reads (``lm_kinds``: actions) are its chances alone, with a
        threshold to add a sentence; and each kind has one (``lm_drop``) under which a rule's
        item falls."""
        with np.load(path or weights_path()) as saved:
            stacked = {k[len(READER):]: saved[k] for k in saved.files if k.startswith(READER)}
            count = len(next(iter(stacked.values()))) if stacked else 0
            readers = [{k: v[r] for k, v in stacked.items()} for r in range(count)]
            again = {k[len(SECOND):]: saved[k] for k in saved.files
                     if k.startswith(SECOND) and k != SECOND + "kinds"}
            kinds = [str(k) for k in saved[SECOND + "kinds"]] if again else []
            lm = {k[len(LM):]: saved[k] for k in saved.files if k.startswith(LM)}
            thresholds, lm_chances = saved["thresholds"], None
            if reader is not None and lm and int(lm["depth"]) != reader.depth:
                log.warning("Decisions and open questions without the language model's reading:"
                            " its weights are for the first %d blocks, the model reads %d",
                            int(lm["depth"]), reader.depth)
                reader = None
            if reader is not None and lm:
                thresholds = lm["thresholds"]
                again["add"] = lm["second_add"]
                lm_chances = LmChances(reader, lm["weights"], lm["bias"], lm["mean"],
                                       lm["scale"], lm.get("hidden"), lm.get("hidden_bias"))
            return cls(embedder, [str(k) for k in saved["kinds"]], saved["weights"],
                       saved["bias"], thresholds, readers,
                       saved["blend"] if readers else None,
                       {kind: {k: v[r] for k, v in again.items()} for r, kind in enumerate(kinds)},
                       lm_chances, lm.get("blend"),
                       [str(k) for k in lm["kinds"]] if "kinds" in lm else None,
                       lm.get("drop") if lm_chances is not None else None)

    def chances(self, said: Sequence[Said], names: Mapping[int, str] | None = None,
                cancel: CancelToken | None = None) -> np.ndarray:
        """(sentences, kinds) chances; ``names``: the speakers' names, for the language
        model's reading (``cancel`` is checked between its windows)."""
        if not said:
            return np.zeros((0, len(self.kinds)), dtype=np.float32)
        from engine.library.embedder import mean_vectors  # not at import: engine.library
        # imports the events, which import the minutes
        states = self.embedder.token_states([s.text for s in said])
        chances = sigmoid(features(said, mean_vectors(states)) @ self.weights.T + self.bias)
        if self.readers:
            flags = flagged(said)
            read = np.mean([sigmoid(logits(states, flags, r)) for r in self.readers], axis=0)
            chances = (1.0 - self.blend) * chances + self.blend * read
        if self.lm is None:
            return chances
        read = self.lm.chances(said, names or {}, cancel)
        # (sentences, own kinds): the first row before LATE sentences, the last from them on
        shares = self.lm_blend[np.where(np.arange(len(said)) < LATE, 0, -1)]
        out = np.zeros((len(said), len(self.kinds)), dtype=np.float32)
        for k, kind in enumerate(self.kinds):
            if kind not in self.own_kinds:
                out[:, k] = read[:, self.lm_kinds.index(kind)]
                continue
            own, share = chances[:, k], shares[:, k]
            lm = read[:, self.lm_kinds.index(kind)] if kind in self.lm_kinds else own
            out[:, k] = (1.0 - share) * own + share * lm
        return out

    def reading(self, said: Sequence[Said], names: Mapping[int, str] | None = None,
                cancel: CancelToken | None = None) -> Reading:
        return Reading(self, said, self.chances(said, names, cancel))


class Reading:
    """One meeting read by a spotter: per kind, the sentences likely to say it."""

    def __init__(self, spotter: Spotter, said: Sequence[Said], chances: np.ndarray) -> None:
        self.spotter, self.said, self.chances = spotter, said, chances
        self.signed_off = next((s.i for s in said if goodbye(s.text)), len(said))

    def likely(self, kind: str, ruled: set[int]) -> set[int]:
        """The sentences likely to say ``kind``, given ``ruled``, those a rule took for it:
        by the second reading's chances and threshold where the weights have one for the
        kind, else by the first reading's."""
        sp = self.spotter
        if kind not in sp.kinds:
            return set()
        k = sp.kinds.index(kind)
        w = sp.second.get(kind)
        if w is None:
            return {s.i for s in self.said if self.chances[s.i, k] >= sp.thresholds[k]}
        p = second.chances(second.features(self.said, self.chances[:, k], ruled),
                           w["mean"], w["scale"], w["weights"], float(w["bias"]))
        return {s.i for s in self.said if p[s.i] >= w["add"]}

    def unlikely(self, kind: str, sentences: Sequence[int]) -> bool:
        """Whether none of ``sentences`` (a rule's item of ``kind``) is likely enough to say
        it for the item to stand: each under the kind's drop threshold (none: never), read
        with ``READ_AFTER`` sentences of talk before it at least and before anyone said
        goodbye (the language model finds nothing likely at the very start of a meeting:
        0.01 for "Kit, go and check the gutters.", 0.60 two sentences in; nor after a
        goodbye: "So that's settled: the party is in the hall." after "Thank you all, see
        you next week." reads 0.007)."""
        sp = self.spotter
        k = sp.kinds.index(kind) if kind in sp.kinds else None
        if k is None or sp.drops[k] <= 0 or not sentences or min(sentences) < READ_AFTER \
                or max(sentences) >= self.signed_off:
            return False
        return bool(max(self.chances[i, k] for i in sentences) < sp.drops[k])


_shared: Spotter | None = None
_lock = threading.Lock()


def shared_spotter() -> Spotter | None:
    """One spotter for the process (the embedding model loads once, on the first minutes);
    None, with the reason logged, when the embedding model or the weights are missing or
    will not load: the minutes then have the rules' items alone, never none."""
    global _shared
    with _lock:
        if _shared is None:
            from engine.library.embedder import Embedder
            try:
                reader = LmReader.load()
            except ModelError as e:
                log.warning("Decisions and open questions without the language model's"
                            " reading: %s", e)
                reader = None
            try:
                spotter = Spotter.load(Embedder(threads=1), reader=reader)
                spotter.embedder.embed(["Loaded."])
            except (ModelError, OSError, KeyError, ValueError, RuntimeError) as e:
                log.warning("Decisions and open questions from the rules alone (the learned"
                            " classifier did not load): %s", e)
                return None
            _shared = spotter
        return _shared
