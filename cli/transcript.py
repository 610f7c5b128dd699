"""``minutia transcript SESSION``: a session's corrected transcript on the command line.

Find and replace across it (the hits are printed; the edit is saved in the session's
transcript.edited.json, transcript.json is never changed), undo and redo, go back to the
machine's transcript or to the corrections, and export the current text. The text goes to
stdout, notes to stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from cli.commands import _check_output, _write_output
from cli.invocation import Invocation, in_terminal
from cli.speakers import session_folder, speaker_number
from engine import MinutiaError, transcript_io
from engine.diarize.turns import label
from engine.transcript_edits import CONTEXT, Hit, new_speaker
from engine.transcript_io import mmss
from engine.transcript_layer import TranscriptLayer


def add_command(sub) -> None:
    """Register ``minutia transcript`` on ``minutia``'s subparsers."""
    t = sub.add_parser(
        "transcript", help="correct a session's transcript (find and replace, undo) or export it",
        description="A session's current transcript: the corrected one once it has edits"
                    " (kept in transcript.edited.json; transcript.json stays as transcribed)."
                    " Exports and minutes made from the session use it. Without options: the"
                    " transcript as text.")
    t.add_argument("session", metavar="SESSION",
                   help="a session folder (or its name under the sessions folder)")
    t.add_argument("--replace", nargs=2, metavar=("OLD", "NEW"),
                   help="replace OLD with NEW everywhere (whole words, any case); prints each hit")
    t.add_argument("--match-case", action="store_true", help="--replace: only in this case")
    t.add_argument("--inside-words", action="store_true",
                   help="--replace: also where OLD is part of a longer word")
    t.add_argument("--dry-run", action="store_true",
                   help="--replace: show the hits, change nothing")
    t.add_argument("--set", nargs=2, metavar=("N", "TEXT"),
                   help="segment N says TEXT (N as --numbered shows; empty TEXT: delete it)")
    t.add_argument("--merge", type=int, metavar="N", help="merge segment N with the next")
    t.add_argument("--speaker", nargs=2, metavar=("N", "WHO"),
                   help="segment N was said by WHO (\"Speaker 2\", 2, a name, or \"new\")")
    t.add_argument("--numbered", action="store_true",
                   help="print the transcript with each segment's number")
    t.add_argument("--undo", action="store_true", help="take the last correction back")
    t.add_argument("--redo", action="store_true", help="make the last undone correction again")
    t.add_argument("--original", action="store_true",
                   help="use the transcript as transcribed again (the corrections are kept)")
    t.add_argument("--corrected", action="store_true",
                   help="use the corrections again (after --original)")
    t.add_argument("--export", choices=transcript_io.FORMATS, metavar="FORMAT",
                   help=f"write the current transcript as FORMAT ({', '.join(transcript_io.FORMATS)})")
    t.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="--export: write here instead of stdout")
    t.set_defaults(run=transcript_command)


