"""One run of ``minutia`` in a terminal: what its command shares, Ctrl-C, and exit codes.

A command decorated with ``in_terminal`` runs with the log file set up, Ctrl-C cancelling
the job (the first Ctrl-C of a recording stops the recording instead; a second Ctrl-C stops
waiting), and every error turned into one line and an exit code.
"""

from __future__ import annotations

import argparse
import functools
import logging
import signal
import sys
from collections.abc import Callable

from rich.console import Console

from cli.terminal import Terminal
from engine import Cancelled, CancelToken, MinutiaError, __version__
from engine.audio.recorder import RecordControl
from engine.background import wait_for_helpers
from engine.logging_setup import setup_logging

log = logging.getLogger("minutia.cli")
EXIT_USER_ERROR = 2
EXIT_INTERNAL = 1
EXIT_CANCELLED = 130


class Invocation:
    """What one command run shares: stderr, the cancel token, the terminal's progress display,
    and the recording Ctrl-C stops (set by ``minutia record``)."""

    def __init__(self, argv: list[str] | None) -> None:
        self.command_line = " ".join(sys.argv[1:] if argv is None else argv)
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)
        self.cancel = CancelToken()
        self.terminal = Terminal(self.err)
        self.recording: RecordControl | None = None

    def on_sigint(self, signum, frame) -> None:
        """Ctrl-C: stop the recording if one runs, else cancel the job; the second time,
        stop waiting for it."""
        if self.recording is not None and not self.recording.stopping:
            self.recording.stop()  # the first Ctrl-C ends the recording; the minutes still follow
            return
        if self.cancel.cancelled:  # a second Ctrl-C: stop waiting
            raise KeyboardInterrupt
        self.cancel.cancel()
        self.err.print("\n[yellow]Cancelling…[/]")


Command = Callable[[argparse.Namespace, Invocation], int]


def in_terminal(command: Command) -> Command:
    """Run ``command`` as a terminal command: logged, cancelled by Ctrl-C, errors as exit codes.

    Every command but ``gui`` is such a function: it takes the parsed command line and this
    run's Invocation (stderr, cancel token, terminal), returns 0, and raises on errors.

    Args:
        command: a function of the parsed command line and the invocation, returning the
            exit code.

    Returns:
        The same function, wrapped: 0 or the command's code, ``EXIT_USER_ERROR`` for a
        ``MinutiaError``, ``EXIT_CANCELLED`` when cancelled, ``EXIT_INTERNAL`` for anything
        else (the traceback goes to the log file).
    """
    @functools.wraps(command)
    def run(args: argparse.Namespace, invocation: Invocation) -> int:
        err = invocation.err
        log_file = setup_logging()
        log.info("minutia %s: %s", __version__, invocation.command_line)
        previous = signal.signal(signal.SIGINT, invocation.on_sigint)
        try:
            return command(args, invocation)
        except MinutiaError as e:
            log.warning("user error: %s", e)
            err.print(f"minutia: error: {e}")
            return EXIT_USER_ERROR
        except (Cancelled, KeyboardInterrupt):
            kept = invocation.terminal.saved_transcript or invocation.terminal.session_dir
            err.print("\nCancelled." + (f" Kept: {kept}" if kept else ""))
            return EXIT_CANCELLED
        except Exception:
            log.exception("internal error")
            err.print(f"minutia: internal error; details in {log_file}")
            return EXIT_INTERNAL
        finally:
            signal.signal(signal.SIGINT, previous)
            # A cancelled native call may still be running on a helper thread: let it finish
            # before the interpreter tears its objects down.
            wait_for_helpers(timeout=30)

    return run
