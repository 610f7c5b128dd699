"""``minutia``: the command-line face of the engine.

Progress and messages go to stderr; the minutes stream to stdout, so
``minutia minutes meeting.m4a > minutes.md`` works.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import signal
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from cli import recording as cli_recording
from engine import (
    Finished,
    LanguageDetected,
    MinutesDelta,
    MinutesPlanned,
    Notice,
    SegmentAdded,
    SessionStarted,
    Stage,
    StageChanged,
    TranscriptSaved,
    __version__,
    backends,
    config_file,
    paths,
    transcript_io,
)
from engine import Progress as ProgressEvent
from engine.audio.recorder import RecordControl
from engine.background import wait_for_helpers
from engine.cancel import CancelToken
from engine.config import BACKENDS, EngineConfig
from engine.errors import Cancelled, MinutiaError, OutputError
from engine.logging_setup import setup_logging
from engine.minutes.vocabulary import Vocabulary
from engine.pipeline import Pipeline
from engine.remote import keys, remote_chat, remote_whisper
from engine.remote.consent import cli_consent
from engine.remote.endpoint import OPENAI_URL, Endpoint

log = logging.getLogger("minutia.cli")
EXIT_USER_ERROR = 2
EXIT_INTERNAL = 1
EXIT_CANCELLED = 130


def _add_engine_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("models and devices")
    g.add_argument("--whisper-model", type=Path, metavar="DIR",
                   help="faster-whisper (CTranslate2) model folder (default: embedded Whisper base)")
    g.add_argument("--llm-model", type=Path, metavar="FILE.gguf",
                   help="GGUF chat model (default: embedded SmolLM2-135M-Instruct)")
    g.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto",
                   help="where models run (default: auto, CUDA when available)")
    g.add_argument("--threads", type=int, metavar="N", help="CPU threads (default: all cores)")
    g.add_argument("--language", metavar="CODE",
                   help="spoken language, e.g. en, de (default: detected)")
    r = p.add_argument_group(
        "remote backends (opt-in; the API key comes from OPENAI_API_KEY or `minutia key set`)")
    r.add_argument("--asr-backend", choices=BACKENDS, default="local",
                   help="where speech is transcribed: local, openai (the endpoint at --base-url)"
                        " or auto (local; the endpoint only if the local model cannot run)"
                        " (default: local)")
    r.add_argument("--minutes-backend", choices=BACKENDS, default="local",
                   help="where the minutes are written, as --asr-backend (default: local)")
    r.add_argument("--base-url", default=OPENAI_URL, metavar="URL",
                   help=f"OpenAI-compatible endpoint (default: {OPENAI_URL})")
    r.add_argument("--remote-asr-model", default=remote_whisper.DEFAULT_MODEL, metavar="NAME",
                   help=f"transcription model there (default: {remote_whisper.DEFAULT_MODEL})")
    r.add_argument("--remote-minutes-model", default=remote_chat.DEFAULT_MODEL, metavar="NAME",
                   help=f"chat model there (default: {remote_chat.DEFAULT_MODEL})")
    r.add_argument("--remote-timeout", type=float, default=120.0, metavar="SECONDS",
                   help="give up on a request after this long (default: 120)")
    r.add_argument("--remote-context", type=_context_size, default=remote_chat.DEFAULT_CONTEXT,
                   metavar="TOKENS", help="the remote chat model's context window"
                   f" (default: {remote_chat.DEFAULT_CONTEXT})")
    r.add_argument("--allow-remote", action="store_true",
                   help="agree to send audio or transcript to the endpoint (without it nothing"
                        " leaves this machine)")


def _add_minutes_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("minutes")
    g.add_argument("--temperature", type=float, default=0.2,
                   help="0 = always the most likely token (reproducible); higher = more varied"
                        " (default: 0.2)")
    g.add_argument("--top-k", type=int, default=40, metavar="K",
                   help="sample only from the K most likely tokens (0: no limit; default: 40)")
    g.add_argument("--top-p", type=_fraction, default=0.95, metavar="P",
                   help="... and only from the most likely tokens that together reach"
                        " probability P (1: no limit; default: 0.95)")
    g.add_argument("--min-p", type=_fraction, default=0.05, metavar="P",
                   help="... and only tokens at least P times as likely as the most likely one"
                        " (0: no limit; default: 0.05)")
    g.add_argument("--seed", type=int, default=0, help="sampling seed (default: 0)")
    g.add_argument("--template", default="general", help="minutes template (default: general)")
    g.add_argument("--minutes-language", metavar="CODE",
                   help="write the minutes in this language, e.g. en, de (default: as spoken)")
    g.add_argument("--insights", action="store_true",
                   help="end the minutes with Insights: chapters, key terms, names, dates,"
                        " amounts and tone, each with its [mm:ss]")
    g.add_argument("--strict", action="store_true",
                   help="drop items the evidence check cannot verify (default: mark them ⚠)")
    g.add_argument("--context", type=_context_size, default=8192, metavar="TOKENS",
                   help="LLM context window; longer transcripts are summarised in chunks"
                        " (default: 8192, capped at the model's own)")


def _add_lens_options(p: argparse.ArgumentParser) -> None:
    lens = p.add_argument_group("Token Lens (how each token of the minutes was chosen)")
    lens.add_argument("--lens", type=Path, metavar="FILE",
                      help="write one JSON line per generated token: its id, text, log-probability"
                           " and the most likely alternatives")
    lens.add_argument("--lens-top", type=int, default=5, choices=range(1, 21), metavar="K",
                      help="alternatives per token in --lens (1-20, default: 5)")
    lens.add_argument("--fork-at", type=int, metavar="I",
                      help="regenerate with token I (counted from 0, as in --lens) replaced")
    lens.add_argument("--fork-token", type=int, metavar="ID", help="the token id to put at I")


def _fraction(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 1")
    return value


def _context_size(text: str) -> int:
    value = int(text)
    if value < 512:
        raise argparse.ArgumentTypeError(f"{value} is too small: use at least 512 tokens")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="minutia", description="Meeting audio in, Markdown minutes out; local models, offline.")
    parser.add_argument("--version", action="version", version=f"minutia {__version__}")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="settings file (default: $MINUTIA_CONFIG, else config.toml in the"
                             " user config folder; see the README)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    m = sub.add_parser("minutes", help="transcribe a meeting and write its minutes",
                       description="Transcribe a meeting file and stream its minutes as Markdown.")
    m.add_argument("file", nargs="?", type=Path, help="audio or video file (wav, mp3, m4a, mp4, ...)")
    m.add_argument("--transcript", type=Path, metavar="JSON",
                   help="write minutes from a saved transcript.json instead of audio")
    m.add_argument("-o", "--output", type=Path, metavar="FILE", help="also write the minutes here")
    _add_engine_options(m)
    _add_minutes_options(m)
    _add_lens_options(m)

    k = sub.add_parser("tokens", help="show how the language model splits text into tokens",
                       description="Print TEXT (or a file) as the language model's tokens:"
                                   " position, token id and the text of each, then the count.")
    k.add_argument("text", nargs="?", help="the text (default: --file)")
    k.add_argument("--file", type=Path, help="read the text from this file (a transcript, say)")
    _add_engine_options(k)

    t = sub.add_parser("transcribe", help="transcribe a meeting only",
                       description="Transcribe a meeting file.")
    t.add_argument("file", type=Path, help="audio or video file")
    t.add_argument("--format", choices=transcript_io.FORMATS, default="txt",
                   help="output format (default: txt)")
    t.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of stdout")
    _add_engine_options(t)

    g = sub.add_parser("gui", help="open the desktop app (optionally with files to process)")
    g.add_argument("files", nargs="*", type=Path, help="meeting recordings to process now")

    cli_recording.add_parsers(sub, _add_engine_options, _add_minutes_options)

    i = sub.add_parser("info", help="show models, devices and folders Minutia would use")
    _add_engine_options(i)

    key = sub.add_parser("key", help="store, show or forget the API key for a remote endpoint",
                         description="The key lives in the OS keyring (OPENAI_API_KEY, when set,"
                                     " wins); Minutia never writes it to a file.")
    key.add_argument("action", choices=("set", "show", "delete"))
    key.add_argument("--base-url", default=OPENAI_URL, metavar="URL",
                     help=f"the endpoint the key is for (default: {OPENAI_URL})")
    return parser


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line over the config file's values over the defaults."""
    parser = build_parser()
    args = parser.parse_args(argv)
    values = config_file.load(args.config)
    if values:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        config_file.check_keys(values, {a.dest for p in sub.choices.values() for a in p._actions
                                        if a.option_strings})
        command = sub.choices[args.command]
        known = {a.dest for a in command._actions if a.option_strings}
        command.set_defaults(**{k: v for k, v in values.items() if k in known})
        args = parser.parse_args(argv)
    return args


