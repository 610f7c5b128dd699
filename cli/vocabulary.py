"""``minutia vocabulary [list|add|remove|on|off]``: the names and terms later transcriptions
are told about (faster-whisper's hotwords; engine/vocabulary.py). Corrections add to it
(``minutia transcript --replace``, the desktop's edits); this command shows and edits it.
"""

from __future__ import annotations

import argparse
import sys

from rich.markup import escape

from cli.invocation import Invocation, in_terminal
from engine import MinutiaError, vocabulary

USAGE = "minutia vocabulary [list | add TERM... | remove TERM... | on | off]"


def add_command(sub) -> None:
    """Register ``minutia vocabulary`` on ``minutia``'s subparsers."""
    v = sub.add_parser("vocabulary", usage=USAGE,
                       help="the names and terms transcriptions are told about (list, add, remove,"
                            " on, off)",
                       description="Names and terms you corrected in transcripts, given to later"
                                   " transcriptions as hints (Whisper's hotwords) while on."
                                   f" Kept in {vocabulary.FILE_NAME} in the config folder.")
    v.add_argument("action", nargs="?", default="list",
                   choices=("list", "add", "remove", "on", "off"))
    v.add_argument("terms", nargs="*", metavar="TERM", help="add, remove: the terms")
    v.set_defaults(run=vocabulary_command)


@in_terminal
def vocabulary_command(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia vocabulary``: the list on stdout (one term a line), notes on stderr."""
    if args.action in ("add", "remove") and not args.terms:
        raise MinutiaError(f"minutia vocabulary {args.action} needs a term")
    if args.action not in ("add", "remove") and args.terms:
        raise MinutiaError(f"minutia vocabulary {args.action} takes no terms")
    current = vocabulary.load()
    err = invocation.err
    if args.action == "add":
        current = vocabulary.save(current.with_words(args.terms))
        err.print(f"Added {escape(', '.join(args.terms))}.")
    elif args.action == "remove":
        missing = [t for t in args.terms
                   if t.casefold() not in {w.casefold() for w in current.words}]
        if missing:
            raise MinutiaError(f"Not in the vocabulary: {', '.join(missing)}")
        for term in args.terms:
            current = current.without(term)
        current = vocabulary.save(current)
        err.print(f"Removed {escape(', '.join(args.terms))}.")
    elif args.action in ("on", "off"):
        current = vocabulary.save(vocabulary.Vocabulary(current.words, args.action == "on",
                                                        current.path))
    for word in current.words:
        sys.stdout.write(word + "\n")
    state = "on: later transcriptions are told about these" if current.use else \
        "off: kept, but transcriptions are not told about them (minutia vocabulary on)"
    err.print(f"({len(current.words)} term(s), {state}; {escape(str(current.path))})")
    return 0
