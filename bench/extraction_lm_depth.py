"""Issue 16: how many of the embedded SmolLM2's blocks the reading of a meeting should go
through (engine/minutes/reading_model.py's DEPTH).

For each depth, the model cut to its first blocks reads the --train and --test meetings;
a regression (extraction_lm.fitted) learns from the first and reads the second. Printed per
kind: average precision and best F1 of that reading alone, at the sentence level. Depth 30
is the whole model. States are cached in extraction_lm.CACHE, per depth.

    .venv/bin/python bench/extraction_lm_depth.py --depths 30,24,20,17,14
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench.extraction_lm as xl  # noqa: E402
from engine.minutes.extract_lm_reading import LmReader  # noqa: E402

WHOLE = 30  # SmolLM2-135M's blocks
TRAIN = tuple(f"train{k}" for k in range(1, 15))
TEST = tuple(f"fresh{k}" for k in range(34, 42))


def whole(depth: int) -> LmReader:
    """The uncut model, as the reader loaded it before reading_model.py."""
    from engine.models import default_llm_model
    return LmReader.opened(default_llm_model().path, depth)


def scored(depth: int, train: list[str], test: list[str]) -> str:
    reader: list = []
    load = whole if depth >= WHOLE else LmReader.load
    model = xl.fitted([r for name in train for r in xl.read(name, reader, depth, load)],
                      linear=True)
    x, y = xl.design([r for name in test for r in xl.read(name, reader, depth, load)])
    p = xl.chances(model, x)
    return "  ".join(f"{kind}: AP {xl.average_precision(y[:, k], p[:, k]):.3f}"
                     f" F1 {xl.best_f1(y[:, k], p[:, k]):.3f}" for k, kind in enumerate(xl.KINDS))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--depths", default="30,24,20,17,14")
    p.add_argument("--train", nargs="+", default=list(TRAIN))
    p.add_argument("--test", nargs="+", default=list(TEST))
    a = p.parse_args()
    print(f"trained on {len(a.train)} sets, read on {', '.join(a.test)}")
    for depth in (int(d) for d in a.depths.split(",")):
        started = time.perf_counter()
        cells = scored(depth, a.train, a.test)
        print(f"depth {depth:2d} ({time.perf_counter() - started:4.0f} s): {cells}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
