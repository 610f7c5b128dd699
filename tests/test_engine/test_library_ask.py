"""Questions answered across meetings (engine.library.ask): real SQLite, the real
all-MiniLM-L6-v2 embeddings, and the real embedded SmolLM2 where the test is about the
answer. Three meetings; a question answered in one of them is answered with a citation to
it, one answered in none is refused without asking the model."""

import pytest
from library_sessions import BERLIN, make_session
from real_models import real_backends

from engine.errors import InputError
from engine.library import Embedder, Library
from engine.library import ask as ask_module
from engine.library.ask import NOT_FOUND, Answered, AskOptions, SentenceChecked, SourcesFound, ask
from engine.library.ask_check import Given, Sentences, check, cited
from engine.library.ask_sources import retrieve

KITCHEN = [(0.0, 0, "The kitchen renovation starts next week."),
           (42.0, 1, 'The budget is "tight", near the limit * we set (roughly).'),
           (95.0, 0, "The plumber needs the tiles chosen by Friday.")]
HIRING = [(0.0, 0, "We have three candidates for the data engineer role."),
          (75.0, 1, "Sam interviews the last one on Tuesday."),
          (140.0, 1, "The offer goes out once references are checked.")]


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    base = tmp_path_factory.mktemp("ask")
    root = base / "sessions"
    ids = {"berlin": make_session(root, "Trade show planning", BERLIN,
                                  names={0: "Marta", 1: "Priya"}).name,
           "kitchen": make_session(root, "Kitchen works", KITCHEN).name,
           "hiring": make_session(root, "Hiring round", HIRING, minutes=None).name}
    with Library(root=root, index_path=base / "library.sqlite3", embedder=Embedder()) as lib:
        lib.sync()
        lib.ids = ids
        yield lib


@pytest.fixture(scope="module")
def model():
    return real_backends()[3]  # the embedded SmolLM2-135M-Instruct, temperature 0


def answered(library, model, question, **options):
    events = list(ask(library, model, question, options=AskOptions(**options)))
    assert isinstance(events[-1], Answered)
    return events, events[-1].answer


def test_a_question_answered_in_one_of_three_meetings_cites_that_meeting(library, model):
    events, answer = answered(library, model, "When will the invoice go to the printer?")
    assert answer.status in (ask_module.ANSWERED, ask_module.QUOTED)
    assert answer.citations, answer.text
    assert {c.session_id for c in answer.citations} == {library.ids["berlin"]}
    assert 130.0 in {c.start for c in answer.citations}  # the moment that says it
    assert "Thursday" in answer.text and "[Trade show planning, 02:10]" in answer.text
    sources = next(e for e in events if isinstance(e, SourcesFound)).sources
    assert sources[0].meeting.id == library.ids["berlin"]
    # every sentence shown passed the check; what failed it is kept aside with a reason
    assert all(s.verified for s in answer.sentences)
    assert all(not s.verified and s.reason for s in answer.left_out)
    passed = [e.sentence for e in events if isinstance(e, SentenceChecked) and e.sentence.verified]
    if answer.status == ask_module.ANSWERED:  # the model's own sentences, as they streamed
        assert passed == answer.sentences
    else:  # none passed: the passage, quoted
        assert answer.text.startswith("The model's answer could not be verified")
        assert all(s.text.startswith("“") for s in answer.sentences)


def test_a_question_answered_in_no_meeting_is_refused_without_the_model(library, model):
    events, answer = answered(library, model, "What is the password for the guest Wi-Fi?")
    assert answer.status == ask_module.NOT_FOUND_STATUS and answer.text == NOT_FOUND
    assert answer.relevance < ask_module.MIN_RELEVANCE
    assert answer.model_text == "" and answer.citations == []
    assert len(events) == 1  # no sources offered, nothing streamed


@pytest.mark.parametrize("question", ['"', '"unbalanced quote', "NEAR(budget limit)", "*",
                                      "budget AND", "(roughly", "-budget", "text:budget", "\0",
                                      "tiles* OR \"tight"])
def test_fts_syntax_characters_in_the_question_never_cause_an_error(library, question):
    # retrieval is where the user's text meets FTS5 and the embedder
    found = retrieve(library, question)
    assert all(s.meeting.id in library.ids.values() for s in found)
    events = list(ask(library, None, question, options=AskOptions(min_relevance=1.01)))
    assert [type(e) for e in events] == [Answered]


