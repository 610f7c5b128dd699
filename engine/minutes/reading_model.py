"""The model a meeting is read with (extract_lm_reading.py): the embedded SmolLM2's first
``DEPTH`` blocks.

A regression on the states after the middle blocks tells decisions, open questions and tasks
apart better than one on the last block's (docs/benchmarks.md, stop 44): the last blocks turn
the state toward the next word to write, which a reading does not need. llama.cpp loads every
block a file has, so the first reading writes a copy of the GGUF without the later blocks
(with `gguf`, ggml-org's reader and writer of the format) into the models cache, named by the
source's checksum; later readings load that copy, and writing it removes the copies an
earlier version cut (another depth, another release of the model) and parts a killed cut
left. It also reads in DEPTH/30 of the time.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import time
from pathlib import Path

from engine import paths
from engine.errors import ModelError
from engine.models import ModelRef

DEPTH = 17  # of SmolLM2-135M's 30 blocks
_BLOCK = re.compile(r"blk\.(\d+)\.")
STALE_PART_S = 24 * 3600  # a cut takes seconds: a part this old was left by a killed one


def reading_model(source: ModelRef, depth: int = DEPTH) -> Path:
    """The copy of ``source`` cut to its first ``depth`` blocks, written on first use.

    Raises:
        ModelError: the copy cannot be written (the cache is not writable, the disk is full,
            no `gguf` package), or ``source`` is not a GGUF model with more than ``depth``
            blocks.
    """
    target = paths.models_dir() / "reading" / f"{source.name}.first{depth}.{source.sha256[:12]}.gguf"
    if target.is_file():
        return target
    part = target.with_name(f"{target.name}.{os.getpid()}.part")
    try:
        paths.ensure_dir(target.parent)
        cut(source.path, part, depth)
        os.replace(part, target)  # whole or not at all, with another process writing it too
        _remove_old_copies(target, source.name)
    except (ImportError, OSError, ValueError, KeyError) as e:  # ImportError: no gguf
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        raise ModelError(f"Could not write the reading copy of {source.path.name} (its first"
                         f" {depth} blocks) to {target.parent}: {e}") from e
    return target


def _remove_old_copies(target: Path, name: str) -> None:
    """Remove the copies of model ``name`` other than ``target`` (cut at another depth or
    from another release: nothing loads them any more) and parts older than STALE_PART_S.
    One still open elsewhere (Windows refuses to remove it) waits for the next cut."""
    now = time.time()
    for old in target.parent.glob(f"{glob.escape(name)}.first*"):
        with contextlib.suppress(OSError):
            stale_part = old.suffix == ".part" and now - old.stat().st_mtime > STALE_PART_S
            if old != target and (old.suffix == ".gguf" or stale_part):
                old.unlink()


def cut(source: Path, target: Path, depth: int) -> None:
    """Write ``source`` with its blocks from ``depth`` on left out: every key as it is, but the
    block count; every tensor but the later blocks', byte for byte.

    Raises:
        ValueError: ``source`` is not a GGUF model of more than ``depth`` blocks.
    """
    import gguf

    reader = gguf.GGUFReader(source)
    arch = reader.fields["general.architecture"].contents()
    count = f"{arch}.block_count"
    if count not in reader.fields or not 0 < depth < reader.fields[count].contents():
        raise ValueError(f"{source.name} has no {depth + 1} blocks to cut after block {depth}")
    writer = gguf.GGUFWriter(target, arch)
    for name, field in reader.fields.items():
        if name.startswith("GGUF.") or name == "general.architecture":
            continue  # the header, written by the writer itself
        kind = field.types[0]
        value = depth if name == count else field.contents()
        if kind == gguf.GGUFValueType.ARRAY:
            writer.add_key_value(name, value, kind, sub_type=field.types[-1])
        else:
            writer.add_key_value(name, value, kind)
    for tensor in reader.tensors:
        block = _BLOCK.match(tensor.name)
        if block is None or int(block.group(1)) < depth:
            writer.add_tensor(tensor.name, tensor.data, raw_shape=tensor.data.shape,
                              raw_dtype=tensor.tensor_type)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
