"""Split a transcript into token-bounded chunks along line boundaries."""

from __future__ import annotations

from collections.abc import Callable

OVERLAP_SHARE = 8  # a chunk repeats at most 1/8 of its budget from the one before


def plan_chunks(lines: list[str], count_tokens: Callable[[str], int], budget: int) -> list[str]:
    """Greedily pack whole lines into chunks of at most ``budget`` tokens, each chunk after
    the first starting with the previous chunk's last line (a small overlap, so a remark
    split across the boundary is read whole once), when that line fits in budget/8.

    A single line longer than the budget is cut between words. Nothing is dropped:
    every word of ``lines`` is in the chunks, in order.

    Raises:
        ValueError: the budget is too small to hold any text.
    """
    if budget < 16:
        raise ValueError(f"token budget {budget} is too small to summarise anything")
    chunks: list[str] = []
    current: list[str] = []
    used = 0
    for line in lines:
        for piece in _fit_line(line, count_tokens, budget):
            cost = count_tokens(piece) + 1  # +1 for the newline joining lines
            if current and used + cost > budget:
                chunks.append("\n".join(current))
                carried = current[-1]
                carry = count_tokens(carried) + 1
                current, used = ([carried], carry) if carry <= budget // OVERLAP_SHARE \
                    and carry + cost <= budget else ([], 0)
            current.append(piece)
            used += cost
    if current:
        chunks.append("\n".join(current))
    return chunks


def _fit_line(line: str, count_tokens: Callable[[str], int], budget: int) -> list[str]:
    if count_tokens(line) + 1 <= budget:
        return [line]
    pieces, words = [], line.split()
    while words:
        lo, hi = 1, len(words)  # the longest prefix of words that fits
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if count_tokens(" ".join(words[:mid])) + 1 <= budget:
                lo = mid
            else:
                hi = mid - 1
        pieces.append(" ".join(words[:lo]))
        words = words[lo:]
    return pieces