def test_a_question_with_fts_syntax_is_still_answered(library, model):
    _, answer = answered(library, model, 'tiles "chosen by*')
    assert answer.status in (ask_module.ANSWERED, ask_module.QUOTED)
    assert {c.session_id for c in answer.citations} == {library.ids["kitchen"]}
    assert "Friday" in answer.text


def test_an_empty_library_says_so(tmp_path, model):
    with Library(root=tmp_path / "sessions", index_path=tmp_path / "index.sqlite3",
                 embedder=Embedder()) as empty:
        empty.sync()
        _, answer = answered(empty, model, "What did we decide about Berlin?")
    assert answer.status == ask_module.EMPTY_STATUS
    assert answer.text == "Your library has no meetings yet."


def test_meeting_and_since_limit_where_the_answer_may_come_from(library, model):
    _, only_kitchen = answered(library, model, "When will the invoice go to the printer?",
                               meetings=(library.ids["kitchen"],))
    assert library.ids["berlin"] not in {c.session_id for c in only_kitchen.citations}
    _, later = answered(library, model, "When will the invoice go to the printer?",
                        since="2999-01-01")
    assert later.status == ask_module.NOT_FOUND_STATUS
    with pytest.raises(InputError, match="not a date"):
        answered(library, model, "invoice", since="last Tuesday")
    with pytest.raises(InputError, match="No meeting"):
        answered(library, model, "invoice", meetings=("no-such-meeting",))
    with pytest.raises(InputError, match="empty"):
        answered(library, model, "  ")


def given(library, question):
    return Given(retrieve(library, question), question)


def test_the_check_verifies_what_was_said_at_the_cited_moment(library):
    g = given(library, "When is the Berlin stand booked?")
    ok = check("The Berlin stand is booked for March [Trade show planning, 01:05].", g)
    assert ok.verified and ok.text == "The Berlin stand is booked for March."
    assert [(c.session_id, c.start) for c in ok.citations] == [(library.ids["berlin"], 65.0)]
    uncited = check("They booked the Berlin stand for March.", g)
    assert uncited.verified and [c.start for c in uncited.citations] == [65.0]


def test_the_check_rejects_invented_details_and_wrong_moments(library):
    g = given(library, "When is the Berlin stand booked?")
    invented = check("The Berlin stand is booked for April [Trade show planning, 01:05].", g)
    assert not invented.verified and "april" in invented.reason.lower()
    late = check("The Berlin stand is booked for March [Trade show planning, 09:00].", g)
    assert not late.verified and "after the meeting's last words" in late.reason
    off_topic = check("Welcome, this is the planning call for the trade show.", g)
    assert not off_topic.verified and "does not answer the question" in off_topic.reason


def test_sentences_keep_their_citations_as_they_stream():
    s = Sentences()
    out = []
    for piece in ["The stand is", " booked. [Trade show", " planning, 01:05] Priya", " sends",
                  " it by Thursday [Trade show planning, 02:10].", "\nDone"]:
        out += s.feed(piece)
    out += s.finish()
    assert out == ["The stand is booked. [Trade show planning, 01:05]",
                   "Priya sends it by Thursday [Trade show planning, 02:10].", "Done"]
    assert cited(out[0]) == [("Trade show planning", 65)]
    assert cited("at [1:02:03] and [00:05]") == [("", 3723), ("", 5)]


def test_the_check_takes_neither_a_question_nor_a_copied_line_for_an_answer(tmp_path):
    make_session(tmp_path / "sessions", "Support call",
                 [(0.0, 0, "Do you support single sign-on with Azure?"),
                  (6.0, 1, "We do, SAML and OpenID Connect both work.")], names={0: "Daniel"})
    with Library(root=tmp_path / "sessions", index_path=tmp_path / "index.sqlite3",
                 embedder=Embedder()) as lib:
        lib.sync()
        g = given(lib, "Does it support single sign-on with Azure?")
        echo = check("Yes, it supports single sign-on with Azure [Support call, 00:00].", g)
        assert not echo.verified and "is a question, not an answer" in echo.reason
        copied = check("Daniel: Do you support single sign-on with Azure?", g)
        assert not copied.verified and "copies a line of the passages" in copied.reason
        said = check("SAML and OpenID Connect both work with single sign-on [Support call, 00:06].",
                     g)
        assert said.verified and [c.start for c in said.citations] == [6.0]
