"""`minutia ask` as a user runs it: a real library in a temporary MINUTIA_HOME, the real
embedding model and the real embedded SmolLM2."""

import json

import pytest
from library_sessions import BERLIN, make_session

from cli.app import main

KITCHEN = [(0.0, 0, "The kitchen renovation starts next week."),
           (95.0, 1, "The plumber needs the tiles chosen by Friday.")]


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("MINUTIA_HOME", str(home))
    return home


@pytest.fixture
def minutia(home, capsys):
    def run(*args):
        capsys.readouterr()
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


@pytest.fixture
def meetings(home):
    root = home / "data" / "sessions"
    return {"berlin": make_session(root, "Trade show planning", BERLIN,
                                   names={0: "Marta", 1: "Priya"}).name,
            "kitchen": make_session(root, "Kitchen works", KITCHEN).name}


def test_ask_answers_with_a_citation_to_the_meeting(minutia, meetings):
    code, out, err = minutia("ask", "When will the invoice go to the printer?", "--threads", "2")
    assert code == 0, err
    assert "[Trade show planning, 02:10]" in out and "Thursday" in out
    assert "Kitchen works" not in out
    assert "Answering from" in err


def test_ask_json_refuses_what_no_meeting_says(minutia, meetings):
    code, out, err = minutia("ask", "What is the password for the guest Wi-Fi?", "--json")
    assert code == 0, err
    answer = json.loads(out)
    assert answer["status"] == "not found"
    assert answer["answer"] == "Not found in your meetings."
    assert answer["sentences"] == [] and answer["model_text"] == ""


def test_ask_json_keeps_to_the_meeting_asked(minutia, meetings):
    code, out, err = minutia("ask", "When are the tiles needed?", "--json",
                             "--meeting", meetings["kitchen"])
    assert code == 0, err
    answer = json.loads(out)
    assert answer["status"] in ("answered", "quoted")
    assert {c["session"] for s in answer["sentences"] for c in s["citations"]} == {
        meetings["kitchen"]}
    assert {s["session"] for s in answer["sources"]} == {meetings["kitchen"]}


def test_ask_in_an_empty_library_says_so(minutia, home):
    code, out, err = minutia("ask", "What did we decide?")
    assert code == 0, err
    assert out.strip() == "Your library has no meetings yet."


def test_ask_with_a_bad_date_or_meeting_is_a_user_error(minutia, meetings):
    code, _, err = minutia("ask", "invoice", "--since", "yesterday")
    assert code == 2 and "not a date" in err
    code, _, err = minutia("ask", "invoice", "--meeting", "nothing-like-this")
    assert code == 2 and "No meeting" in err


def test_ask_with_fts_syntax_characters_does_not_fail(minutia, meetings):
    code, out, err = minutia("ask", '"unbalanced NEAR( * AND', "--json")
    assert code == 0, err
    assert json.loads(out)["status"] in ("not found", "answered", "quoted")
