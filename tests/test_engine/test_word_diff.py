"""The word-level diff between two versions of the minutes."""

from engine.minutes.word_diff import count_words, word_diff


def test_the_diff_rebuilds_both_versions_and_counts_changed_words():
    old = "## Summary\n\nThe team will ship on Friday.\nBrian tests the form.\n"
    new = "## Summary\n\nThe team ships on Monday.\nBrian tests the form.\n"
    changes = word_diff(old, new)
    assert "".join(c.text for c in changes if c.kind != "removed") == new
    assert [c.text.split() for c in changes if c.kind == "removed"] == [["will", "ship"], ["Friday."]]
    assert [c.text.split() for c in changes if c.kind == "added"] == [["ships"], ["Monday."]]
    assert count_words(changes, "added") == 2 and count_words(changes, "removed") == 3


def test_same_text_is_one_unchanged_run_and_empty_old_is_all_added():
    assert [c.kind for c in word_diff("a b c", "a b c")] == ["same"]
    assert [(c.kind, c.text) for c in word_diff("", "new words")] == [("added", "new words")]
