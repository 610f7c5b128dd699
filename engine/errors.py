"""Errors a user can act on. Anything else escaping the engine is a bug."""

from __future__ import annotations


class MinutiaError(Exception):
    """A problem with the user's input or setup, explained in one line with its fix."""


class InputError(MinutiaError):
    """The audio or transcript file cannot be used."""


class NoSpeechError(MinutiaError):
    """The audio holds no speech, so there is nothing to write minutes from."""


class ModelError(MinutiaError):
    """A model is missing, is not a model, or will not load."""


class DeviceError(MinutiaError):
    """The requested compute device is not available."""


class OutputError(MinutiaError):
    """A result cannot be written where the user asked."""


class Cancelled(Exception):
    """The user cancelled; raised at the next segment or token. Not an error."""
