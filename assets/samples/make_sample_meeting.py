"""Speak meeting.script.txt with espeak-ng voices into meeting.wav (16 kHz mono).

Run: python assets/samples/make_sample_meeting.py   (needs espeak-ng and sox)
The committed meeting.wav was made with this script; meeting.txt is its exact text.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAUSE_S = 0.6


def read_script(path: Path) -> list[tuple[str, str, str]]:
    turns = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            speaker, voice, words = (part.strip() for part in line.split("|"))
            turns.append((speaker, voice, words))
    return turns


def main() -> None:
    turns = read_script(HERE / "meeting.script.txt")
    with tempfile.TemporaryDirectory() as tmp:
        parts = []
        for i, (_, voice, words) in enumerate(turns):
            raw = Path(tmp, f"{i:02d}.wav")
            subprocess.run(["espeak-ng", "-v", voice, "-s", "155", "-w", str(raw), words], check=True)
            part = Path(tmp, f"{i:02d}-16k.wav")
            subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(part),
                            "pad", "0", str(PAUSE_S)], check=True)
            parts.append(str(part))
        subprocess.run(["sox", *parts, str(HERE / "meeting.wav")], check=True)
    (HERE / "meeting.txt").write_text(
        "".join(f"{speaker}: {words}\n" for speaker, _, words in turns), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