def _config(args: argparse.Namespace) -> EngineConfig:
    return EngineConfig(whisper_model=args.whisper_model, llm_model=getattr(args, "llm_model", None),
                        device=args.device, threads=args.threads, language=args.language,
                        context=getattr(args, "context", 8192),
                        template=getattr(args, "template", "general"),
                        temperature=getattr(args, "temperature", 0.2), seed=getattr(args, "seed", 0),
                        top_k=getattr(args, "top_k", 40), top_p=getattr(args, "top_p", 0.95),
                        min_p=getattr(args, "min_p", 0.05), strict=getattr(args, "strict", False),
                        minutes_language=getattr(args, "minutes_language", None),
                        insights=getattr(args, "insights", False),
                        lens_top=args.lens_top if getattr(args, "lens", None) else 0,
                        fork=_fork(args), asr_backend=args.asr_backend,
                        minutes_backend=args.minutes_backend, base_url=args.base_url,
                        remote_asr_model=args.remote_asr_model,
                        remote_minutes_model=args.remote_minutes_model,
                        remote_timeout=args.remote_timeout, remote_context=args.remote_context)


def _fork(args: argparse.Namespace) -> tuple[int, int] | None:
    at, token = getattr(args, "fork_at", None), getattr(args, "fork_token", None)
    if (at is None) != (token is None):
        raise MinutiaError("--fork-at and --fork-token go together: the position and the token id")
    if at is not None and at < 0:
        raise MinutiaError(f"--fork-at {at}: positions count from 0")
    return None if at is None else (at, token)


