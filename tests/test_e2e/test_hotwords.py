"""The user's vocabulary on real speech (issue 19): the embedded Whisper base, through the
production transcriber (the vocabulary read from the user's file), on an espeak-ng clip with
two names it mishears. Measured on whole meetings: bench/hotwords.py, docs/benchmarks.md."""

import numpy as np
import pytest
from real_models import normalise, real_backends
from spoken_names import names_clip

from engine import vocabulary

pytestmark = pytest.mark.e2e


def _heard(audio: np.ndarray) -> str:
    _, segments = real_backends()[2].transcribe(audio, language="en")
    return normalise(" ".join(s.text for s in segments))


def test_a_corrected_name_in_the_vocabulary_is_heard_as_corrected():
    audio = names_clip()
    plain = _heard(audio)
    assert "tomasz" not in plain and "nguyen" not in plain  # "new yen, or mustn't"
    vocabulary.learn("new yen", "Nguyen", replaced=True)
    vocabulary.learn("or mustn't", "Tomasz", replaced=True)
    hinted = _heard(audio)
    assert "nguyen" in hinted.split() and "tomasz" in hinted.split(), hinted
    assert hinted.startswith("please do nguyen tomasz can you help")