@in_terminal
def transcript_command(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia transcript``: the actions asked, in order (replace, undo/redo, original or
    corrected), then the export (or, with no action, the text)."""
    if args.original and args.corrected:
        raise MinutiaError("Give --original or --corrected, not both")
    if args.undo and args.redo:
        raise MinutiaError("Give --undo or --redo, not both")
    if args.output and not args.export:
        raise MinutiaError("-o FILE goes with --export FORMAT")
    _check_output(args.output)
    layer = TranscriptLayer.open(session_folder(args.session))
    err = invocation.err
    acted = _edit(args, layer, err)
    if args.export or not acted:
        _export(args, layer, err)
    return 0


def _edit(args: argparse.Namespace, layer: TranscriptLayer, err: Console) -> bool:
    """The corrections asked for; whether any action was asked."""
    if args.replace:
        _replace(args, layer, err)
    _segment_edits(args, layer, err)
    if args.undo:
        err.print("Took the last correction back." if layer.undo() else "Nothing to undo.")
    if args.redo:
        err.print("Made the correction again." if layer.redo() else "Nothing to redo.")
    if args.original or args.corrected:
        layer.use_original(args.original)
        err.print("Using the transcript as transcribed (the corrections are kept)."
                  if args.original else f"Using the corrected transcript ({len(layer.edits)}"
                                        " correction(s)).")
    return bool(args.replace or args.set or args.merge is not None or args.speaker
                or args.undo or args.redo or args.original or args.corrected)


def _number(text: str, layer: TranscriptLayer) -> int:
    """A segment's index from the number --numbered shows (from 1)."""
    try:
        n = int(text)
    except ValueError:
        raise MinutiaError(f"{text!r} is not a segment number (see --numbered)") from None
    if not 1 <= n <= len(layer.current.segments):
        raise MinutiaError(f"No segment {n}: the transcript has {len(layer.current.segments)}")
    return n - 1


def _segment_edits(args: argparse.Namespace, layer: TranscriptLayer, err: Console) -> None:
    if args.set:
        layer.edit_text(_number(args.set[0], layer), args.set[1])
        err.print(f"Segment {args.set[0]} " + ("deleted." if not args.set[1].strip()
                                                else "corrected."))
        _taught(layer, err)
    if args.merge is not None:
        layer.merge(_number(str(args.merge), layer))
        err.print(f"Segments {args.merge} and {args.merge + 1} merged.")
    if args.speaker:
        index = _number(args.speaker[0], layer)
        who = args.speaker[1]
        speaker = new_speaker(layer.current) if who.strip().lower() == "new" \
            else speaker_number(who, layer.current)
        layer.set_speaker(index, speaker)
        err.print(f"Segment {args.speaker[0]}: said by {escape(label(speaker))}.")


def _replace(args: argparse.Namespace, layer: TranscriptLayer, err: Console) -> None:
    old, new = args.replace
    options = {"match_case": args.match_case, "whole_word": not args.inside_words}
    hits = layer.find(old, **options) if args.dry_run else layer.replace(old, new, **options)
    for hit in hits:
        err.print(preview(hit, new))
    if not hits:
        err.print(f"“{escape(old)}” is not in the transcript: nothing changed.")
    elif args.dry_run:
        err.print(f"{len(hits)} hit(s); nothing changed (--dry-run).")
    else:
        segments = len({h.index for h in hits})
        err.print(f"[green]Replaced {len(hits)} hit(s) in {segments} segment(s)[/]; saved in"
                  f" {escape(str(layer.session.dir / transcript_io.EDITED_FILE))}"
                  " (--undo takes it back).")
        _taught(layer, err)


def _taught(layer: TranscriptLayer, err: Console) -> None:
    if layer.taught:
        err.print(f"Added to your vocabulary: {escape(', '.join(layer.taught))}"
                  " (later transcriptions are told about it; see minutia vocabulary).")


def preview(hit: Hit, new: str) -> str:
    """One hit as a line (rich markup): ``[mm:ss] …before [OLD → NEW] after…``."""
    left = "…" if len(hit.before) == CONTEXT else ""
    right = "…" if len(hit.after) == CONTEXT else ""
    change = f"\\[[red]{escape(hit.found)}[/] → [green]{escape(new)}[/]]"
    return (f"{escape(f'[{mmss(hit.start)}]')} {left}{escape(hit.before.lstrip())}{change}"
            f"{escape(hit.after)}{right}")


def _export(args: argparse.Namespace, layer: TranscriptLayer, err: Console) -> None:
    transcript = layer.shown
    fmt = args.export or "txt"
    if fmt == "rttm" and not any(s.speaker is not None for s in transcript.segments):
        raise MinutiaError("--export rttm needs speakers, and this transcript has none")
    text = transcript_io.render(transcript, fmt)
    if args.numbered and fmt == "txt":
        text = "".join(f"#{i} {line}\n" for i, line in enumerate(text.splitlines(), 1))
    if args.output:
        _write_output(args.output, text)
        err.print(f"[green]Transcript written:[/] {escape(str(args.output))}")
    else:
        sys.stdout.write(text)
    err.print(f"(corrected: {len(layer.edits)} correction(s))" if layer.corrected
              else "(as transcribed)")
