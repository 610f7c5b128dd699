"""Nothing leaves the machine without a yes: the question a remote backend asks first.

A remote backend describes what it is about to send (a Disclosure) and asks its Consent
before the first request to an endpoint. The CLI answers from ``--allow-remote``; the
desktop app asks the user once per endpoint and remembers the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from engine.errors import MinutiaError


class RemoteRefused(MinutiaError):
    """The user did not agree to send data to this endpoint; nothing was sent."""


@dataclass(frozen=True)
class Disclosure:
    endpoint: str  # base URL
    stage: str  # "transcription" or "minutes"
    what: str  # one line: "12:04 of audio (1.9 MB as Ogg Opus)"
    preview: str = ""  # the start of the text to be sent, for the dialog

    @property
    def sentence(self) -> str:
        return f"Send {self.what} to {self.endpoint} for {self.stage}?"


Ask = Callable[[Disclosure], bool]


class Consent:
    """Asks ``ask`` before each request goes out; a no (or no way to ask) refuses. Whoever
    asks the user remembers the answer (the desktop app, per endpoint)."""

    def __init__(self, ask: Ask | None = None, *, refusal_hint: str = "") -> None:
        self._ask = ask
        self._hint = refusal_hint

    def require(self, disclosure: Disclosure) -> None:
        """Return when the user agreed to ``disclosure``; raise RemoteRefused otherwise."""
        if not (self._ask and self._ask(disclosure)):
            raise RemoteRefused(f"Minutia would send {disclosure.what} to {disclosure.endpoint}"
                                f" for {disclosure.stage}; nothing was sent.{self._hint}")


def cli_consent(allow_remote: bool) -> Consent:
    return Consent(lambda d: allow_remote,
                   refusal_hint=" Add --allow-remote to agree, or use --asr-backend local"
                                " --minutes-backend local.")
