"""A tool a test needs is missing: in CI (where ./setup.sh --test ran) that is a broken
set-up and the test fails; on a developer's machine it is skipped with the fix."""

import os

import pytest


def need(reason: str) -> None:
    """Fail under CI, else skip, saying ``reason``."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; in CI this test must run, not skip")
    pytest.skip(reason)
