"""Decoding real containers with PyAV, and every kind of bad input file."""

import numpy as np
import pytest
from audio_files import encode, read_wav, write_wav
from locations import SAMPLE

from engine.audio.decode import decode_audio
from engine.errors import InputError
from engine.events import Notice


def run(gen):
    events = []
    try:
        while True:
            events.append(next(gen))
    except StopIteration as stop:
        return stop.value, events


@pytest.fixture(scope="module")
def speech():
    samples, rate = read_wav(SAMPLE)
    assert rate == 16000
    return samples[: 16000 * 8]  # 8 s is enough to check formats


@pytest.mark.parametrize("name,codec,video", [
    ("talk.mp3", "libmp3lame", False), ("talk.m4a", "aac", False), ("talk.ogg", "libopus", False),
    ("talk.flac", "flac", False), ("talk.webm", "libopus", False), ("talk.mkv", "aac", True),
    ("talk.mp4", "aac", True),
])
def test_containers_decode_to_16k_mono_float32(tmp_path, speech, name, codec, video):
    path = encode(tmp_path / name, speech, codec=codec, rate=44100 if codec != "libopus" else 48000,
                  stereo=True, video=video)
    audio, events = run(decode_audio(path))
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert abs(len(audio) / 16000 - 8.0) < 0.15
    # same speech envelope as the source: correlation of 50 ms energy frames
    frames = lambda x: np.sqrt(np.mean(x[: 16000 * 7].reshape(-1, 800) ** 2, axis=1))  # noqa: E731
    shift = np.argmax([np.corrcoef(frames(speech), frames(np.roll(audio, -k)))[0, 1]
                       for k in range(0, 3200, 160)])
    assert np.corrcoef(frames(speech), frames(np.roll(audio, -shift * 160)))[0, 1] > 0.9
    assert events[-1].fraction == 1.0


def test_stereo_wav_at_another_rate_is_downmixed_and_resampled(tmp_path, speech):
    n = len(speech) * 22050 // 16000
    at22k = np.interp(np.linspace(0, len(speech) - 1, n), np.arange(len(speech)), speech)
    audio, _ = run(decode_audio(write_wav(tmp_path / "s.wav", np.stack([at22k, at22k], 1), 22050)))
    assert abs(len(audio) - len(speech)) < 20
    m = min(len(audio), len(speech))
    assert np.corrcoef(audio[:m], speech[:m])[0, 1] > 0.98


def test_odd_file_names_are_fine(tmp_path, speech):
    path = write_wav(tmp_path / "Réunion d’équipe – 東京 #1 (final).wav", speech)
    audio, _ = run(decode_audio(path))
    assert len(audio) == len(speech)


def write(path, data):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("make,message", [
    (lambda d: d / "missing.wav", "No such file"),
    (lambda d: d, "is a folder"),
    (lambda d: write(d / "empty.wav", b""), "empty"),
    (lambda d: write(d / "notes.mp3", b"not audio\n" * 50), "not an audio or video file"),
    (lambda d: write(d / "cut.wav", SAMPLE.read_bytes()[:30]), "not an audio or video file"),
])
def test_bad_files_give_one_clear_error(tmp_path, make, message):
    with pytest.raises(InputError, match=message):
        run(decode_audio(make(tmp_path)))


def test_a_wav_truncated_mid_data_is_decoded_with_a_notice(tmp_path):
    data = SAMPLE.read_bytes()
    path = tmp_path / "half.wav"
    path.write_bytes(data[: len(data) // 2])
    audio, events = run(decode_audio(path))
    assert abs(len(audio) - (len(data) // 2 - 44) / 2) < 16  # every sample that is there
    notices = [e for e in events if isinstance(e, Notice)]
    full = f"{(len(data) - 44) / 32000:.1f} s"
    assert len(notices) == 1 and "truncated" in notices[0].message and full in notices[0].message


def test_decoding_never_runs_the_garbage_collector(tmp_path, speech):
    """The app collects reference cycles on its GUI thread only (desktop/gc_guard.py); a
    gc.collect() here, on the job's thread, destroyed its Qt objects there (SIGSEGV)."""
    import gc
    collections = []

    def seen(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    path = encode(tmp_path / "talk.m4a", speech, codec="aac")
    gc.callbacks.append(seen)
    was_enabled = gc.isenabled()
    gc.disable()  # as under the app's collector: only an explicit collect() could run now
    try:
        audio, _ = run(decode_audio(path))
    finally:
        gc.callbacks.remove(seen)
        if was_enabled:
            gc.enable()
    assert len(audio) > 16000 * 7 and collections == []
