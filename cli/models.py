"""``minutia models list|download|remove|use``: the model manager in the terminal.

Downloads happen only here (or in the app's Models page), never as a side effect of
loading; their progress (speed, time left) goes to stderr. A hub that cannot be reached, a
full disk, a checksum mismatch or a cancelled download exits 2 with one line.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rich.console import Console

from cli.invocation import Invocation, in_terminal
from engine import Cancelled, MinutiaError, model_choice, model_hub, model_store
from engine.config import EngineConfig
from engine.hardware import HardwareFacts, probe_hardware
from engine.model_catalog import PRESETS, ModelStage, Preset, find
from engine.model_download import DownloadFinished, DownloadProgress, DownloadStarted, download
from engine.model_overview import Overview, model_warning, overview

USAGE = ("minutia models list [--check-hub] | download ID | remove ID"
         " | use ID|PATH [--stage transcribe|minutes]")


def add_command(sub) -> None:
    """Register ``minutia models`` on the top-level subparsers."""
    m = sub.add_parser("models", help="list, download, remove or choose models", usage=USAGE,
                       description="The installed models (embedded, downloaded, added by path),"
                                   " the catalogue with what each needs, and what this machine"
                                   " should use. Downloads come from the Hugging Face Hub"
                                   " (HF_ENDPOINT for a mirror, HF_TOKEN for a token) into the"
                                   " user cache, resumable and checksum-verified.")
    m.add_argument("action", choices=("list", "download", "remove", "use"))
    m.add_argument("model", nargs="?", metavar="ID|PATH", help="a catalogue id, or a path (use)")
    m.add_argument("--stage", choices=[s.value for s in ModelStage],
                   help="use: the stage the model is for (default: from the model)")
    m.add_argument("--check-hub", action="store_true", help="list: say whether the hub answers")
    m.set_defaults(run=models_command)


def size_text(n: float) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.2f} {unit}" if unit == "GB" else f"{n / scale:.0f} {unit}"
    return f"{n:.0f} B"


def hardware_lines(facts: HardwareFacts, view: Overview | None = None) -> list[str]:
    """The machine and the preset recommended per stage (also printed by ``minutia info``)."""
    lines = ["Hardware: " + "; ".join(facts.describe())]
    view = view or overview(model_choice.current(), facts)
    for stage, rec in view.recommended.items():
        lines.append(f"Recommended for {stage.value}: {rec.preset.id} on {rec.device.upper()}"
                     f" ({rec.reason})")
    lines += [f"Warning: the {row.model.stage.value} model in use may not fit: {row.warning}"
              for row in view.installed if row.in_use and row.warning]
    return lines


def fit_warnings(config: EngineConfig, *, minutes: bool = True,
                 facts: HardwareFacts | None = None) -> list[str]:
    """Why the local models a run is about to load may not fit this machine (before loading);
    ``facts``: the machine (default: probed now)."""
    stages = [(ModelStage.TRANSCRIBE, config.whisper_model, config.asr_backend)]
    if minutes:
        stages.append((ModelStage.MINUTES, config.llm_model, config.minutes_backend))
    chosen = [(stage, path.expanduser()) for stage, path, backend in stages
              if path is not None and backend != "openai" and path.expanduser().exists()]
    if not chosen:
        return []
    facts = facts or probe_hardware()
    presets = {model_store.installed_path(p): p for p in PRESETS}
    return [w for stage, path in chosen
            if (w := model_warning(stage, presets.get(path.resolve()), path, facts))]


@in_terminal
def models_command(args: argparse.Namespace, invocation: Invocation) -> int:
    if args.action != "list" and not args.model:
        raise MinutiaError(f"Name the model: minutia models {args.action} ID")
    if args.action == "list":
        return _list(args)
    if args.action == "download":
        return _download(args.model, invocation)
    if args.action == "remove":
        freed = model_store.remove(args.model)
        invocation.err.print(f"Removed {find(args.model).id} ({size_text(freed)} freed).")
        return 0
    return _use(args, invocation)


def _list(args: argparse.Namespace) -> int:
    out = Console(highlight=False, soft_wrap=True)
    facts = probe_hardware()
    view = overview(model_choice.current(args.config), facts)
    for line in hardware_lines(facts, view):
        out.print(line, markup=False)
    out.print("\nInstalled (* in use):")
    for row in view.installed:
        m = row.model
        out.print(f"  {'*' if row.in_use else ' '} {m.stage.value:<10} {m.name:<24}"
                  f" {m.source:<10} {size_text(m.size_bytes):>9}  {m.licence}  {m.path}",
                  markup=False)
        if row.warning:
            out.print(f"      warning: {row.warning}", markup=False)
    out.print("\nCatalogue (minutia models download ID):")
    for row in view.catalogue:
        p = row.preset
        tags = [t for t, on in (("embedded", p.embedded), ("installed", row.installed),
                                ("recommended", row.recommended)) if on]
        out.print(f"  {p.id:<24} {p.stage.value:<10} {size_text(p.size_gb * 1e9):>8}"
                  f"  RAM {p.ram_gb:g} GB / VRAM {p.vram_gb:g} GB  {p.speed:<6}  {p.licence}"
                  + (f"  [{', '.join(tags)}]" if tags else ""), markup=False)
        if row.warning and not p.embedded:
            out.print(f"      does not fit: {row.warning}", markup=False)
        out.print(f"      {p.why}", markup=False)
    if args.check_hub:
        problem = model_hub.reachable()
        out.print(f"\nHub {model_hub.endpoint()}: {problem or 'reachable'}", markup=False)
    return 0


def _progress_line(event: DownloadProgress) -> str:
    left = f"{event.eta_s:.0f} s left" if event.eta_s is not None else "time left unknown"
    share = 100 * event.done_bytes / event.total_bytes if event.total_bytes else 100
    return (f"{event.preset_id}: {size_text(event.done_bytes)} of {size_text(event.total_bytes)}"
            f" ({share:.0f} %), {size_text(event.bytes_per_s)}/s, {left}")


def _download(preset_id: str, invocation: Invocation) -> int:
    err, tty = invocation.err, sys.stderr.isatty()
    last = 0.0
    try:
        for event in download(preset_id, cancel=invocation.cancel):
            if isinstance(event, DownloadStarted):
                resumed = (f", resuming after {size_text(event.resumed_bytes)}"
                           if event.resumed_bytes else "")
                err.print(f"Downloading {event.preset_id} from {model_hub.endpoint()}:"
                          f" {event.files} file(s), {size_text(event.total_bytes)}{resumed}")
            elif isinstance(event, DownloadProgress):
                now = time.monotonic()
                if tty or now - last >= 2.0 or event.done_bytes == event.total_bytes:
                    err.print(_progress_line(event), end="\r" if tty else "\n", markup=False)
                    last = now
            elif isinstance(event, DownloadFinished):
                err.print(f"\n{event.preset_id} is installed and verified: {event.path}"
                          if event.fetched_bytes or event.resumed_bytes
                          else f"{event.preset_id} is already installed: {event.path}")
                err.print(f"Use it: minutia models use {event.preset_id}")
    except Cancelled:
        raise MinutiaError(f"Download of {preset_id} cancelled; what arrived is kept: run the"
                           " same command to resume") from None
    return 0


def _resolve(args: argparse.Namespace) -> tuple[ModelStage, Path | None, str, Preset | None]:
    """(stage, path to record or None for the embedded model, name, preset) for ``use``."""
    candidate = Path(args.model).expanduser()
    if candidate.exists():
        stage = ModelStage.TRANSCRIBE if candidate.is_dir() else ModelStage.MINUTES
        if args.stage and args.stage != stage.value:
            raise MinutiaError(f"{candidate} is a {'folder' if candidate.is_dir() else 'file'}:"
                               f" that is a {stage.value} model, not a {args.stage} one")
        from engine import models
        (models.whisper_model if stage == ModelStage.TRANSCRIBE else models.llm_model)(candidate)
        return stage, candidate, candidate.name, None
    preset = find(args.model)
    if args.stage and args.stage != preset.stage.value:
        raise MinutiaError(f"{preset.id} is a {preset.stage.value} model, not a {args.stage} one")
    if preset.embedded:
        return preset.stage, None, preset.id, preset
    path = model_store.installed_path(preset)
    if path is None:
        raise MinutiaError(f"{preset.id} is not downloaded: minutia models download {preset.id}")
    return preset.stage, path, preset.id, preset


def _use(args: argparse.Namespace, invocation: Invocation) -> int:
    stage, path, name, preset = _resolve(args)
    warning = model_warning(stage, preset, path, probe_hardware())
    if warning:
        invocation.err.print(f"[yellow]Warning:[/] {warning}")
    written = model_choice.record(stage, path, args.config)
    invocation.err.print(f"{name} is now used for {stage.value} (recorded in {written}).")
    return 0
