"""Minutes as a styled HTML document (for the preview and the PDF) and default file names."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import markdown as md

from engine import paths


@cache
def stylesheet() -> str:
    return (paths.assets_dir() / "styles" / "minutes.css").read_text(encoding="utf-8")


_CITE = re.compile(r"\[(\d+:\d{2}(?::\d{2})?(?:\s*[-–,]\s*\d+:\d{2}(?::\d{2})?)*)\]")
_UNVERIFIED = re.compile(r"⚠ (?:unverified )?\(\d+\)")


def _seconds(stamp: str) -> int:
    total = 0
    for part in stamp.split(":"):
        total = total * 60 + int(part)
    return total


def _linked(match: re.Match) -> str:
    """``[01:05, 01:20]`` -> one link per time (href ``t:SECONDS``), inside the brackets."""
    stamps = re.split(r"(\s*[-–,]\s*)", match.group(1))
    return "[" + "".join(f'<a class="cite" href="t:{_seconds(s)}">{s}</a>' if ":" in s else s
                         for s in stamps) + "]"


def minutes_html(markdown_text: str, *, links: bool = False) -> str:
    """A whole HTML document, styled with assets/styles/minutes.css; tables and lists kept.
    Unverified-item markers are styled; with ``links`` every [mm:ss] citation is a link to
    ``t:SECONDS`` (the preview scrolls the transcript there)."""
    body = md.markdown(markdown_text, extensions=["tables", "sane_lists"], output_format="html")
    body = _UNVERIFIED.sub(lambda m: f'<span class="unverified">{m.group(0)}</span>', body)
    if links:
        body = _CITE.sub(_linked, body)
    return (f"<html><head><meta charset='utf-8'><style>{stylesheet()}</style></head>"
            f"<body>{body}</body></html>")


def default_file_name(title: str, day: date, suffix: str) -> str:
    """``<date> <title> minutes.md``-style name, safe on every file system."""
    clean = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title).strip(" .") or "meeting"
    return f"{day.isoformat()} {clean[:80]}{suffix}"
