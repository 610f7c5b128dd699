"""Minutes templates (TOML files in assets/templates and the user's templates folder)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from engine import paths
from engine.errors import InputError
from engine.minutes.forms import FORMS
from engine.speakers import display_name
from engine.transcript_io import mmss
from engine.types import Segment


@dataclass(frozen=True)
class Section:
    title: str
    instruction: str
    max_tokens: int = 200
    source: str = "model"  # "model": generated; "transcript": quoted items (see extract.py)
    items: str = ""  # with source "transcript": decisions | actions | questions
    form: str = "text"  # with source "model": "text" or "list" (see forms.py)
    # with source "model": "items" replaces a draft that fails the check with one composed
    # from the verified items (summary_compose.py); the default for a text "...Summary"
    fallback: str = ""


@dataclass(frozen=True)
class Template:
    key: str
    name: str
    system: str
    condense: str
    sections: tuple[Section, ...]


def template_dirs() -> list[Path]:
    """Built-in templates first; a user's file of the same name wins."""
    return [paths.assets_dir() / "templates", paths.data_dir() / "templates"]


def available_templates() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in template_dirs():
        if folder.is_dir():
            found.update({p.stem: p for p in sorted(folder.glob("*.toml"))})
    return found


def load_template(key: str = "general") -> Template:
    """Load a template by name (the file name without .toml) or by path.

    Raises:
        InputError: no such template, or the file is malformed.
    """
    path = Path(key) if key.endswith(".toml") else available_templates().get(key)
    if path is None or not path.is_file():
        names = ", ".join(available_templates()) or "none"
        raise InputError(f"No minutes template {key!r} (available: {names})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        sections = tuple(Section(s["title"], s.get("instruction", "").strip(),
                                 int(s.get("max_tokens", 200)), s.get("source", "model"),
                                 s.get("items", ""), s.get("form", "text"),
                                 s.get("fallback", _fallback(s)))
                         for s in data["sections"])
        for section in sections:
            if section.source not in ("model", "transcript") or (
                    section.source == "transcript"
                    and section.items not in ("decisions", "actions", "questions")) or (
                    section.source == "model" and not section.instruction) or (
                    section.form not in FORMS) or section.fallback not in ("", "items", "none"):
                raise ValueError(f"section {section.title!r}: source must be model (with an"
                                 " instruction) or transcript (with items = decisions, actions"
                                 " or questions), form text or list, fallback items or"
                                 " none")
        return Template(path.stem, data.get("name", path.stem), data["system"].strip(),
                        data["condense"].strip(), sections)
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as e:
        raise InputError(f"Minutes template {path} is malformed: {e}") from e


def _fallback(section: Mapping) -> str:
    """A model-written prose section titled "...summary" falls back on the items."""
    summary = section.get("source", "model") == "model" and section.get("form", "text") == "text" \
        and "summary" in str(section.get("title", "")).lower()
    return "items" if summary else ""


def transcript_lines(segments: list[Segment], names: Mapping[int, str] | None = None
                     ) -> list[str]:
    """One ``[mm:ss] text`` line per segment, ``[mm:ss] Name: text`` when its speaker is
    known (``names``: the speakers' names; "Speaker N" for the rest): what the model reads
    and cites."""
    return [f"[{mmss(s.start)}] {_speaking(s, names or {})}{s.text.strip()}"
            for s in segments if s.text.strip()]


def _speaking(segment: Segment, names: Mapping[int, str]) -> str:
    return "" if segment.speaker is None else f"{display_name(segment.speaker, names)}: "


LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
             "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "sv": "Swedish", "da": "Danish",
             "no": "Norwegian", "fi": "Finnish", "cs": "Czech", "tr": "Turkish", "ru": "Russian",
             "uk": "Ukrainian", "el": "Greek", "ja": "Japanese", "zh": "Chinese", "ko": "Korean",
             "ar": "Arabic", "hi": "Hindi"}


def in_language(instruction: str, language: str | None) -> str:
    """The instruction, asking for ``language`` (a Whisper code) unless it is English, which
    the prompts are written in."""
    if not language or language == "en":
        return instruction
    return f"{instruction} Write in {LANGUAGES.get(language, language)}."


def section_messages(template: Template, section: Section, material: str,
                     language: str | None = None) -> list[dict]:
    # The material comes first and the instruction last, so every section shares the
    # longest possible prompt prefix and llama.cpp re-uses its evaluated KV cache.
    return [{"role": "system", "content": template.system},
            {"role": "user", "content": f"Meeting transcript:\n{material}\n\n"
                                        f"{in_language(section.instruction, language)}"}]


def condense_messages(template: Template, part: str, index: int, count: int,
                      language: str | None = None) -> list[dict]:
    return [{"role": "system", "content": template.system},
            {"role": "user", "content": f"Meeting transcript, part {index} of {count}:\n{part}"
                                        f"\n\n{in_language(template.condense, language)}"}]
