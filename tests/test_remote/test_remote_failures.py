"""Remote endpoints failing, through the real openai client against a real loopback server:
the right message, the specified retries, and nothing of the user's lost."""

from __future__ import annotations

import json
import shutil
import time

import numpy as np
import pytest
from locations import SAMPLE

from engine.cancel import CancelToken
from engine.config import EngineConfig
from engine.errors import MinutiaError, ModelError
from engine.minutes.lens import Sampling
from engine.pipeline import Pipeline
from engine.remote.consent import Consent, RemoteRefused
from engine.remote.endpoint import Endpoint, RemoteError
from engine.remote.fallback import Fallback
from engine.remote.remote_chat import RemoteChat, StreamCut
from engine.remote.remote_whisper import RemoteWhisper
from engine.types import Segment, Transcript

YES = Consent(lambda d: True)
MESSAGES = [{"role": "user", "content": "Summarise: we agreed to ship on Friday."}]


def chat(url: str, *, retries: int = 2, timeout: float = 10.0, consent: Consent = YES) -> RemoteChat:
    return RemoteChat(Endpoint(url, timeout=timeout, retries=retries), "m", consent=consent)


def answer(model: RemoteChat) -> str:
    return "".join(model.stream_chat(MESSAGES, max_tokens=32, sampling=Sampling(), stop=[],
                                     cancel=CancelToken()))


def test_a_working_endpoint_streams_its_answer(error_server):
    assert answer(chat(error_server.url("ok"))) == "Agreed to ship."


@pytest.mark.parametrize("status", ["401", "403"])
def test_a_refused_key_says_check_your_key_and_is_not_retried(error_server, status):
    with pytest.raises(RemoteError, match=f"refused the API key \\({status}\\): check your key"):
        answer(chat(error_server.url(status)))
    assert len(error_server.seen(status)) == 1


def test_a_missing_model_says_so(error_server):
    with pytest.raises(RemoteError, match="404: no model 'm' there"):
        answer(chat(error_server.url("404")))


def test_another_refusal_quotes_the_server_and_is_not_retried(error_server):
    with pytest.raises(RemoteError, match=r"rejected the request \(400\): 'messages' must be"):
        answer(chat(error_server.url("400")))
    assert len(error_server.seen("400")) == 1


def test_429_is_retried_after_the_servers_retry_after(error_server):
    assert answer(chat(error_server.url("429once"))) == "Agreed to ship."
    first, second = error_server.seen("429once")
    assert second["at"] - first["at"] >= 0.95  # Retry-After: 1 honoured


def test_429_gives_up_after_the_bounded_retries(error_server):
    start = time.monotonic()
    with pytest.raises(RemoteError, match=r"rate limiting \(429\) after 3 tries"):
        answer(chat(error_server.url("429"), retries=2))
    assert len(error_server.seen("429")) == 3
    assert time.monotonic() - start >= 1.9  # waited the server's second, twice


def test_a_server_error_is_retried_then_explained(error_server):
    with pytest.raises(RemoteError, match=r"server error \(500\) after 2 tries"):
        answer(chat(error_server.url("500"), retries=1))
    assert len(error_server.seen("500")) == 2


def test_a_hanging_server_times_out_with_a_message(error_server):
    start = time.monotonic()
    with pytest.raises(RemoteError, match="did not answer within 1 s"):
        answer(chat(error_server.url("hang"), retries=0, timeout=1.0))
    assert time.monotonic() - start < 8


def test_connection_refused_names_the_server(error_server):
    url = error_server.url("ok")
    error_server.shutdown()
    error_server.server_close()
    with pytest.raises(RemoteError, match="Cannot reach .* is the server running"):
        answer(chat(url, retries=0))


def test_a_parameter_the_model_rejects_is_sent_the_way_it_asks(error_server):
    model = chat(error_server.url("param"))
    assert answer(model) == "Agreed to ship."
    rejected, accepted = error_server.seen("param")
    assert "max_tokens" in rejected["body"] and "max_completion_tokens" not in rejected["body"]
    assert accepted["body"]["max_completion_tokens"] == 32 and "max_tokens" not in accepted["body"]
    assert model.describe()["left_out"] == ["max_tokens"]
    answer(model)  # remembered: the next call goes out right the first time
    assert len(error_server.seen("param")) == 3


def test_nothing_is_sent_without_consent(error_server):
    with pytest.raises(RemoteRefused, match="nothing was sent"):
        answer(chat(error_server.url("ok"), consent=Consent(lambda d: False)))
    whisper = RemoteWhisper(Endpoint(error_server.url("ok")), "whisper-1", consent=Consent())
    with pytest.raises(RemoteRefused, match="of audio"):
        whisper.transcribe(np.zeros(16000, np.float32), language="en")
    assert error_server.requests == []


def test_consent_is_asked_with_what_will_be_sent(error_server):
    asked = []
    answer(chat(error_server.url("ok"), consent=Consent(lambda d: asked.append(d) or True)))
    assert asked[0].stage == "minutes" and "characters" in asked[0].what
    assert asked[0].endpoint == error_server.url("ok")
    assert "ship on Friday" in asked[0].preview


def test_the_lens_on_an_endpoint_without_probabilities_says_so(error_server):
    steps = chat(error_server.url("ok")).stream_tokens(MESSAGES, max_tokens=8, sampling=Sampling(),
                                                       stop=[], cancel=CancelToken(), top=5)
    with pytest.raises(MinutiaError, match="does not return token probabilities.*Token Lens off"):
        list(steps)


