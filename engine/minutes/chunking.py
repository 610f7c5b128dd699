"""Split a transcript into token-bounded chunks along line boundaries."""

from __future__ import annotations

from collections.abc import Callable


def plan_chunks(lines: list[str], count_tokens: Callable[[str], int], budget: int) -> list[str]:
    """Greedily pack whole lines into chunks of at most ``budget`` tokens.

    A single line longer than the budget is cut between words. Nothing is dropped:
    the chunks, joined with newlines, hold every word of ``lines`` in order.

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
                current, used = [], 0
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
