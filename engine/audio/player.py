"""Play a session's audio through sounddevice (PortAudio): from any position, with pause,
seek, speed and the position being heard.

Threads: the caller's (play, pause, seek, set_speed, position), one feeder thread that reads
and time-stretches the audio into a short queue of blocks, and PortAudio's callback, which
only copies the next block out (as the recorder's callback only copies in). A seek or a speed
change drops what is queued (a generation number tells old blocks from new) and refills from
the new position, without reopening the device.

Speed 0.75-2x keeps the pitch: FFmpeg's ``atempo`` filter (through PyAV, already used to
decode) stretches time by overlap-add of similar waveform pieces; at 1x the samples are played
untouched.

A device that vanishes mid-play (unplugged, its sound server gone) stops the stream: the
player's state becomes FAILED and ``error`` says why, at which position.
"""

from __future__ import annotations

import enum
import logging
import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from av.filter import Graph

from engine.audio.devices import OutputDevice, list_output_devices, load_sounddevice
from engine.audio.playback_source import PlaybackSource, open_source
from engine.errors import DeviceError, InputError
from engine.transcript_io import mmss

log = logging.getLogger("minutia.player")
MIN_SPEED, MAX_SPEED = 0.75, 2.0
BLOCK_S = 0.02  # one callback's audio
# Blocks queued ahead of the device: 0.5 s, so that a busy machine (the feeder is a Python
# thread) does not leave the device without audio; a seek or pause drops them at once.
AHEAD = 25
PREFILL = 10  # of them queued at once on play or seek (0.2 s)
STALL_S = 3.0  # no callback for this long while playing: the device is gone (a busy machine
# can hold a callback back for a second; a vanished device usually ends the stream at once)
# The device's buffer: 20 ms ("low") underruns on a busy 2-core machine (the null-sink tests
# saw ALSA "underrun occurred" and skipped audio); 100 ms still starts well within 300 ms.
LATENCY_S = 0.1


class PlayerState(enum.StrEnum):
    IDLE = "idle"  # nothing opened, or stopped
    PLAYING = "playing"
    PAUSED = "paused"
    ENDED = "ended"  # played to the end
    FAILED = "failed"  # the device stopped; ``Player.error`` says why


@dataclass(frozen=True)
class _Block:
    generation: int
    position: int  # the source frame its first sample was taken from
    speed: float
    samples: np.ndarray | None  # None: the end


class _Stretcher:
    """Time stretch with the pitch kept: FFmpeg's atempo, fed block by block."""

    def __init__(self, rate: int, speed: float) -> None:
        self.rate = rate
        self.graph = Graph()
        src = self.graph.add_abuffer(format="flt", sample_rate=rate, layout="mono")
        tempo = self.graph.add("atempo", f"{speed}")
        sink = self.graph.add("abuffersink")
        src.link_to(tempo)
        tempo.link_to(sink)
        self.graph.configure()

    def push(self, samples: np.ndarray | None) -> np.ndarray:
        """Stretched audio for ``samples`` (None: the end; what the filter still holds)."""
        if samples is None:
            self.graph.push(None)
        else:
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples[None, :]),
                                               format="flt", layout="mono")
            frame.sample_rate = self.rate
            self.graph.push(frame)
        out = []
        while True:
            try:
                out.append(self.graph.pull().to_ndarray().reshape(-1))
            except (av.BlockingIOError, av.EOFError):
                break
        return np.concatenate(out) if out else np.zeros(0, np.float32)


