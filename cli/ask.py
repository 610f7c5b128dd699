"""``minutia ask "QUESTION"``: an answer from your meetings, every sentence citing
``[meeting title, mm:ss]`` and checked against what was said there (engine.library.ask).

The answer goes to stdout sentence by sentence as each passes the check; what the model
wrote that the check could not verify is left out and named on stderr with the reason.
``--json`` prints the whole answer (sentences, left-out sentences, sources) as one object.
"""

from __future__ import annotations

import argparse
import json

from rich.console import Console
from rich.markup import escape

from cli.compose import engine_config
from cli.invocation import Invocation, in_terminal
from engine import MinutiaError, ModelError, backends
from engine.library import Library
from engine.library.ask import (
    QUOTED,
    Answer,
    Answered,
    AskOptions,
    SentenceChecked,
    SourcesFound,
    ask,
)
from engine.library.ask_check import is_claim
from engine.library.ask_consent import AskConsent
from engine.remote.consent import cli_consent
from engine.transcript_io import mmss


def add_command(sub, engine_options) -> None:
    """Register ``ask`` on ``minutia``'s subparsers; ``engine_options`` adds the model,
    device and remote-backend flags (cli.parser)."""
    a = sub.add_parser("ask", help="answer a question from your meetings, with citations",
                       description="Find the passages of your meetings that answer QUESTION"
                                   " (by words and meaning), let the language model answer"
                                   " from them alone, and show only the sentences the"
                                   " evidence check verifies, each with [meeting, mm:ss]. When"
                                   " none is verified, the best-matching passage is quoted;"
                                   " when nothing is close enough: 'Not found in your"
                                   " meetings.'")
    a.add_argument("question", metavar="QUESTION")
    a.add_argument("--meeting", action="append", default=[], metavar="SESSION",
                   help="only this meeting (its folder, id or the start of its id); repeat"
                        " for several")
    a.add_argument("--since", metavar="DATE", help="only meetings on or after DATE (YYYY-MM-DD)")
    a.add_argument("--json", action="store_true", help="the answer as one JSON object")
    engine_options(a)
    a.set_defaults(run=ask_command)


@in_terminal
def ask_command(args: argparse.Namespace, invocation: Invocation) -> int:
    """``minutia ask QUESTION``: the checked answer, streamed sentence by sentence."""
    config = engine_config(args)
    plan = backends.make_device_plan(config)
    model = backends.make_chat_model(config, plan,
                                     AskConsent(cli_consent(args.allow_remote)))
    out = Console(highlight=False, soft_wrap=True)
    with Library() as library:
        report = library.sync()
        for s in report.skipped:
            invocation.err.print(f"[yellow]skipped[/] {escape(str(s.path))}: {escape(s.reason)}")
        options = AskOptions(meetings=tuple(args.meeting), since=args.since)
        try:
            answer = _run(library, model, args, options, invocation, out)
        except ModelError as e:
            raise ModelError(f"{e} (ask needs the embedding model to find passages)") from e
        finally:
            model.close()
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=1))
    else:
        _left_out(answer, invocation)
    return 0


def _run(library: Library, model, args: argparse.Namespace, options: AskOptions,
         invocation: Invocation, out: Console) -> Answer:
    shown = False
    for event in ask(library, model, args.question, options=options, cancel=invocation.cancel):
        if isinstance(event, SourcesFound) and not args.json:
            meetings = {s.meeting.id for s in event.sources}
            invocation.err.print(f"[dim]Answering from {len(event.sources)} passage"
                                 f"{'s' if len(event.sources) != 1 else ''} of"
                                 f" {len(meetings)} meeting{'s' if len(meetings) != 1 else ''}…[/]")
        elif isinstance(event, SentenceChecked) and not args.json:
            if event.sentence.verified and is_claim(event.sentence.text):
                out.print(escape(event.sentence.shown))
                shown = True
        elif isinstance(event, Answered):
            if not args.json and not shown:
                out.print(escape(event.answer.text))
            return event.answer
    raise MinutiaError("The answer ended early")


def _left_out(answer: Answer, invocation: Invocation) -> None:
    """On stderr: the model's sentences the check did not verify, and the passages used."""
    if answer.left_out:
        n = len(answer.left_out)
        invocation.err.print(f"[yellow]Left out {n} sentence{'s' if n != 1 else ''} of the"
                             " model's answer that the evidence check could not verify:[/]")
        for s in answer.left_out:
            invocation.err.print(f"  [dim]⚠ “{escape(s.text)}”: {escape(s.reason)}[/]")
    if answer.status == QUOTED or answer.sources:
        invocation.err.print("[dim]Passages searched:[/] " + "; ".join(
            escape(f"{s.meeting.title} {mmss(s.meeting.segments[s.indexes[0]].start)}")
            for s in answer.sources))
