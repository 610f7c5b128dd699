"""bench/extraction_pooled.py: the count of missed labels an unmatched item sits on."""

from __future__ import annotations

from bench.extraction_pooled import worded_apart
from bench.extraction_score import Item, score
from bench.extraction_set import Label, Meeting


def _meeting(*labels: Label) -> Meeting:
    return Meeting("m", "", "planning", None, 0, {}, [], list(labels))


def test_a_missed_label_with_an_item_of_its_kind_on_it_is_counted_once():
    fronts = Label("decision", "Tulipwood it is", 3, gist="make the cupboard fronts in tulipwood "
                   "rather than painted MDF", time=41.0)
    seat = Label("decision", "Drawers. Agreed", 5, gist="build the window seat with drawers", time=50.0)
    result = score(_meeting(fronts, seat), [
        Item("decision", "Tulipwood it is.", 41.0),  # 1 of 7 words: no match, but on the label
        Item("decision", "Tulipwood, then.", 44.0),  # the same again: counted once
        Item("action", "order the drawers", 50.0),  # another kind
        Item("decision", "Drawers for the seat.", 95.0)])  # too far from it
    assert [lb.words for lb in result.missed] == ["Tulipwood it is", "Drawers. Agreed"]
    assert worded_apart(result) == {"decision_apart": 1}
