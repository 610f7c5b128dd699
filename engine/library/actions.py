"""Open action items across meetings: every task in each session's minutes, with its owner,
due date, source meeting and moment, and whether the user ticked it done.

The minutes are parsed as the writer leaves them (``- **Owner**: task (due: Friday)
[01:05]`` under "Action items" or "Next steps"); a model's own bullets there count too.
The done flags live in the session folder (``actions.json``, the source of truth, copied
with the folder) and in the index (a cache re-read when that file changes). An item's id is
a hash of its meeting and its words (owner and task), so the flag survives an edit of the
minutes that keeps them.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from engine import paths
from engine.errors import InputError, OutputError

ACTIONS_FILE = "actions.json"
ID_LENGTH = 10
# Section titles that hold tasks (the templates' "Action items", "Next steps").
_SECTION = re.compile(r"\b(action items?|actions|next steps|tasks|to-?dos?)\b", re.IGNORECASE)
_HEADING = re.compile(r"^\s*#{1,6}\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*\S)\s*$")
_OWNER = re.compile(r"^\*\*(.+?)\*\*\s*:\s*(.*)$")
_DUE = re.compile(r"\s*\(due:\s*([^)]*)\)", re.IGNORECASE)
_STAMP = re.compile(r"\s*\[((?:\d+:)?\d+:\d{2})(?:,[^\]]*)?\]")
_EVIDENCE = re.compile(r"^\s*_Evidence:")  # engine.minutes.grounding's closing paragraph
_UNVERIFIED = re.compile(r"\s*⚠ unverified \(\d+\)")
_NO_TASK = {"none recorded", "none", "nothing recorded", "no action items", "n/a"}
_NOT_STATED = {"", "not stated", "(owner not stated)", "owner not stated", "none"}


@dataclass(frozen=True)
class ParsedAction:
    """One task as the minutes state it."""

    task: str
    owner: str | None
    due: str | None
    start: float | None
    unverified: bool  # the evidence check could not find it in the transcript


@dataclass(frozen=True)
class Action:
    """One action item in the library: the task, where it was said, and its done flag."""

    id: str
    session_id: str
    title: str  # the meeting's
    created: str
    path: Path
    task: str
    owner: str | None
    due: str | None
    start: float | None
    unverified: bool
    done: str | None  # when it was ticked done (ISO), None while open

    def to_json(self) -> dict:
        return {"id": self.id, "task": self.task, "owner": self.owner, "due": self.due,
                "start": self.start, "done": self.done, "unverified": self.unverified,
                "session": self.session_id, "title": self.title, "created": self.created,
                "path": str(self.path)}


def parse_actions(markdown: str) -> list[ParsedAction]:
    """The tasks in ``markdown`` (minutes): bullets under an action heading, and any bullet
    that states a due date the writer's way (``(due: ...)``)."""
    found: list[ParsedAction] = []
    in_section = False
    for line in markdown.splitlines():
        if _EVIDENCE.match(line):
            break  # the evidence check's paragraph and footnotes (they quote items) end it
        heading = _HEADING.match(line)
        if heading:
            in_section = bool(_SECTION.search(heading.group(1)))
            continue
        bullet = _BULLET.match(line)
        if bullet and (in_section or _DUE.search(line)):
            item = _parse_item(bullet.group(1))
            if item is not None:
                found.append(item)
    return found


def _parse_item(text: str) -> ParsedAction | None:
    if text.startswith("⚠"):  # a footnote of the evidence check, not an item
        return None
    unverified = bool(_UNVERIFIED.search(text))
    text = _UNVERIFIED.sub("", text)
    stamp = _STAMP.search(text)
    start = _seconds(stamp.group(1)) if stamp else None
    text = _STAMP.sub("", text)
    due_match = _DUE.search(text)
    due = due_match.group(1).strip() if due_match else None
    text = _DUE.sub("", text).strip()
    owner = None
    named = _OWNER.match(text)
    if named:
        owner, text = named.group(1).strip(), named.group(2).strip()
    text = text.replace("**", "").strip().rstrip(".").strip()
    if len(re.findall(r"\w+", text)) < 2 or text.lower() in _NO_TASK:
        return None
    return ParsedAction(text, _stated(owner), _stated(due), start, unverified)