def _transcript() -> Transcript:
    segments = [Segment(0.0, 4.0, "We agreed to ship on Friday."),
                Segment(4.0, 8.0, "Dana will write the release notes.")]
    return Transcript(segments, "en", 1.0, 8.0, "meeting.wav")


def test_the_context_meter_plans_remote_minutes_as_the_writer_does(error_server, sessions_root):
    from engine.events import MinutesPlanned
    from engine.minutes.vocabulary import planned_minutes
    config = EngineConfig(minutes_backend="openai", remote_context=4096)
    model = RemoteChat(Endpoint(error_server.url("ok")), "m", consent=YES, context=4096)
    pipeline = Pipeline(config=config, transcriber=None, chat_model=model,
                        sessions_root=sessions_root)
    events = list(pipeline.minutes_from_transcript(_transcript(), cancel=CancelToken(), title="p"))
    [written] = [e for e in events if isinstance(e, MinutesPlanned)]
    assert planned_minutes(_transcript(), None, config) == written
    assert written.context_tokens == 4096


def test_a_stream_cut_halfway_keeps_what_arrived_and_the_transcript(error_server, sessions_root):
    model = chat(error_server.url("cut"))
    pipeline = Pipeline(config=EngineConfig(), transcriber=None, chat_model=model,
                        sessions_root=sessions_root)
    events = []
    with pytest.raises(StreamCut, match="stopped arriving after 3 tokens.*Regenerate"):
        for event in pipeline.minutes_from_transcript(_transcript(), cancel=CancelToken(),
                                                      title="cut"):
            events.append(event)
    session = next(sessions_root.iterdir())
    assert "Agreed to ship" in (session / "minutes.partial.md").read_text()
    assert json.loads((session / "transcript.json").read_text())["segments"]
    manifest = json.loads((session / "manifest.json").read_text())
    assert manifest["status"] == "failed" and "stopped arriving" in manifest["error"]
    assert manifest["sent"][0]["endpoint"] == error_server.url("cut")


def test_a_transcription_failure_keeps_the_recording_and_says_why(error_server, sessions_root,
                                                                  tmp_path):
    wav = tmp_path / "meeting.wav"
    shutil.copy(SAMPLE, wav)
    original = wav.read_bytes()
    whisper = RemoteWhisper(Endpoint(error_server.url("401"), retries=0), "whisper-1", consent=YES)
    pipeline = Pipeline(config=EngineConfig(asr_backend="openai"), transcriber=whisper,
                        chat_model=None, sessions_root=sessions_root)
    with pytest.raises(RemoteError, match="check your key"):
        list(pipeline.process_file(wav, cancel=CancelToken(), minutes=False))
    assert wav.read_bytes() == original
    manifest = json.loads((next(sessions_root.iterdir()) / "manifest.json").read_text())
    assert manifest["status"] == "failed" and manifest["sent"][0]["sent"] == "audio"


class _BrokenLocal:
    def load(self):
        raise ModelError("The language model /nowhere.gguf does not exist")


def test_auto_reports_both_failures(error_server):
    remote = chat(error_server.url("500"), retries=0)
    model = Fallback("language", _BrokenLocal, remote)
    model.load()
    assert model.using_remote
    with pytest.raises(ModelError, match="local language model could not run .*nowhere.gguf.*"
                                         "failed too: .*server error"):
        list(model.stream_chat(MESSAGES, max_tokens=8, sampling=Sampling(), stop=[],
                               cancel=CancelToken()))
    assert model.describe()["chosen_by"] == "auto"


def test_a_cancel_while_consent_is_asked_sends_nothing_even_after_a_yes(error_server,
                                                                       sessions_root, tmp_path):
    """The question stays open on the helper thread after the job is cancelled; the yes that
    comes later must not send the audio, nor write to the ended job's manifest."""
    import threading

    from engine.background import wait_for_helpers
    from engine.errors import Cancelled
    wav = tmp_path / "meeting.wav"
    shutil.copy(SAMPLE, wav)
    asked, answered = threading.Event(), threading.Event()

    def ask(disclosure) -> bool:
        asked.set()
        answered.wait(10)
        return True  # the user agrees, after having cancelled

    whisper = RemoteWhisper(Endpoint(error_server.url("ok"), retries=0), "whisper-1",
                            consent=Consent(ask))
    pipeline = Pipeline(config=EngineConfig(asr_backend="openai"), transcriber=whisper,
                        chat_model=None, sessions_root=sessions_root)
    cancel = CancelToken()
    threading.Thread(target=lambda: asked.wait(10) and cancel.cancel(), daemon=True).start()
    with pytest.raises(Cancelled):
        list(pipeline.process_file(wav, cancel=cancel, minutes=False))
    assert asked.is_set()
    manifest_file = next(sessions_root.iterdir()) / "manifest.json"
    ended = manifest_file.read_text()
    answered.set()
    assert wait_for_helpers(10)
    time.sleep(0.3)  # a request already under way would have reached the server by now
    assert error_server.requests == []
    assert manifest_file.read_text() == ended
    manifest = json.loads(ended)
    assert manifest["status"] == "cancelled" and "sent" not in manifest
