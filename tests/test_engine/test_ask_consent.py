"""The remote chat backend asks before an ask's prompt leaves the machine, and the question
(and a refusal's message) names "ask", not "minutes". The real RemoteChat, pointed at a
port nothing listens on: the consent is asked before any connection."""

import pytest

from engine.cancel import CancelToken
from engine.library.ask_consent import AskConsent, for_ask, for_ask_record
from engine.minutes.lens import Sampling
from engine.remote.consent import Consent, Disclosure, RemoteRefused
from engine.remote.endpoint import Endpoint
from engine.remote.remote_chat import RemoteChat

MESSAGES = [{"role": "user", "content": "Meeting passages:\nMarta: Book Berlin.\n\nQuestion: Where?"}]


def test_the_question_says_ask_and_a_no_sends_nothing():
    asked = []
    chat = RemoteChat(Endpoint("http://127.0.0.1:9/v1"), "some-model",
                      consent=AskConsent(Consent(lambda d: asked.append(d) or False)))
    with pytest.raises(RemoteRefused) as refused:
        list(chat.stream_chat(MESSAGES, max_tokens=20, sampling=Sampling(), stop=[],
                              cancel=CancelToken()))
    (disclosure,) = asked
    assert disclosure.stage == "ask" and "minutes" not in disclosure.sentence
    assert disclosure.sentence.startswith("Send your question and passages of your meetings")
    assert "for ask; nothing was sent" in str(refused.value)
    assert "Question: Where?" in disclosure.preview


def test_a_disclosure_for_another_stage_is_left_as_it_is():
    d = Disclosure("http://x/v1", "transcription", "12:04 of audio")
    assert for_ask(d) is d


def test_what_was_sent_for_an_ask_is_logged_as_ask():
    sent = {"stage": "minutes", "endpoint": "http://x/v1", "sent": "prompt", "characters": 9}
    assert for_ask_record(sent) == {**sent, "stage": "ask"}
    audio = {"stage": "transcription", "sent": "audio"}
    assert for_ask_record(audio) is audio
