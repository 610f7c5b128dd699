"""`minutia actions [--open] [--json]`, `--done ID`, `--undo ID` as a user runs them: a real
library in a temporary MINUTIA_HOME, session folders made with the Session API."""

import json
import os
import subprocess
import sys

import pytest
from library_sessions import make_session

from cli.app import main

LAUNCH = """# Minutes: Launch

## Decisions

- We launch on Monday [00:11]

## Action items

- **Peter**: test the contact form (due: before Friday) [00:26]
- **(owner not stated)**: move the server (due: tomorrow) [01:23] ⚠ unverified (2)
"""
SALES = "# Sales call\n\n## Next steps\n\n- **Ana**: send the quote (due: Monday) [02:00]\n"


@pytest.fixture
def home(tmp_path):
    return tmp_path / "home"


@pytest.fixture
def root(home):
    return home / "data" / "sessions"


@pytest.fixture
def minutia(home, monkeypatch, capsys):
    """`minutia ARGS` in this process, with its exit code, stdout and stderr."""
    monkeypatch.setenv("MINUTIA_HOME", str(home))

    def run(*args):
        capsys.readouterr()
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


def test_no_meetings_no_items(minutia):
    code, out, err = minutia("actions")
    assert code == 0 and out == "" and "No action items" in err
    assert json.loads(minutia("actions", "--json")[1]) == []


def test_every_meetings_items_then_one_ticked_done_and_open_again(minutia, root):
    launch = make_session(root, "Launch", minutes=LAUNCH)
    make_session(root, "Sales call", minutes=SALES)
    code, out, err = minutia("actions")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Sales call") and "☐" in lines[1]
    assert "Ana: send the quote (due: Monday) [02:00]" in lines[1]
    assert "Peter: test the contact form (due: before Friday) [00:26]" in out
    assert "move the server (due: tomorrow) ⚠ unverified [01:23]" in out
    items = json.loads(minutia("actions", "--json")[1])
    peter = next(i for i in items if i["owner"] == "Peter")
    assert (peter["title"], peter["start"], peter["due"], peter["done"]) == \
        ("Launch", 26.0, "before Friday", None)
    code, out, err = minutia("actions", "--done", peter["id"][:5])
    assert code == 0 and f"Done: {peter['id']} Peter: test the contact form" in err
    flags = json.loads((launch / "actions.json").read_text(encoding="utf-8"))["done"]
    assert list(flags) == [peter["id"]]
    still_open = json.loads(minutia("actions", "--open", "--json")[1])
    assert peter["id"] not in [i["id"] for i in still_open] and len(still_open) == 2
    assert f"✓ {peter['id']}" in minutia("actions")[1]
    code, _, err = minutia("actions", "--undo", peter["id"])
    assert code == 0 and "Open again" in err
    assert len(json.loads(minutia("actions", "--open", "--json")[1])) == 3


def test_an_unknown_id_is_a_one_line_error(home, root, tmp_path):
    make_session(root, "Launch", minutes=LAUNCH)
    env = {**os.environ, "MINUTIA_HOME": str(home)}
    result = subprocess.run([sys.executable, "-m", "cli", "actions", "--done", "abcdef0123"],
                            env=env, capture_output=True, text=True, timeout=120,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 2, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert lines == ["minutia: error: No action item “abcdef0123” (see `minutia actions`)"]
    both = subprocess.run([sys.executable, "-m", "cli", "actions", "--done", "a", "--undo", "b"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
