"""``minutia actions``: every meeting's action items (owner, due date, source meeting and
moment), and ticking one done (``--done ID``) or open again (``--undo ID``).

The done flag is written in the item's session folder (actions.json) and in the library's
index; the list comes from the index, brought in line with the folders first.
"""

from __future__ import annotations

import argparse
import json

from rich.console import Console
from rich.markup import escape

from cli.invocation import Invocation, in_terminal
from cli.library import _opened, _pipe_safe
from engine.library import Action
from engine.transcript_io import mmss


def add_commands(sub) -> None:
    """Register ``minutia actions`` on ``minutia``'s subparsers."""
    ac = sub.add_parser("actions", help="list every meeting's action items; tick one done",
                        description="Every action item in the minutes of every meeting: its id,"
                                    " owner, task, due date, and the meeting and moment it was"
                                    " said. --done ID ticks one done (kept in the meeting's"
                                    " folder, actions.json); --undo ID opens it again.")
    ac.add_argument("--open", action="store_true", help="only the items not done yet")
    ac.add_argument("--json", action="store_true", help="one JSON array, for programs")
    which = ac.add_mutually_exclusive_group()
    which.add_argument("--done", metavar="ID", help="tick this item done (its id or its start)")
    which.add_argument("--undo", metavar="ID", help="open this item again")
    ac.set_defaults(run=actions_command)


@in_terminal
@_pipe_safe
def actions_command(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia actions [--open] [--json]``, ``--done ID``, ``--undo ID``."""
    library, _ = _opened(invocation)
    with library:
        if args.done or args.undo:
            item = library.set_done(args.done or args.undo, done=bool(args.done))
            if args.json:
                print(json.dumps(item.to_json(), ensure_ascii=False, indent=1))
            else:
                state = "Done" if item.done else "Open again"
                invocation.err.print(f"{state}: {escape(item.id)} {escape(_line(item))}"
                                     f" [dim]({escape(item.title)})[/]")
            return 0
        items = library.actions(open_only=args.open)
    if args.json:
        print(json.dumps([a.to_json() for a in items], ensure_ascii=False, indent=1))
        return 0
    if not items:
        invocation.err.print("No open action items." if args.open else
                             "No action items in the meetings' minutes.")
        return 0
    out = Console(highlight=False, soft_wrap=True)
    title = None
    for a in items:
        if a.title != title:
            title = a.title
            out.print(f"[bold]{escape(a.title)}[/] [dim]{a.created[:10]} {escape(a.session_id)}[/]")
        box = "[green]✓[/]" if a.done else "☐"
        at = f" \\[{mmss(a.start)}]" if a.start is not None else ""
        out.print(f"  {box} [dim]{a.id}[/] {escape(_line(a))}{at}")
    return 0


def _line(a: Action) -> str:
    owner = f"{a.owner}: " if a.owner else ""
    due = f" (due: {a.due})" if a.due else ""
    mark = " ⚠ unverified" if a.unverified else ""
    return f"{owner}{a.task}{due}{mark}"
