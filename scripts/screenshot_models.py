"""Render Settings ▸ Models offscreen (docs/screenshots/models.png): a laptop with a mid-range
GPU (facts given, not probed, so the picture is the same on every machine), Whisper
large-v3-turbo downloaded from the loopback test hub and in use, a second download running.

    .venv/bin/python scripts/screenshot_models.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["MINUTIA_HOME"] = tempfile.mkdtemp(prefix="minutia-models-shot-")

from PySide6.QtWidgets import QApplication  # noqa: E402
from servers.hub_server import HubServer  # noqa: E402

from desktop.dialogs.models_page import ModelsDialog  # noqa: E402
from engine import models  # noqa: E402
from engine.cancel import CancelToken  # noqa: E402
from engine.hardware import GIB, Gpu, HardwareFacts  # noqa: E402
from engine.model_catalog import ModelStage, find  # noqa: E402
from engine.model_download import DownloadProgress, download  # noqa: E402
from engine.model_store import installed_path  # noqa: E402

OUT = ROOT / "docs" / "screenshots" / "models.png"
LAPTOP = HardwareFacts(32 * GIB, 24 * GIB, 12, cuda_devices=1, llama_gpu_offload=True,
                       gpus=(Gpu("NVIDIA GeForce RTX 4070 Laptop GPU", 8 * GIB, 7 * GIB),))


def main() -> None:
    app = QApplication.instance() or QApplication([])
    server = HubServer()
    os.environ["HF_ENDPOINT"] = server.url
    whisper = models.whisper_model(None).path  # the embedded files stand in for turbo's
    for name in ("model.bin", "config.json", "tokenizer.json", "vocabulary.json"):
        server.add_file("mobiuslabsgmbh/faster-whisper-large-v3-turbo", name, whisper / name,
                        lfs=name == "model.bin")
    list(download("whisper-large-v3-turbo", cancel=CancelToken()))
    turbo = installed_path(find("whisper-large-v3-turbo"))
    dialog = ModelsDialog({ModelStage.TRANSCRIBE: turbo, ModelStage.MINUTES: None}, facts=LAPTOP)
    page = dialog.page
    page.select("qwen2.5-7b-instruct")
    page.progress.show()
    page.progress.setValue(412)
    page.cancel_button.setEnabled(True)
    page.download_button.setEnabled(False)
    page.on_download_event(DownloadProgress("qwen2.5-7b-instruct", "Qwen2.5-7B-Instruct-Q4_K_M.gguf",
                                            1_928_000_000, 4_683_073_536, 38_400_000, 71.8))
    dialog.resize(1280, 720)
    dialog.show()
    app.processEvents()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(OUT))
    server.stop()
    print(OUT)


if __name__ == "__main__":
    main()