class Player:
    """Plays one audio file at a time.

    Args:
        device: output device (a PortAudio index or name; None: the system's default).
        sd: the sounddevice module (tests may pass another; default: imported when needed).
    """

    def __init__(self, *, device: int | str | None = None, sd=None) -> None:
        self.device = device
        self._sd = sd
        self.source = None
        self.state = PlayerState.IDLE
        self.error = ""
        self.speed = 1.0
        self._lock = threading.RLock()
        self._queue: queue.Queue[_Block] = queue.Queue(maxsize=AHEAD)
        self._stream = None
        self._feeder: threading.Thread | None = None
        self._generation = 0
        self._from = 0  # the frame the current run of blocks starts at
        self._read = 0  # the next source frame to read
        self._made = 0  # output frames made since _from (source frames = made * speed)
        self._pending = np.zeros(0, np.float32)
        self._stretcher: _Stretcher | None = None
        self._heard: tuple[int, int, float, float] | None = None  # gen, frame, speed, when
        self._last_callback = 0.0
        self._latency = 0.0
        self._end_queued = False  # the end's block is queued: nothing more to read
        self._stream_done = False  # PortAudio said the stream finished (its thread)
        self._closing = False  # we are closing the stream: its end is no news
        self.underflows = 0  # callbacks that found no audio queued, or PortAudio said so

    # ---- the caller's side -------------------------------------------------------------------
    def open(self, path: Path) -> float:
        """Get ready to play ``path`` (a WAV is read as it plays; any other file PyAV reads is
        decoded now). Returns its duration in seconds.

        Raises:
            InputError: missing, empty or not audio.
        """
        return self.use_source(open_source(path))

    def use_source(self, source: PlaybackSource) -> float:
        """Play ``source`` from now on (opened by ``open_source``, maybe on another thread:
        decoding a long non-WAV file takes seconds). Returns its duration in seconds."""
        self.stop()
        if self.source is not None:
            self.source.close()
        self.source = source
        self._from = self._read = 0
        self.state, self.error = PlayerState.IDLE, ""
        return self.duration

    @property
    def duration(self) -> float:
        return self.source.frames() / self.source.rate if self.source else 0.0

    @property
    def rate(self) -> int:
        return self.source.rate if self.source else 16_000

    def play(self, at: float | None = None) -> None:
        """Play from ``at`` seconds (None: from where it is; from the start after the end).

        Raises:
            InputError: nothing opened.
            DeviceError: the output device cannot be opened.
        """
        if self.source is None:
            raise InputError("Nothing to play: open a file first")
        with self._lock:
            start = self.position if at is None else at
            if at is None and self.state == PlayerState.ENDED:
                start = 0.0
            self._restart(start)
            if self._stream is not None and (self._stream_done or not self._stream.active):
                self._close_stream()  # it played to the end: a new one
            if self._stream is None:
                self._open_stream()
            self.state, self.error = PlayerState.PLAYING, ""
        self._ensure_feeder()

    def pause(self) -> None:
        """Stop where it is; ``play()`` goes on from there."""
        with self._lock:
            if self.state != PlayerState.PLAYING:
                return
            here = self.position
            self.state = PlayerState.PAUSED
            self._close_stream()
            self._restart(here)

    def stop(self) -> None:
        """Stop and go back to the start (the file stays open)."""
        with self._lock:
            if self.state in (PlayerState.PLAYING, PlayerState.PAUSED):
                self.state = PlayerState.IDLE
            self._close_stream()
            self._restart(0.0)

    def close(self) -> None:
        self.stop()
        if self.source is not None:
            self.source.close()
            self.source = None

    def seek(self, seconds: float) -> None:
        """Go to ``seconds`` (clamped to the audio); playing goes on from there."""
        with self._lock:
            self._restart(seconds)
            if self.state == PlayerState.ENDED:
                self.state = PlayerState.PAUSED

    def output_devices(self) -> list[OutputDevice]:
        """The devices it can play through (raises DeviceError when PortAudio cannot say)."""
        return list_output_devices(self._sd)

    def set_device(self, device: int | str | None) -> None:
        """Play through ``device`` from now on (None: the system's default); playing goes on
        there from where it is.

        Raises:
            DeviceError: the device cannot be opened (playing has stopped then).
        """
        with self._lock:
            playing = self.state == PlayerState.PLAYING
            if playing:
                self.pause()
            self.device = device
            if playing:
                self.play()

    def set_speed(self, speed: float) -> None:
        """Play at ``speed`` (0.75 to 2), the pitch kept.

        Raises:
            InputError: outside 0.75-2.
        """
        if not MIN_SPEED <= speed <= MAX_SPEED:
            raise InputError(f"Speed {speed:g} is outside {MIN_SPEED:g}-{MAX_SPEED:g}")
        with self._lock:
            here = self.position
            self.speed = float(speed)
            self._restart(here)

    @property
    def position(self) -> float:
        """The second of the audio being heard now."""
        with self._lock:
            start = self._from / self.rate
            heard = self._heard
            if self.state != PlayerState.PLAYING or heard is None \
                    or heard[0] != self._generation:
                return start
            _, frame, speed, when = heard
            now = frame / self.rate + (time.monotonic() - when) * speed
            return max(start, min(now, frame / self.rate + BLOCK_S * speed))

    # ---- blocks (caller and feeder threads, under the lock) -----------------------------------
    def _restart(self, seconds: float) -> None:
        """Drop what is queued; the next blocks start at ``seconds``."""
        frames = self.source.frames() if self.source else 0
        self._generation += 1
        self._from = self._read = int(min(max(0.0, seconds) * self.rate, frames))
        self._made = 0
        self._pending = np.zeros(0, np.float32)
        self._stretcher = None if self.speed == 1.0 else _Stretcher(self.rate, self.speed)
        self._heard = None
        self._end_queued = False
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        # Queued before the stream starts: PortAudio asks for its whole buffer (0.1 s) at once
        # then, faster than the feeder thread may get to run on a busy machine.
        for _ in range(PREFILL if self.source is not None else 0):
            self._queue.put_nowait(self._next_block())
            if self._end_queued:
                break

    def _next_block(self) -> _Block:
        size = int(self.rate * BLOCK_S)
        if self._stretcher is None:
            samples = self.source.read(self._read, size)
            if not len(samples) and getattr(self.source, "growing", bool)():
                # caught up with a recording being written: silence until more is on disk
                return _Block(self._generation, self._read, 1.0, np.zeros(size, np.float32))
            block = _Block(self._generation, self._read, 1.0, samples if len(samples) else None)
            self._read += len(samples)
            self._end_queued = block.samples is None
            return block
        while len(self._pending) < size and self._stretcher is not None:
            chunk = self.source.read(self._read, int(size * self.speed) + 1)
            self._read += len(chunk)
            more = self._stretcher.push(chunk if len(chunk) else None)
            if not len(chunk):
                self._stretcher = None  # flushed: the end
            self._pending = np.concatenate([self._pending, more])
        samples, self._pending = self._pending[:size], self._pending[size:]
        at = self._from + int(self._made * self.speed)
        self._made += len(samples)
        self._end_queued = not len(samples)
        return _Block(self._generation, at, self.speed, samples if len(samples) else None)

    def _ensure_feeder(self) -> None:
        if self._feeder is None or not self._feeder.is_alive():
            self._feeder = threading.Thread(target=self._feed, name="minutia-player",
                                            daemon=True)
            self._feeder.start()

    def _feed(self) -> None:
        """The feeder thread: keep AHEAD blocks queued while playing; watch the device."""
        while self.state == PlayerState.PLAYING:
            if self._stream_done:
                self._stream_ended()
                break
            if self._queue.full() or self._end_queued:
                time.sleep(BLOCK_S / 2)
                if time.monotonic() - self._last_callback > STALL_S:
                    self._device_failed("it stopped asking for audio")
                continue
            with self._lock:
                if self.state == PlayerState.PLAYING and not self._end_queued:
                    self._queue.put_nowait(self._next_block())

    def _stream_ended(self) -> None:
        """The stream finished by itself: at the end of the audio, or the device went."""
        with self._lock:
            if self.state != PlayerState.PLAYING:
                return
            if self._end_queued and self._queue.empty():
                self.state = PlayerState.ENDED
                self._from = self._read = self.source.frames()
            else:
                self._device_failed("its stream stopped")

    # ---- the device ----------------------------------------------------------------------
    def _open_stream(self) -> None:
        sd = self._sd or load_sounddevice()
        self._sd = sd
        try:
            self._stream = sd.OutputStream(
                samplerate=self.rate, channels=1, dtype="float32", device=self.device,
                blocksize=int(self.rate * BLOCK_S), latency=LATENCY_S, callback=self._callback,
                finished_callback=self._finished)
            self._latency = float(self._stream.latency)
            self._last_callback = time.monotonic()
            self._stream_done = False
            self._stream.start()
        except (sd.PortAudioError, ValueError) as e:
            self._stream = None
            raise DeviceError(f"Cannot play through {self.device or 'the default output'}:"
                              f" {e}") from e

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        self._closing = True
        try:
            stream.abort()
            stream.close()
        except self._sd.PortAudioError as e:  # already gone: nothing to release
            log.info("closing the output stream: %s", e)
        finally:
            self._closing = False
            self._stream_done = False

    def _callback(self, outdata, frames, time_info, status) -> None:
        """PortAudio's thread: copy the next block out, nothing else."""
        self._last_callback = now = time.monotonic()
        if status:
            self.underflows += 1
        while True:
            try:
                block = self._queue.get_nowait()
            except queue.Empty:  # underflow: silence, and try again next time
                self.underflows += 1
                outdata.fill(0)
                return
            if block.generation == self._generation:
                break
        if block.samples is None:
            outdata.fill(0)
            raise self._sd.CallbackStop
        n = min(len(block.samples), frames)
        outdata[:n, 0] = block.samples[:n]
        outdata[n:] = 0
        self._heard = (block.generation, block.position, block.speed, now + self._latency)

    def _finished(self) -> None:
        """PortAudio's thread: the stream ended. No lock here (the caller may hold it while
        it waits in abort() for this thread): the feeder thread looks at the flag."""
        if not self._closing:
            self._stream_done = True

    def _device_failed(self, why: str) -> None:
        with self._lock:
            if self.state != PlayerState.PLAYING:
                return
            here = self.position
            self.state = PlayerState.FAILED
            self.error = (f"Playback stopped at {mmss(here)}: the output device went away"
                          f" ({why}; unplugged, or its sound server stopped).")
            log.warning(self.error)
            stream, self._stream = self._stream, None
            self._restart(here)
        if stream is not None:  # closing a dead device may block: not on this thread
            threading.Thread(target=_close_quietly, args=(stream,), daemon=True).start()


def _close_quietly(stream) -> None:
    try:
        stream.abort()
        stream.close()
    except Exception as e:  # noqa: BLE001 - the device is gone; nothing else to do
        log.info("closing a vanished output stream: %s", e)
