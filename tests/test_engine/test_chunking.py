import pytest

from engine.minutes.chunking import plan_chunks


def words(text: str) -> int:
    return len(text.split())


def test_short_lines_pack_greedily_within_budget():
    lines = [f"[00:{i:02d}] one two three" for i in range(10)]  # 4 tokens + 1 newline each
    chunks = plan_chunks(lines, words, budget=20)
    assert [len(c.splitlines()) for c in chunks] == [4, 4, 2]
    assert all(words(c) + len(c.splitlines()) <= 20 for c in chunks)


def test_nothing_is_lost_or_reordered():
    lines = [f"line {i} " + "w " * (i % 7) for i in range(50)]
    chunks = plan_chunks(lines, words, budget=17)
    assert " ".join(" ".join(chunks).split()) == " ".join(" ".join(lines).split())


def test_a_line_longer_than_the_budget_is_cut_between_words():
    long_line = " ".join(f"w{i}" for i in range(100))
    chunks = plan_chunks(["short", long_line, "end"], words, budget=30)
    assert all(words(c) <= 29 for c in chunks)
    assert " ".join(chunks).split() == ["short", *long_line.split(), "end"]


def test_a_budget_too_small_is_refused():
    with pytest.raises(ValueError, match="too small"):
        plan_chunks(["a b c"], words, budget=3)


def test_each_chunk_repeats_the_line_before_it():
    lines = [f"[00:{i:02d}] one two three" for i in range(40)]
    chunks = [c.splitlines() for c in plan_chunks(lines, words, budget=80)]
    assert len(chunks) > 2 and all(words("\n".join(c)) + len(c) <= 80 for c in chunks)
    for before, after in zip(chunks, chunks[1:], strict=False):
        assert after[0] == before[-1]  # the overlap: one line
    assert chunks[0] + [ln for c in chunks[1:] for ln in c[1:]] == lines
