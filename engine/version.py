"""Minutia's version: one place, read by the package metadata and written into every session."""

__version__ = "0.1.0"
