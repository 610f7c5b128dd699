"""The user's vocabulary on real speech (issue 19): the embedded Whisper base, through the
production transcriber (the vocabulary read from the user's file), on an espeak-ng clip with
two names it mishears. Measured on whole meetings: bench/hotwords.py, docs/benchmarks.md."""

import shutil

import numpy as np
import pytest
from real_models import normalise, real_backends

from bench.extraction_set import Voice
from engine import vocabulary
from scripts.make_extraction_set import speak

pytestmark = pytest.mark.e2e
SAID = "Please do, Nguyen. Tomasz, can you help him with the scripts?"


def _clip() -> np.ndarray:
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is missing: ./setup.sh --test installs it")
    # Tomasz's voice in bench/hotwords/a2_platform_review.txt
    spoken = speak(Voice("Tomasz", "en-gb-scotland+m3", 30, 170), SAID)
    silence = np.zeros(8000, np.float32)
    return np.concatenate([silence, spoken, silence])


def _heard(audio: np.ndarray) -> str:
    _, segments = real_backends()[2].transcribe(audio, language="en")
    return normalise(" ".join(s.text for s in segments))


def test_a_corrected_name_in_the_vocabulary_is_heard_as_corrected():
    audio = _clip()
    plain = _heard(audio)
    assert "tomasz" not in plain and "nguyen" not in plain  # "new yen, or mustn't"
    vocabulary.learn("new yen", "Nguyen", replaced=True)
    vocabulary.learn("or mustn't", "Tomasz", replaced=True)
    hinted = _heard(audio)
    assert "nguyen" in hinted.split() and "tomasz" in hinted.split(), hinted
    assert hinted.startswith("please do nguyen tomasz can you help")
