"""The ``minutia`` command line: every command's flags, and the settings they become.

Each command names the function that runs it (``set_defaults(run=...)``). Flag defaults are
``EngineConfig``'s own, so a default is written once, in ``engine/config.py``; the config
file's values (``--config``) come between those defaults and the flags.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cli import actions, commands, library, recording
from cli import models as models_cli
from cli import play as play_cli
from cli import transcript as transcript_cli
from cli import vocabulary as vocabulary_cli
from cli.ask import add_command as add_ask_command
from cli.speakers import USAGE as SPEAKERS_USAGE
from cli.speakers import VOICES_USAGE, speakers_command, voices_command
from engine import EngineConfig, __version__, config_file, transcript_io
from engine.config import BACKENDS
from engine.minutes.lens import MAX_TOP

DEFAULTS = EngineConfig()


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``minutia`` and its commands.

    Returns:
        The parser; a parsed command line's ``run`` is the function that runs its command.
    """
    parser = argparse.ArgumentParser(
        prog="minutia", description="Meeting audio in, Markdown minutes out; local models, offline.")
    parser.add_argument("--version", action="version", version=f"minutia {__version__}")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="settings file (default: $MINUTIA_CONFIG, else config.toml in the"
                             " user config folder; see the README)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_minutes_command(sub)
    _add_tokens_command(sub)
    _add_transcribe_command(sub)
    g = sub.add_parser("gui", help="open the desktop app (optionally with files to process)")
    g.add_argument("files", nargs="*", type=Path, help="meeting recordings to process now")
    g.set_defaults(run=commands.open_desktop)
    _add_recording_commands(sub)
    _add_speakers_command(sub)
    transcript_cli.add_command(sub)  # transcript SESSION --replace/--export (cli/transcript.py)
    play_cli.add_command(sub)  # play SESSION [--at mm:ss] (cli/play.py)
    vocabulary_cli.add_command(sub)  # vocabulary list|add|remove|on|off (cli/vocabulary.py)
    library.add_commands(sub)  # list, show, rename, delete, reindex, search (cli/library.py)
    add_ask_command(sub, _add_engine_options)  # ask (cli/ask.py)
    actions.add_commands(sub)  # actions [--open] [--done ID | --undo ID] (cli/actions.py)
    models_cli.add_command(sub)  # models list|download|remove|use (cli/models.py)
    i = sub.add_parser("info", help="show models, devices and folders Minutia would use")
    _add_engine_options(i)
    i.set_defaults(run=commands.info)
    key = sub.add_parser("key", help="store, show or forget the API key for a remote endpoint",
                         description="The key lives in the OS keyring (OPENAI_API_KEY, when set,"
                                     " wins); Minutia never writes it to a file.")
    key.add_argument("action", choices=("set", "show", "delete"))
    key.add_argument("--base-url", default=DEFAULTS.base_url, metavar="URL",
                     help=f"the endpoint the key is for (default: {DEFAULTS.base_url})")
    key.set_defaults(run=commands.key)
    return parser


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line over the config file's values over the defaults.

    Args:
        argv: the arguments after the program name; ``None`` reads ``sys.argv``.

    Returns:
        The parsed command line.

    Raises:
        MinutiaError: the config file cannot be read or names an unknown setting.
    """
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


def _add_minutes_command(sub) -> None:
    m = sub.add_parser("minutes", help="transcribe a meeting and write its minutes",
                       description="Transcribe a meeting file and stream its minutes as Markdown.")
    m.add_argument("file", nargs="?", type=Path, help="audio or video file (wav, mp3, m4a, mp4, ...)")
    m.add_argument("--transcript", type=Path, metavar="JSON|SESSION",
                   help="write minutes from a saved transcript.json, or a session folder (its"
                        " current transcript: the corrected one once corrected), instead of audio")
    m.add_argument("-o", "--output", type=Path, metavar="FILE", help="also write the minutes here")
    _add_engine_options(m)
    _add_speaker_options(m)
    _add_minutes_options(m)
    _add_lens_options(m)
    m.set_defaults(run=commands.minutes)


def _add_tokens_command(sub) -> None:
    k = sub.add_parser("tokens", help="show how the language model splits text into tokens",
                       description="Print TEXT (or a file) as the language model's tokens:"
                                   " position, token id and the text of each, then the count.")
    k.add_argument("text", nargs="?", help="the text (default: --file)")
    k.add_argument("--file", type=Path, help="read the text from this file (a transcript, say)")
    _add_engine_options(k)
    k.set_defaults(run=commands.tokens)


def _add_transcribe_command(sub) -> None:
    t = sub.add_parser("transcribe", help="transcribe a meeting only",
                       description="Transcribe a meeting file (or write a saved transcript in"
                                   " another format).")
    t.add_argument("file", nargs="?", type=Path, help="audio or video file")
    t.add_argument("--transcript", type=Path, metavar="JSON|SESSION",
                   help="a saved transcript.json (or its session folder, with its speakers'"
                        " names) instead of audio")
    t.add_argument("--format", choices=transcript_io.FORMATS, default="txt",
                   help="output format; rttm: who spoke when, one line per turn (default: txt)")
    t.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of stdout")
    _add_engine_options(t)
    _add_speaker_options(t)
    t.set_defaults(run=commands.transcribe)


def _add_recording_commands(sub) -> None:
    d = sub.add_parser("devices", help="list the input devices Minutia can record from")
    d.set_defaults(run=recording.devices)
    r = sub.add_parser("record", help="record a meeting, then write its minutes",
                       description="Record until Ctrl-C (or --duration), then transcribe and write"
                                   " the minutes. The recording is saved continuously: a crash"
                                   " loses at most the last 2 s (see `minutia recover`).")
    r.add_argument("--duration", type=float, metavar="SECONDS", help="stop after this long")
    r.add_argument("--from-file", type=Path, metavar="FILE",
                   help="replay FILE in real time as if it were the microphone (demos, tests)")
    r.add_argument("--title", help="meeting title (default: Recording <date> <time>)")
    r.add_argument("--no-live", action="store_true",
                   help="do not transcribe while recording (transcribe after Stop instead)")
    r.add_argument("-o", "--output", type=Path, metavar="DIR",
                   help="put the session folder in DIR instead of the user data dir")
    _add_engine_options(r)
    _add_speaker_options(r)
    r.add_argument("--input", dest="input_device", metavar="NAME|INDEX",
                   help="input device (default: the system's default input; see `minutia devices`)")
    _add_minutes_options(r)
    r.set_defaults(run=recording.record)
    v = sub.add_parser("recover", help="recover recordings interrupted by a crash or kill",
                       description="List recordings whose process died; recover and summarise"
                                   " them with --all or by folder.")
    v.add_argument("folders", nargs="*", type=Path, help="session folders to recover")
    v.add_argument("--all", action="store_true", help="recover every interrupted recording")
    _add_engine_options(v)
    _add_speaker_options(v)
    _add_minutes_options(v)
    v.set_defaults(run=recording.recover)


def _add_speakers_command(sub) -> None:
    s = sub.add_parser("speakers", help="list a session's speakers, or rename one",
                       usage=SPEAKERS_USAGE,
                       description="List the speakers of a session (name, talk time, turns and"
                                   " the names their words suggest), or rename one, e.g."
                                   " `minutia speakers rename SESSION \"Speaker 2\" Priya`"
                                   " (SPEAKER: \"Speaker 2\", 2, or the current name; an empty"
                                   " NAME gives back \"Speaker 2\"). Exports and minutes made"
                                   " afterwards use the names. `remember` instead of `rename`"
                                   " also remembers the speaker's voice (on this computer"
                                   " only) to name them in later meetings; see `minutia"
                                   " voices`.")
    s.add_argument("words", nargs="+", metavar="SESSION",
                   help="a session folder (or its name under the sessions folder), after"
                        " `rename` or `remember`: and SPEAKER NAME")
    s.set_defaults(run=speakers_command)
    v = sub.add_parser("voices", help="list the remembered voices, or forget one",
                       usage=VOICES_USAGE,
                       description="Voices remembered with `minutia speakers remember SESSION"
                                   " SPEAKER NAME` name that speaker in later meetings when"
                                   " they sound alike (or suggest the name when they"
                                   " probably do). They are kept on this computer only, in"
                                   " the user data folder; `minutia voices forget NAME`"
                                   " deletes one.")
    v.add_argument("words", nargs="*", metavar="forget NAME", help="forget NAME's voice")
    v.set_defaults(run=voices_command)


def _add_engine_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("models and devices")
    g.add_argument("--whisper-model", type=Path, metavar="DIR",
                   help="faster-whisper (CTranslate2) model folder (default: embedded Whisper base)")
    g.add_argument("--llm-model", type=Path, metavar="FILE.gguf",
                   help="GGUF chat model (default: embedded SmolLM2-135M-Instruct)")
    g.add_argument("--device", choices=("auto", "cpu", "cuda"), default=DEFAULTS.device,
                   help=f"where models run (default: {DEFAULTS.device}, CUDA when available)")
    g.add_argument("--threads", type=int, metavar="N", help="CPU threads (default: all cores)")
    g.add_argument("--language", metavar="CODE",
                   help="spoken language, e.g. en, de (default: detected)")
    r = p.add_argument_group(
        "remote backends (opt-in; the API key comes from OPENAI_API_KEY or `minutia key set`)")
    r.add_argument("--asr-backend", choices=BACKENDS, default=DEFAULTS.asr_backend,
                   help="where speech is transcribed: local, openai (the endpoint at --base-url)"
                        " or auto (local; the endpoint only if the local model cannot run)"
                        f" (default: {DEFAULTS.asr_backend})")
    r.add_argument("--minutes-backend", choices=BACKENDS, default=DEFAULTS.minutes_backend,
                   help="where the minutes are written, as --asr-backend"
                        f" (default: {DEFAULTS.minutes_backend})")
    r.add_argument("--base-url", default=DEFAULTS.base_url, metavar="URL",
                   help=f"OpenAI-compatible endpoint (default: {DEFAULTS.base_url})")
    r.add_argument("--remote-asr-model", default=DEFAULTS.remote_asr_model, metavar="NAME",
                   help=f"transcription model there (default: {DEFAULTS.remote_asr_model})")
    r.add_argument("--remote-minutes-model", default=DEFAULTS.remote_minutes_model, metavar="NAME",
                   help=f"chat model there (default: {DEFAULTS.remote_minutes_model})")
    r.add_argument("--remote-timeout", type=float, default=DEFAULTS.remote_timeout, metavar="SECONDS",
                   help=f"give up on a request after this long (default: {DEFAULTS.remote_timeout:g})")
    r.add_argument("--remote-context", type=_context_size, default=DEFAULTS.remote_context,
                   metavar="TOKENS", help="the remote chat model's context window"
                   f" (default: {DEFAULTS.remote_context})")
    r.add_argument("--allow-remote", action="store_true",
                   help="agree to send audio or transcript to the endpoint (without it nothing"
                        " leaves this machine)")


def _add_speaker_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("speakers (who said what)")
    g.add_argument("--speakers", dest="num_speakers", type=_speaker_count, metavar="N",
                   default=DEFAULTS.num_speakers,
                   help="there are exactly N speakers (default: found from the audio)")
    g.add_argument("--min-speakers", type=_speaker_count, default=DEFAULTS.min_speakers,
                   metavar="N", help=f"at least N speakers (default: {DEFAULTS.min_speakers})")
    g.add_argument("--max-speakers", type=_speaker_count, default=DEFAULTS.max_speakers,
                   metavar="N", help="at most N speakers (default: no limit)")
    g.add_argument("--no-speakers", dest="speakers", action="store_false",
                   default=DEFAULTS.speakers,
                   help="do not look for speakers (faster; the transcript then has none)")


def _add_minutes_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("minutes")
    g.add_argument("--temperature", type=float, default=DEFAULTS.temperature,
                   help="0 = always the most likely token (reproducible); higher = more varied"
                        f" (default: {DEFAULTS.temperature})")
    g.add_argument("--top-k", type=int, default=DEFAULTS.top_k, metavar="K",
                   help=f"sample only from the K most likely tokens (0: no limit; default: {DEFAULTS.top_k})")
    g.add_argument("--top-p", type=_fraction, default=DEFAULTS.top_p, metavar="P",
                   help="... and only from the most likely tokens that together reach"
                        f" probability P (1: no limit; default: {DEFAULTS.top_p})")
    g.add_argument("--min-p", type=_fraction, default=DEFAULTS.min_p, metavar="P",
                   help="... and only tokens at least P times as likely as the most likely one"
                        f" (0: no limit; default: {DEFAULTS.min_p})")
    g.add_argument("--seed", type=int, default=DEFAULTS.seed,
                   help=f"sampling seed (default: {DEFAULTS.seed})")
    g.add_argument("--template", default=DEFAULTS.template,
                   help=f"minutes template (default: {DEFAULTS.template})")
    g.add_argument("--minutes-language", metavar="CODE",
                   help="write the minutes in this language, e.g. en, de (default: as spoken)")
    g.add_argument("--insights", action="store_true",
                   help="end the minutes with Insights: chapters, key terms, names, dates,"
                        " amounts and tone, each with its [mm:ss]")
    g.add_argument("--strict", action="store_true",
                   help="drop items the evidence check cannot verify (default: mark them ⚠)")
    g.add_argument("--context", type=_context_size, default=DEFAULTS.context, metavar="TOKENS",
                   help="LLM context window; longer transcripts are summarised in chunks"
                        f" (default: {DEFAULTS.context}, capped at the model's own)")


def _add_lens_options(p: argparse.ArgumentParser) -> None:
    lens = p.add_argument_group("Token Lens (how each token of the minutes was chosen)")
    lens.add_argument("--lens", type=Path, metavar="FILE",
                      help="write one JSON line per generated token: its id, text, log-probability"
                           " and the most likely alternatives")
    lens.add_argument("--lens-top", type=int, default=5, choices=range(1, MAX_TOP + 1), metavar="K",
                      help=f"alternatives per token in --lens (1-{MAX_TOP}, default: 5)")
    lens.add_argument("--fork-at", type=int, metavar="I",
                      help="regenerate with token I (counted from 0, as in --lens) replaced")
    lens.add_argument("--fork-token", type=int, metavar="ID", help="the token id to put at I")


def _fraction(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 1")
    return value


def _speaker_count(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} speakers: give 1 or more")
    return value


def _context_size(text: str) -> int:
    value = int(text)
    if value < 512:
        raise argparse.ArgumentTypeError(f"{value} is too small: use at least 512 tokens")
    return value
