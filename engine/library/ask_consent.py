"""The consent question for ``ask``: the remote chat backend asks it as it does for the
minutes (once per endpoint, the same remembered answer), but names what it is for —
"for ask", with the question and passages of the meetings — instead of "for minutes"."""

from __future__ import annotations

from dataclasses import replace

from engine.remote.consent import Consent, Disclosure

STAGE = "ask"
# What the chat backend says it sends (engine/remote/remote_chat.py), and what ask sends.
_MINUTES_WHAT = "the meeting transcript in prompts"
_ASK_WHAT = "your question and passages of your meetings in a prompt"


class AskConsent(Consent):
    """``consent`` (the CLI's --allow-remote, the app's remembered answers) asked about an
    ask: the disclosure it gets, and a refusal's message, say "ask"."""

    def __init__(self, consent: Consent) -> None:
        super().__init__()
        self._inner = consent

    def require(self, disclosure: Disclosure) -> None:
        self._inner.require(for_ask(disclosure))


def for_ask(disclosure: Disclosure) -> Disclosure:
    """``disclosure`` as the chat backend writes it for minutes, named for ask."""
    if disclosure.stage != "minutes":
        return disclosure
    return replace(disclosure, stage=STAGE,
                   what=disclosure.what.replace(_MINUTES_WHAT, _ASK_WHAT, 1))


def for_ask_record(record: dict) -> dict:
    """A record of what the chat backend sent (its ``on_sent``), named for ask."""
    return {**record, "stage": STAGE} if record.get("stage") == "minutes" else record
