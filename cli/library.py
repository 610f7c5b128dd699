"""The meeting library on the command line: ``minutia list``, ``show``, ``rename``,
``delete``, ``reindex`` and ``search``.

Every command first brings the index in line with the session folders (engine.library), so
a folder copied in or deleted by hand shows at once; folders it cannot read are named on
stderr with the reason. Results go to stdout (``--json`` for programs), notes to stderr.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys

from rich.console import Console
from rich.markup import escape

from cli.invocation import Invocation, in_terminal
from engine import MinutiaError, ModelError
from engine.library import HIGHLIGHT, Entry, Library, SyncReport
from engine.transcript_io import mmss


def add_commands(sub) -> None:
    """Register the library's commands on ``minutia``'s subparsers."""
    ls = sub.add_parser("list", help="list the meetings in the library",
                        description="Every meeting in the sessions folder, newest first: date,"
                                    " duration, status, speakers and title.")
    ls.add_argument("--json", action="store_true", help="one JSON array, for programs")
    ls.set_defaults(run=list_command)
    sh = sub.add_parser("show", help="show a meeting: its details and minutes")
    sh.add_argument("session", metavar="SESSION", help="its folder, id, or the start of its id")
    sh.add_argument("--json", action="store_true", help="the details as JSON")
    sh.set_defaults(run=show_command)
    rn = sub.add_parser("rename", help="give a meeting a new title")
    rn.add_argument("session", metavar="SESSION", help="its folder, id, or the start of its id")
    rn.add_argument("title", metavar="TITLE")
    rn.set_defaults(run=rename_command)
    rm = sub.add_parser("delete", help="move a meeting's folder to the system trash",
                        description="Move a meeting's session folder to the system trash (the"
                                    " XDG trash on Linux, the Recycle Bin, the macOS Trash),"
                                    " after asking.")
    rm.add_argument("session", metavar="SESSION", help="its folder, id, or the start of its id")
    rm.add_argument("--yes", action="store_true", help="do not ask")
    rm.add_argument("--permanent", action="store_true",
                    help="delete the folder for good instead of moving it to the trash")
    rm.set_defaults(run=delete_command)
    ri = sub.add_parser("reindex", help="rebuild the library's index from the session folders")
    ri.add_argument("--words-only", action="store_true",
                    help="do not compute the vectors for meaning search now")
    ri.set_defaults(run=reindex_command)
    se = sub.add_parser("search", help="search every meeting's transcript, minutes and title",
                        description="Find QUERY by its words (all of them; \"a phrase\" in"
                                    " quotes, word* as a prefix) and by its meaning; each hit"
                                    " is a meeting, [mm:ss], the speaker and the passage.")
    se.add_argument("query", metavar="QUERY")
    se.add_argument("--json", action="store_true", help="one JSON array, for programs")
    se.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (default: 20)")
    se.add_argument("--words-only", action="store_true",
                    help="match words only (no embedding model needed)")
    se.set_defaults(run=search_command)


def _pipe_safe(command):
    """``minutia list | head`` closes the pipe early: not an error (Python's own advice:
    point stdout at devnull so the interpreter's last flush does not fail again)."""
    @functools.wraps(command)
    def run(args: argparse.Namespace, invocation: Invocation) -> int:
        try:
            code = command(args, invocation)
            sys.stdout.flush()
            return code
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
    return run


def _opened(invocation: Invocation) -> tuple[Library, SyncReport]:
    library = Library()
    report = library.sync()
    _notes(report, invocation)
    return library, report


def _notes(report: SyncReport, invocation: Invocation) -> None:
    if report.rebuilt:
        invocation.err.print(f"[yellow]The library index was rebuilt: {escape(report.rebuilt)}[/]")
    for s in report.skipped:
        invocation.err.print(f"[yellow]skipped[/] {escape(str(s.path))}: {escape(s.reason)}")


def _date(entry: Entry) -> str:
    return entry.created.replace("T", " ")[:16]


def _length(seconds: float | None) -> str:
    return "-" if seconds is None else mmss(seconds)


@in_terminal
@_pipe_safe
def list_command(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia list``: every meeting, newest first."""
    library, _ = _opened(invocation)
    with library:
        entries = library.entries()
    if args.json:
        print(json.dumps([e.to_json() for e in entries], ensure_ascii=False, indent=1))
        return 0
    if not entries:
        invocation.err.print(f"No meetings yet in {escape(str(library.root))}.")
        return 0
    out = Console(highlight=False, soft_wrap=True)
    for e in entries:
        who = ", ".join(e.speakers) or "-"
        out.print(f"{_date(e)}  {_length(e.duration):>6}  {e.status:<16} {escape(e.title)}"
                  f"  [dim]({escape(who)}) {escape(e.id)}[/]")
    return 0


@in_terminal
@_pipe_safe
def show_command(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia show SESSION``: a meeting's details, then its current minutes."""
    library, _ = _opened(invocation)
    with library:
        entry = library.resolve(args.session)
    if args.json:
        print(json.dumps(entry.to_json(), ensure_ascii=False, indent=1))
        return 0
    out = Console(highlight=False, soft_wrap=True)
    for label, value in (("Title", entry.title), ("Id", entry.id), ("Folder", entry.path),
                         ("Date", _date(entry)), ("Duration", _length(entry.duration)),
                         ("Status", entry.status),
                         ("Speakers", ", ".join(entry.speakers) or "-"),
                         ("Segments", entry.segments)):
        out.print(f"[bold]{label + ':':<10}[/] {escape(str(value))}")
    if entry.minutes_file:
        out.print()
        try:
            sys.stdout.write((entry.path / entry.minutes_file).read_text(encoding="utf-8"))
        except OSError as e:
            raise MinutiaError(f"Cannot read the minutes {entry.path / entry.minutes_file}: {e}"
                               ) from e
    return 0


@in_terminal
def rename_command(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia rename SESSION TITLE``: the title in the folder's manifest, then the index."""
    library, _ = _opened(invocation)
    with library:
        before = library.resolve(args.session)
        after = library.rename(before.id, args.title)
    invocation.err.print(f"Renamed {escape(before.id)}: “{escape(before.title)}” →"
                         f" “{escape(after.title)}”")
    return 0


@in_terminal
def delete_command(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia delete SESSION``: to the system trash (or for good), after asking."""
    library, _ = _opened(invocation)
    with library:
        entry = library.resolve(args.session)
        where = "Delete for good" if args.permanent else "Move to the trash"
        if not args.yes:
            if not sys.stdin.isatty():
                raise MinutiaError(f"Deleting “{entry.title}” needs a yes: run it in a terminal"
                                   " or add --yes")
            answer = input(f"{where}: “{entry.title}” ({entry.id}, {entry.path})? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                invocation.err.print("Nothing deleted.")
                return 0
        library.delete(entry.id, permanent=args.permanent)
    done = "Deleted for good" if args.permanent else "Moved to the trash"
    invocation.err.print(f"{done}: “{escape(entry.title)}” ({escape(str(entry.path))})")
    return 0


@in_terminal
def reindex_command(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia reindex``: read every session folder again; then the meaning vectors."""
    with Library() as library:
        report = library.reindex()
        _notes(report, invocation)
        count = len(library.entries())
        invocation.err.print(f"Indexed {count} meeting{'s' if count != 1 else ''}"
                             f" ({len(report.added)} new, {len(report.removed)} gone,"
                             f" {len(report.skipped)} skipped) from {escape(str(library.root))}")
        if not args.words_only:
            try:
                done = library.embed_pending(_progress(invocation))
            except ModelError as e:
                invocation.err.print(f"[yellow]Meaning search not prepared: {escape(str(e))}[/]")
                return 0
            invocation.err.print(f"Meaning search: {done} new passage vector"
                                 f"{'s' if done != 1 else ''}")
    return 0


def _progress(invocation: Invocation):
    def show(done: int, total: int) -> None:
        invocation.err.print(f"  embedding passages: {done}/{total}")
    return show


@in_terminal
@_pipe_safe
def search_command(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia search QUERY``: hits across meetings, best first."""
    if args.limit < 1:
        raise MinutiaError("--limit must be 1 or more")
    library, _ = _opened(invocation)
    with library:
        try:
            hits = library.search(args.query, limit=args.limit, meaning=not args.words_only)
        except ModelError as e:
            raise ModelError(f"{e}; or match words only: minutia search --words-only QUERY"
                             ) from e
    if args.json:
        print(json.dumps([h.to_json() for h in hits], ensure_ascii=False, indent=1))
        return 0
    if not hits:
        invocation.err.print(f"Nothing found for “{escape(args.query)}”.")
        return 0
    out = Console(highlight=False, soft_wrap=True)
    for h in hits:
        at = f"\\[{mmss(h.start)}] " if h.start is not None else ""
        where = {"minutes": "minutes: ", "title": "title: "}.get(h.kind, "")
        who = f"{escape(h.speaker)}: " if h.speaker else ""
        how = " · close in meaning" if h.found_by == "meaning" else ""
        out.print(f"[bold]{escape(h.title)}[/] [dim]{h.created[:10]} {escape(h.session_id)}{how}[/]")
        out.print(f"  {at}{where}{who}{_highlighted(h.snippet)}")
    return 0


def _highlighted(snippet: str) -> str:
    """The snippet as Rich markup, its matched words bold."""
    start, end = HIGHLIGHT
    parts = snippet.split(start) if start == end else snippet.replace(end, start).split(start)
    return "".join(escape(p) if i % 2 == 0 else f"[bold]{escape(p)}[/]"
                   for i, p in enumerate(parts))