def _stated(value: str | None) -> str | None:
    return None if value is None or value.strip().lower() in _NOT_STATED else value.strip()


def _seconds(stamp: str) -> float:
    seconds = 0
    for part in stamp.split(":"):
        seconds = seconds * 60 + int(part)
    return float(seconds)


def action_ids(session_id: str, items: list[ParsedAction]) -> list[str]:
    """Each item's id: its meeting and its words (the same task twice gets a second id)."""
    seen: dict[str, int] = {}
    ids = []
    for item in items:
        words = " ".join(re.findall(r"\w+", f"{item.owner or ''} {item.task}".casefold()))
        n = seen[words] = seen.get(words, 0) + 1
        key = f"{session_id}\0{words}\0{n}"
        ids.append(hashlib.sha1(key.encode("utf-8")).hexdigest()[:ID_LENGTH])
    return ids


def load_done(folder: Path) -> dict[str, str]:
    """The done flags kept in ``folder`` (item id -> when it was ticked); {} when none.

    A damaged actions.json counts as no flags (the minutes are still listed)."""
    try:
        data = json.loads((Path(folder) / ACTIONS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    done = data.get("done") if isinstance(data, dict) else None
    if not isinstance(done, dict):
        return {}
    return {str(k): str(v.get("at") if isinstance(v, dict) else v) for k, v in done.items()}


def save_done(folder: Path, action_id: str, task: str, done: bool) -> None:
    """Tick ``action_id`` done (or open again) in ``folder``'s actions.json.

    Raises:
        OutputError: the file cannot be written.
    """
    path = Path(folder) / ACTIONS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict) or not isinstance(data.get("done"), dict):
        data = {"done": {}}
    if done:
        data["done"][action_id] = {"at": datetime.now().isoformat(timespec="seconds"),
                                   "task": task}
    else:
        data["done"].pop(action_id, None)
    try:
        paths.write_atomic(path, json.dumps(data, indent=1, ensure_ascii=False))
    except OSError as e:
        raise OutputError(f"Cannot save the done flag in {path}: {e.strerror or e}") from e


def find(conn, ref: str) -> tuple[str, str, str]:
    """The (id, session id, task) of the item ``ref`` names: its id or the start of it.

    Raises:
        InputError: no such item, or the start fits several.
    """
    ref = ref.strip().lower()
    if not ref or not re.fullmatch(r"[0-9a-f]+", ref):
        raise InputError(f"“{ref}” is not an action item's id (see `minutia actions`)")
    rows = conn.execute("SELECT id, session_id, task FROM actions WHERE id LIKE ? ORDER BY id"
                        " LIMIT 6", (ref + "%",)).fetchall()
    if not rows:
        raise InputError(f"No action item “{ref}” (see `minutia actions`)")
    if len(rows) > 1 and rows[0][0] != ref:
        raise InputError(f"“{ref}” fits several action items: "
                         + ", ".join(r[0] for r in rows[:5]) + "; give more of the id")
    return rows[0]


_SELECT = ("SELECT a.id, a.session_id, s.title, s.created, s.path, a.task, a.owner, a.due,"
           " a.start, a.unverified, a.done FROM actions a JOIN sessions s ON s.id = a.session_id")


def listed(conn, *, open_only: bool = False, action_id: str | None = None) -> list[Action]:
    """The indexed action items, newest meeting first, in the minutes' order."""
    where, args = [], []
    if open_only:
        where.append("a.done IS NULL")
    if action_id is not None:
        where.append("a.id = ?")
        args.append(action_id)
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
    rows = conn.execute(sql + " ORDER BY s.created DESC, s.id DESC, a.position", args)
    return [Action(r[0], r[1], r[2], r[3], Path(r[4]), r[5], r[6], r[7], r[8], bool(r[9]), r[10])
            for r in rows.fetchall()]
