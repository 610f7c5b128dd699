"""Cheap checks of the model paths typed or picked in Settings, so a wrong one is refused
where it is entered instead of failing the next job (the engine checks again at load)."""

from __future__ import annotations

from pathlib import Path


def gguf_problem(text: str) -> str:
    """Why ``text`` is not a usable GGUF file ("" when it is, or when empty: the embedded model)."""
    if not text.strip():
        return ""
    path = Path(text.strip()).expanduser()
    if not path.exists():
        return f"File not found: {path}"
    if not path.is_file():
        return f"{path} is a folder: choose a .gguf file"
    try:
        with path.open("rb") as f:
            magic = f.read(4)
    except OSError as e:
        return f"Cannot read {path}: {e.strerror or e}"
    if magic != b"GGUF":
        return f"{path.name} is not a GGUF model (llama.cpp model files start with 'GGUF')"
    return ""


def whisper_problem(text: str) -> str:
    """Why ``text`` is not a faster-whisper model folder ("" when it is, or when empty)."""
    if not text.strip():
        return ""
    path = Path(text.strip()).expanduser()
    if not path.is_dir():
        return f"Folder not found: {path}" if not path.exists() else f"{path} is a file: choose a folder"
    missing = [n for n in ("model.bin", "config.json") if not (path / n).is_file()]
    if missing:
        return f"{path.name} is not a faster-whisper model folder: {', '.join(missing)} missing"
    return ""
