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


def explain(error: Exception, endpoint: Endpoint, doing: str, model: str) -> RemoteError:
    """The one-line message for a failed call to ``endpoint`` (``doing``: "transcription"
    or "minutes"), with the fix where there is one."""
    import openai
    where = f"{endpoint.label} ({doing}, model {model})"
    tries = f" after {endpoint.retries + 1} tries" if endpoint.retries else ""
    if isinstance(error, openai.APITimeoutError):
        text = f"{where} did not answer within {endpoint.timeout:g} s{tries}: try again later, or" \
               " raise the remote timeout"
    elif isinstance(error, openai.APIConnectionError):
        text = f"Cannot reach {where}{tries}: is the server running and the base URL right?" \
               f" ({_cause(error)})"
    elif isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError):
        text = f"{where} refused the API key ({error.status_code}): check your key" \
               " (OPENAI_API_KEY or `minutia key set`)"
    elif isinstance(error, openai.NotFoundError):
        text = f"{where} answered 404: no model {model!r} there (or a wrong base URL);" \
               " check the model name"
    elif isinstance(error, openai.RateLimitError):
        text = f"{where} is rate limiting (429){tries}: wait a minute and try again" \
               f" ({_server_says(error)})"
    elif isinstance(error, openai.InternalServerError):
        text = f"{where} failed with a server error ({error.status_code}){tries}: try again" \
               f" later ({_server_says(error)})"
    elif isinstance(error, openai.APIStatusError):
        text = f"{where} rejected the request ({error.status_code}): {_server_says(error)}"
    else:
        text = f"{where} failed: {error}"
    return RemoteError(text)


def _server_says(error) -> str:
    message = getattr(error, "message", "") or str(error)
    return message.splitlines()[0][:300] if message else "no details"


def _cause(error: Exception) -> str:
    cause = error.__cause__ or error.__context__
    return str(cause or error)[:200] or type(cause or error).__name__
