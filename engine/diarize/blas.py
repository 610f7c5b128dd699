"""How many threads numpy's BLAS uses, set at run time.

The numpy CAM++ spends most of its time in matrix products, so the thread count of the
BLAS inside numpy decides its speed and how much of a small machine it takes. numpy offers
no call for that; its PyPI wheels bundle OpenBLAS (``scipy_openblas``), which exports
``*_set_num_threads``. We find that library beside numpy and call it with ctypes. Where it
cannot be found (a numpy built on Apple's Accelerate or on MKL) the count stays as the
library chose and ``set_threads`` says so by returning False.

The setting is process-wide: ``threads()`` restores the previous count on exit.
"""

from __future__ import annotations

import ctypes
import functools
import glob
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np

# (setter, getter) pairs, newest numpy first.
_SYMBOLS = (
    ("scipy_openblas_set_num_threads64_", "scipy_openblas_get_num_threads64_"),
    ("scipy_openblas_set_num_threads", "scipy_openblas_get_num_threads"),
    ("openblas_set_num_threads64_", "openblas_get_num_threads64_"),
    ("openblas_set_num_threads", "openblas_get_num_threads"),
)


@functools.cache
def _openblas() -> tuple[Callable[[int], None], Callable[[], int]] | None:
    root = os.path.dirname(os.path.dirname(np.__file__))
    patterns = ("numpy.libs/*openblas*", "numpy/.dylibs/*openblas*", "numpy/_core/*openblas*")
    for pattern in patterns:
        for path in sorted(glob.glob(os.path.join(root, pattern))):
            try:
                lib = ctypes.CDLL(path)  # the already-loaded copy: same path, same handle
            except OSError:
                continue
            for setter, getter in _SYMBOLS:
                if hasattr(lib, setter) and hasattr(lib, getter):
                    set_fn, get_fn = getattr(lib, setter), getattr(lib, getter)
                    set_fn.argtypes, set_fn.restype = [ctypes.c_int], None
                    get_fn.argtypes, get_fn.restype = [], ctypes.c_int
                    return set_fn, get_fn
    return None


def get_threads() -> int | None:
    """The BLAS thread count, or None when numpy's BLAS is not a reachable OpenBLAS."""
    found = _openblas()
    return None if found is None else int(found[1]())


def set_threads(count: int) -> bool:
    """Ask numpy's BLAS to use ``count`` threads (at least 1).

    Returns:
        True when the count was set, False when numpy's BLAS offers no such call.
    """
    found = _openblas()
    if found is None:
        return False
    found[0](max(1, int(count)))
    return True


@contextmanager
def threads(count: int | None) -> Iterator[None]:
    """Run a block with ``count`` BLAS threads, then restore the previous count.

    ``None`` leaves the count alone.
    """
    previous = get_threads() if count is not None else None
    if count is not None:
        set_threads(count)
    try:
        yield
    finally:
        if previous is not None:
            set_threads(previous)
