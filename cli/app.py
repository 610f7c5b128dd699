"""``minutia``'s entry point: parse the command line, then run the command it names.

The commands are in ``cli.commands`` and ``cli.recording``, their flags in ``cli.parser``,
and how a job looks in the terminal in ``cli.terminal``.
"""

from __future__ import annotations

import sys

from cli.invocation import EXIT_USER_ERROR, Invocation
from cli.parser import parse_args
from engine import MinutiaError


def main(argv: list[str] | None = None) -> int:
    """Run ``minutia``.

    Args:
        argv: the arguments after the program name; ``None`` reads ``sys.argv``.

    Returns:
        The exit code: 0, or 1 (internal error), 2 (user error), 130 (cancelled).
    """
    try:
        args = parse_args(argv)
    except MinutiaError as e:
        print(f"minutia: error: {e}", file=sys.stderr)
        return EXIT_USER_ERROR
    return args.run(args, Invocation(argv))

