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


def minutes_html(markdown_text: str) -> str:
    """A whole HTML document, styled with assets/styles/minutes.css; tables and lists kept."""
    body = md.markdown(markdown_text, extensions=["tables", "sane_lists"], output_format="html")
    return (f"<html><head><meta charset='utf-8'><style>{stylesheet()}</style></head>"
            f"<body>{body}</body></html>")


def default_file_name(title: str, day: date, suffix: str) -> str:
    """``<date> <title> minutes.md``-style name, safe on every file system."""
    clean = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title).strip(" .") or "meeting"
    return f"{day.isoformat()} {clean[:80]}{suffix}"