def _check_output(path: Path | None) -> None:
    """Fail before any slow work if the result could not be written."""
    if path is None:
        return
    parent = path.expanduser().resolve().parent
    if path.is_dir():
        raise OutputError(f"Cannot write to {path}: it is a folder")
    if not parent.is_dir():
        raise OutputError(f"Cannot write to {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise OutputError(f"Cannot write to {path}: permission denied")


def _write_output(path: Path, text: str) -> None:
    try:
        path.expanduser().write_text(text, encoding="utf-8")
    except OSError as e:
        raise OutputError(f"Cannot write to {path}: {e.strerror}") from e


class _Terminal:
    """Turns pipeline events into progress bars (stderr) and streamed minutes (stdout)."""

    def __init__(self, err: Console, stream_minutes: bool = True) -> None:
        self.err = err
        self.stream_minutes = stream_minutes
        self.bar = Progress(TextColumn("{task.description:<24}"), BarColumn(), TaskProgressColumn(),
                            TimeElapsedColumn(), TimeRemainingColumn(), console=err, transient=True)
        self.tasks: dict[Stage, int] = {}
        self.session_dir: Path | None = None
        self.saved_transcript: Path | None = None

    def __enter__(self) -> _Terminal:
        self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        self.bar.stop()

    def show(self, event) -> None:
        if isinstance(event, SessionStarted):
            self.session_dir = event.session_dir
        elif isinstance(event, StageChanged):
            if event.stage in (Stage.DECODING, Stage.TRANSCRIBING):
                self.tasks[event.stage] = self.bar.add_task(event.stage.value.capitalize(), total=None)
            elif event.stage == Stage.WRITING_MINUTES:
                self.bar.stop()
            else:
                self.err.print(f"[dim]{event.stage.value.capitalize()}…[/]")
        elif isinstance(event, ProgressEvent) and event.stage in self.tasks:
            self.bar.update(self.tasks[event.stage], completed=event.done, total=event.total or None)
        elif isinstance(event, LanguageDetected):
            self.err.print(f"[dim]Language: {event.language} ({event.probability:.0%}),"
                           f" {event.duration:.0f} s of audio[/]")
        elif isinstance(event, SegmentAdded):
            s = event.segment
            self.err.print(f"[dim]\\[{transcript_io.mmss(s.start)}][/] {s.text}", highlight=False)
        elif isinstance(event, TranscriptSaved):
            self.saved_transcript = event.path
            self.err.print(f"[dim]Transcript saved: {event.path}[/]")
        elif isinstance(event, Notice):
            self.err.print(f"[yellow]Note:[/] {event.message}")
        elif isinstance(event, MinutesPlanned):
            self.err.print(f"[dim]Minutes: {event.message}.[/]\n")
        elif isinstance(event, MinutesDelta) and self.stream_minutes:
            sys.stdout.write(event.text)
            sys.stdout.flush()


def _run_minutes(args, pipeline: Pipeline, cancel: CancelToken, term: _Terminal) -> int:
    if (args.file is None) == (args.transcript is None):
        raise MinutiaError("Give either an audio FILE or --transcript transcript.json")
    _check_output(args.output)
    _check_output(args.lens)
    if args.transcript is not None:
        transcript = transcript_io.load_transcript(args.transcript)
        title = Path(transcript.source).stem if transcript.source else args.transcript.stem
        events = pipeline.minutes_from_transcript(transcript, cancel=cancel, title=title,
                                                  source=str(args.transcript))
    else:
        events = pipeline.process_file(args.file, cancel=cancel)
    lens_lines: list[str] = []
    for event in events:
        term.show(event)
        if isinstance(event, MinutesDelta) and event.step is not None:
            lens_lines.append(json.dumps(event.step.to_json(), ensure_ascii=False))
        if isinstance(event, Finished):
            if args.lens:
                _write_output(args.lens, "".join(line + "\n" for line in lens_lines))
            if args.output:
                _write_output(args.output, event.minutes)
            term.err.print(f"\n[green]Minutes saved:[/] {event.session_dir / 'minutes.md'}"
                           + (f" and {args.output}" if args.output else ""))
    return 0


def _run_transcribe(args, pipeline: Pipeline, cancel: CancelToken, term: _Terminal) -> int:
    _check_output(args.output)
    for event in pipeline.process_file(args.file, cancel=cancel, minutes=False):
        term.show(event)
        if isinstance(event, Finished):
            text = transcript_io.render(event.transcript, args.format)
            term.bar.stop()
            if args.output:
                _write_output(args.output, text)
                term.err.print(f"[green]Transcript written:[/] {args.output}")
            else:
                sys.stdout.write(text)
    return 0


def _run_tokens(args, vocabulary: Vocabulary) -> int:
    if (args.text is None) == (args.file is None):
        raise MinutiaError("Give either TEXT or --file FILE")
    if args.file is not None:
        try:
            text = args.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise MinutiaError(f"Cannot read {args.file}: {e}") from e
    else:
        text = args.text
    tokens = vocabulary.tokens(text)
    out = Console(highlight=False)
    out.print(f"{'#':>5}  {'id':>6}  token")
    for i, (token_id, piece) in enumerate(tokens):
        out.print(f"{i:>5}  {token_id:>6}  {piece!r}", markup=False)
    out.print(f"{len(tokens)} tokens, {len(text)} characters ({vocabulary.model.name})")
    return 0


def _run_info(args, err: Console) -> int:
    config = _config(args)
    plan = backends.make_device_plan(config)
    out = Console()
    out.print(f"[bold]minutia {__version__}[/]")
    out.print(f"Devices: {plan.label}, {plan.threads} threads")
    for reason in plan.reasons:
        out.print(f"  - {reason}")
    for label, make, backend in (
            ("Speech model", backends.local_transcriber, config.asr_backend),
            ("Language model", backends.local_chat_model, config.minutes_backend)):
        try:
            ref = make(config, plan).model
            out.print(f"{label}: {ref.name} ({ref.path}) sha256 {ref.sha256[:12]}…")
        except MinutiaError as e:
            out.print(f"{label}: [red]{e}[/]")
        if backend != "local":
            model = config.remote_asr_model if make is backends.local_transcriber \
                else config.remote_minutes_model
            out.print(f"  backend {backend}: {model} at {config.base_url}")
    if (config.asr_backend, config.minutes_backend) != ("local", "local"):
        out.print(f"API key: {keys.describe(config.base_url)}")
    for name, folder in (("Sessions", paths.sessions_dir()), ("Cache", paths.cache_dir()),
                         ("Logs", paths.log_dir())):
        out.print(f"{name}: {folder}")
    return 0


def _run_key(args, err: Console) -> int:
    endpoint = Endpoint(args.base_url).label
    if args.action == "set":
        prompt = f"API key for {endpoint} (input hidden): "
        key = getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.readline()
        keys.store(endpoint, key)
        err.print(f"Stored the key {keys.masked(key.strip())} for {endpoint} in the OS keyring.")
    elif args.action == "delete":
        gone = keys.delete(endpoint)
        err.print(f"Forgot the key for {endpoint}." if gone else f"No key stored for {endpoint}.")
    else:
        print(f"{endpoint}: {keys.describe(endpoint)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        args = parse_args(argv)
    except MinutiaError as e:
        print(f"minutia: error: {e}", file=sys.stderr)
        return EXIT_USER_ERROR
    if args.command == "gui":
        # The desktop app is another face on this engine; import it only when asked for.
        import importlib
        return importlib.import_module("desktop.app").main([str(f) for f in args.files])
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    log_file = setup_logging()
    log.info("minutia %s: %s", __version__, " ".join(sys.argv[1:] if argv is None else argv))
    cancel = CancelToken()
    term = _Terminal(err)
    recording = RecordControl()

    def on_sigint(signum, frame) -> None:
        if args.command == "record" and not recording.stopping:
            recording.stop()  # the first Ctrl-C ends the recording; the minutes still follow
            return
        if cancel.cancelled:  # a second Ctrl-C: stop waiting
            raise KeyboardInterrupt
        cancel.cancel()
        err.print("\n[yellow]Cancelling…[/]")

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        if args.command == "info":
            return _run_info(args, err)
        if args.command == "devices":
            return cli_recording.run_devices(Console())
        if args.command == "key":
            return _run_key(args, err)
        config = _config(args)
        plan = backends.make_device_plan(config)
        if args.command == "tokens":
            return _run_tokens(args, Vocabulary(backends.local_chat_model(config, plan).model))
        consent = cli_consent(args.allow_remote)
        pipeline = Pipeline(config=config, device=plan,
                            transcriber=backends.make_transcriber(config, plan, consent),
                            chat_model=backends.make_chat_model(config, plan, consent)
                            if args.command != "transcribe" else None)
        if args.command == "record":
            return cli_recording.run_record(args, pipeline, cancel, term, recording)
        if args.command == "recover":
            return cli_recording.run_recover(args, pipeline, cancel, term)
        with term:
            run = _run_minutes if args.command == "minutes" else _run_transcribe
            return run(args, pipeline, cancel, term)
    except MinutiaError as e:
        log.warning("user error: %s", e)
        err.print(f"minutia: error: {e}")
        return EXIT_USER_ERROR
    except (Cancelled, KeyboardInterrupt):
        kept = term.saved_transcript or term.session_dir
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


if __name__ == "__main__":
    sys.exit(main())
