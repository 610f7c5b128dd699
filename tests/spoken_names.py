"""An espeak-ng clip with two names Whisper base mishears ("new yen, or mustn't" for
"Nguyen, Tomasz"), for the tests of the user's vocabulary (issue 19)."""

import shutil

import numpy as np
import pytest

from bench.extraction_set import Voice
from scripts.make_extraction_set import speak

SAID = "Please do, Nguyen. Tomasz, can you help him with the scripts?"


def names_clip() -> np.ndarray:
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is missing: ./setup.sh --test installs it")
    # Tomasz's voice in bench/hotwords/a2_platform_review.txt
    spoken = speak(Voice("Tomasz", "en-gb-scotland+m3", 30, 170), SAID)
    silence = np.zeros(8000, np.float32)
    return np.concatenate([silence, spoken, silence])
