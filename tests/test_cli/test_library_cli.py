"""`minutia list/show/rename/delete/reindex/search` as a user runs them: a real process, a
real library in a temporary MINUTIA_HOME, the system trash in a temporary XDG folder."""

import io
import json
import os
import shutil
import subprocess
import sys

import library_sessions
import pytest

from cli.app import main

LINES = [(0.0, 0, "Welcome to the budget review."),
         (65.0, 1, "We decided to book the Berlin stand for March."),
         (130.0, 0, "Priya will send the invoice by Thursday.")]


def make_session(root, title, lines=LINES, *, minutes="# Minutes\n\n- Berlin stand booked [01:05]\n"):
    return library_sessions.make_session(root, title, lines, minutes=minutes, names={1: "Marta"})


@pytest.fixture
def home(tmp_path):
    return tmp_path / "home"


@pytest.fixture
def root(home):
    return home / "data" / "sessions"


class Result:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def minutia(home, monkeypatch, capsys):
    """`minutia ARGS` in this process (a second each saved), with its exit code and output."""
    monkeypatch.setenv("MINUTIA_HOME", str(home))

    def run(*args):
        capsys.readouterr()
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return Result(code, out.out, out.err)
    return run


@pytest.fixture
def minutia_process(home, tmp_path):
    """`minutia ARGS` as its own process, with the system trash in a temporary XDG folder
    (Send2Trash reads XDG_DATA_HOME when it is imported)."""
    env = {**os.environ, "MINUTIA_HOME": str(home), "XDG_DATA_HOME": str(tmp_path / "xdg")}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "cli", *map(str, args)], env=env,
                              capture_output=True, text=True, timeout=120,
                              stdin=subprocess.DEVNULL)
    return run


def assert_one_line_error(result, fragment):
    assert result.returncode == 2, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("minutia: error:"), result.stderr
    assert fragment in lines[0], result.stderr


def test_an_empty_library(minutia):
    listed = minutia("list")
    assert listed.returncode == 0 and listed.stdout == ""
    assert "No meetings yet" in listed.stderr
    assert json.loads(minutia("list", "--json").stdout) == []
    found = minutia("search", "--json", "anything")
    assert found.returncode == 0 and json.loads(found.stdout) == []


def test_list_show_and_search(minutia, root):
    berlin = make_session(root, "Trade show")
    make_session(root, "Kitchen", [(0.0, 0, "Tiles by Friday, says the plumber.")],
                 minutes="# Kitchen\n\n- Tiles chosen by Friday [00:00]\n")
    listed = minutia("list")
    assert listed.returncode == 0, listed.stderr
    assert "Trade show" in listed.stdout and "minutes written" in listed.stdout
    assert "Speaker 1, Marta" in listed.stdout and "02:14" in listed.stdout
    [entry] = [e for e in json.loads(minutia("list", "--json").stdout) if e["id"] == berlin.name]
    assert entry["speakers"] == ["Speaker 1", "Marta"] and entry["status"] == "minutes written"
    assert entry["minutes"] == str(berlin / "minutes.md")
    shown = minutia("show", berlin.name[:-3])
    assert shown.returncode == 0 and "Berlin stand booked [01:05]" in shown.stdout
    hits = json.loads(minutia("search", "--json", "--words-only", "invoice").stdout)
    assert [(h["session"], h["start"], h["speaker"], h["kind"]) for h in hits] == \
        [(berlin.name, 130.0, "Speaker 1", "segment")]
    assert "**invoice**" in hits[0]["snippet"]
    text = minutia("search", "Berlin stand")
    assert text.returncode == 0 and "[01:05] Marta: We decided to book the Berlin stand" in text.stdout
    meant = minutia("search", "--limit", "1", "exhibition booth in Germany").stdout.splitlines()
    assert "Trade show" in meant[0] and meant[0].endswith("close in meaning")


def test_queries_with_fts_syntax_never_fail(minutia, root):
    make_session(root, "Trade show")
    for query in ['"Berlin', 'NEAR(', '*', 'stand AND OR', '"', '-']:
        result = minutia("search", "--words-only", query)
        assert result.returncode == 0, (query, result.stderr)
        assert "Traceback" not in result.stderr


def test_rename_then_delete_to_the_trash(minutia_process, root, tmp_path):
    minutia = minutia_process
    folder = make_session(root, "Old name")
    renamed = minutia("rename", folder.name, "Berlin fair")
    assert renamed.returncode == 0 and "“Old name” → “Berlin fair”" in renamed.stderr
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["title"] == "Berlin fair"
    assert json.loads(minutia("list", "--json").stdout)[0]["title"] == "Berlin fair"
    refused = minutia("delete", folder.name)  # no terminal to ask on, no --yes
    assert_one_line_error(refused, "add --yes")
    assert folder.is_dir()
    deleted = minutia("delete", "--yes", folder.name)
    assert deleted.returncode == 0 and "Moved to the trash" in deleted.stderr
    assert not folder.exists()
    assert (tmp_path / "xdg" / "Trash" / "files" / folder.name / "manifest.json").is_file()
    assert json.loads(minutia("list", "--json").stdout) == []


def test_reindex_finds_a_copied_folder_and_names_a_broken_one(minutia, root, tmp_path):
    make_session(root, "Here")
    assert minutia("reindex", "--words-only").returncode == 0
    copied = make_session(tmp_path / "elsewhere", "From elsewhere",
                          [(7.0, 0, "The warehouse lease ends in June.")])
    shutil.copytree(copied, root / copied.name)
    broken = root / "20260101-090000-broken"
    broken.mkdir()
    (broken / "manifest.json").write_text("{not json", encoding="utf-8")
    result = minutia("reindex")
    assert result.returncode == 0, result.stderr
    assert "Indexed 2 meetings (1 new, 0 gone, 1 skipped)" in result.stderr
    assert f"skipped {broken}: manifest.json is not valid JSON" in result.stderr
    assert "Meaning search:" in result.stderr
    hits = json.loads(minutia("search", "--json", "warehouse").stdout)
    assert hits[0]["session"] == copied.name and hits[0]["start"] == 7.0


def test_unknown_and_ambiguous_sessions_are_one_line_errors(minutia, root):
    a, _ = make_session(root, "First"), make_session(root, "Second")
    assert_one_line_error(minutia("show", "nosuch"), "No meeting “nosuch”")
    assert_one_line_error(minutia("rename", a.name[:8], "X"), "fits several meetings")
    assert_one_line_error(minutia("rename", a.name, " "), "The new title is empty")
    assert_one_line_error(minutia("search", "--limit", "0", "x"), "--limit must be 1 or more")


class _Typed(io.StringIO):
    def isatty(self):
        return True


def test_delete_asks_first_on_a_terminal(minutia, root, monkeypatch):
    folder = make_session(root, "Keep me")
    monkeypatch.setattr(sys, "stdin", _Typed("n\n"))
    kept = minutia("delete", "--permanent", folder.name)
    assert kept.returncode == 0 and "Nothing deleted" in kept.stderr and folder.is_dir()
    assert "Delete for good: “Keep me”" in kept.stdout  # the question
    monkeypatch.setattr(sys, "stdin", _Typed("y\n"))
    gone = minutia("delete", "--permanent", folder.name)
    assert gone.returncode == 0 and "Deleted for good" in gone.stderr and not folder.exists()
