"""Files the tests use, found relative to the repository (no ../shared needed)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "assets" / "samples" / "meeting.wav"
SAMPLE_SCRIPT = ROOT / "assets" / "samples" / "meeting.txt"
AMI = Path(__file__).resolve().parent / "data" / "ami_trn09.wav"
