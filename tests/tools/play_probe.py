"""Play a file with engine.audio.player.Player into the virtual sink while capturing the sink's
monitor ("vmic") in the same process, on one clock (time.monotonic in both callbacks).

Run under the environment of tests/tools/vmic-start.sh (sounddevice reads it at import):

    python tests/tools/play_probe.py FILE OUT.npz --at SECONDS [--speed X] [--seek S]
        [--listen SECONDS] [--kill-pid PID --kill-after SECONDS]

OUT.npz: ``captured`` (16 kHz mono float32), ``block_end`` (monotonic time each captured
block arrived), ``block_frames``, ``called`` (monotonic time of play()), ``latency_in``
(the capture stream's latency), ``positions`` ((monotonic time, Player.position) pairs),
``states`` and ``error`` (the player's last state and message).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import sounddevice as sd  # noqa: E402 - after the path; its env comes from the caller

from engine.audio.player import Player  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("file", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--at", type=float, default=0.0)
    p.add_argument("--speed", type=float, default=1.0)
    p.add_argument("--listen", type=float, default=3.0)
    p.add_argument("--device", default="pulse")
    p.add_argument("--kill-pid", type=int)
    p.add_argument("--kill-after", type=float, default=1.0)
    a = p.parse_args()
    blocks, ends = [], []

    overflows = []

    def captured(indata, frames, time_info, status):
        if status:
            overflows.append(len(blocks))
        ends.append(time.monotonic())
        blocks.append(indata[:, 0].copy())

    player = Player(device=a.device)
    player.open(a.file)
    player.set_speed(a.speed)
    with sd.InputStream(samplerate=16000, channels=1, dtype="float32", device="vmic",
                        blocksize=160, latency="low", callback=captured) as stream:
        time.sleep(0.8)  # the capture is running and steady
        called = time.monotonic()
        player.play(a.at)
        positions, killed = [], False
        while time.monotonic() - called < a.listen:
            positions.append((time.monotonic(), player.position))
            if a.kill_pid and not killed and time.monotonic() - called > a.kill_after:
                os.kill(a.kill_pid, signal.SIGKILL)
                killed = True
            time.sleep(0.02)
        latency_in = stream.latency
    state, error = str(player.state), player.error
    underflows = player.underflows
    player.close()
    np.savez(a.out, captured=np.concatenate(blocks), block_end=np.array(ends),
             block_frames=np.array([len(b) for b in blocks]), called=called,
             latency_in=latency_in, positions=np.array(positions), state=state, error=error,
             overflows=len(overflows), underflows=underflows)


if __name__ == "__main__":
    main()
