"""One OpenAI-compatible endpoint: where it is, the key for it, and what its failures mean.

The key comes from ``OPENAI_API_KEY`` or the OS keyring (keys.py) at the moment a client is
made; it is never stored in settings, manifests or logs. Retries are the ``openai``
client's own: 429 and 5xx (and a dropped connection or a timeout) are tried again
``retries`` times with exponential backoff, honouring the server's Retry-After up to two
minutes; a Retry-After longer than that is not waited for.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from engine.errors import MinutiaError
from engine.remote import keys

OPENAI_URL = "https://api.openai.com/v1"
log = logging.getLogger("minutia.remote")


class RemoteError(MinutiaError):
    """A remote endpoint failed; the message says what to do."""


@dataclass(frozen=True)
class Endpoint:
    base_url: str = OPENAI_URL
    timeout: float = 120.0  # seconds for one request (an upload, or the wait for a token)
    retries: int = 2  # extra tries after a 429, 5xx, timeout or dropped connection

    @property
    def is_openai(self) -> bool:
        return urlsplit(self.base_url).hostname == "api.openai.com"

    @property
    def label(self) -> str:
        """The endpoint as consent and the manifest name it: scheme, host, port and path."""
        return self.base_url.rstrip("/")

    def api_key(self) -> str:
        """The key to send: required by OpenAI; a team server may need none (then the
        placeholder "no-key" goes, which servers without keys ignore)."""
        key = keys.find(self.label)
        if key:
            return key
        if self.is_openai:
            raise RemoteError(f"No API key for {self.label}: set OPENAI_API_KEY, or store one"
                              " with `minutia key set` (Settings ▸ Remote in the app)")
        return "no-key"

    def client(self):
        from openai import OpenAI
        return OpenAI(base_url=self.base_url, api_key=self.api_key(), timeout=self.timeout,
                      max_retries=self.retries)


# What each failure of the ``openai`` client means, first match first (APITimeoutError is an
# APIConnectionError; every 4xx/5xx class is an APIStatusError). The fields: ``where`` the
# endpoint, job and model; ``tries`` how often it was tried; ``says`` the server's own words.
_EXPLAINED = (
    (("APITimeoutError",), "{where} did not answer within {timeout:g} s{tries}: try again later,"
                           " or raise the remote timeout"),
    (("APIConnectionError",), "Cannot reach {where}{tries}: is the server running and the base"
                              " URL right? ({cause})"),
    (("AuthenticationError", "PermissionDeniedError"),
     "{where} refused the API key ({status}): check your key (OPENAI_API_KEY or `minutia key set`)"),
    (("NotFoundError",), "{where} answered 404: no model {model!r} there (or a wrong base URL);"
                         " check the model name"),
    (("RateLimitError",), "{where} is rate limiting (429){tries}: wait a minute and try again"
                          " ({says})"),
    (("InternalServerError",), "{where} failed with a server error ({status}){tries}: try again"
                               " later ({says})"),
    (("APIStatusError",), "{where} rejected the request ({status}): {says}"),
)


def explain(error: Exception, endpoint: Endpoint, doing: str, model: str) -> RemoteError:
    """The one-line message for a failed call to ``endpoint`` (``doing``: "transcription"
    or "minutes"), with the fix where there is one."""
    import openai
    facts = {"where": f"{endpoint.label} ({doing}, model {model})", "model": model,
             "tries": f" after {endpoint.retries + 1} tries" if endpoint.retries else "",
             "timeout": endpoint.timeout, "status": getattr(error, "status_code", None),
             "says": _server_says(error), "cause": _cause(error)}
    for names, message in _EXPLAINED:
        if isinstance(error, tuple(getattr(openai, name) for name in names)):
            return RemoteError(message.format(**facts))
    return RemoteError(f"{facts['where']} failed: {error}")


def _server_says(error) -> str:
    """The server's own message: the error body's (OpenAI's shape), else the client's."""
    body = getattr(error, "body", None)
    message = (body.get("message") if isinstance(body, dict) else None) \
        or getattr(error, "message", "") or str(error)
    return message.splitlines()[0][:300] if message else "no details"


def _cause(error: Exception) -> str:
    cause = error.__cause__ or error.__context__
    return str(cause or error)[:200] or type(cause or error).__name__
