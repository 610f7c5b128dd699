"""Write one benchmark's section of docs/benchmarks.md, keeping the other sections."""

from __future__ import annotations

import re
import time
from pathlib import Path

REPORT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def write_section(title: str, command: str, body: str) -> Path:
    text = REPORT.read_text() if REPORT.is_file() else "# Benchmarks\n"
    section = f"## {title}\n\nMade by `{command}` on {time.strftime('%Y-%m-%d')}.\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: section + "\n", text) if pattern.search(text) \
        else text.rstrip() + "\n\n" + section
    REPORT.write_text(text.rstrip() + "\n")
    return REPORT


def cpu_times() -> list[int]:
    """The machine's CPU jiffies: user nice system idle iowait irq softirq steal."""
    with open("/proc/stat") as f:
        return [int(x) for x in f.readline().split()[1:9]]


def stolen(before: list[int], after: list[int]) -> float:
    """Share of CPU time the hypervisor gave to other machines (a busy host slows us)."""
    delta = [b - a for a, b in zip(before, after, strict=True)]
    return delta[7] / max(1, sum(delta))
