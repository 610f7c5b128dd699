"""Settings ▸ Models under pytest-qt (offscreen): the lists, a real download from the
loopback hub on the worker thread with progress and cancel, Use with its fit warning."""

from __future__ import annotations

import threading

from servers.hub_fixtures import GGUF_NAME, GGUF_PRESET

from desktop.dialogs.models_page import ModelsDialog, ModelsPage
from engine import EngineConfig
from engine.hardware import GIB, HardwareFacts
from engine.model_catalog import ModelStage, find
from engine.model_store import installed_path, partial_dir

ROOMY = HardwareFacts(16 * GIB, 12 * GIB, 8)
TINY = HardwareFacts(2 * GIB, int(1.5 * GIB), 2)


def column(table, c):
    return [table.item(r, c).text() for r in range(table.rowCount())]


def make_page(qtbot, facts=ROOMY, **options):
    choices = {ModelStage.TRANSCRIBE: None, ModelStage.MINUTES: None}
    page = ModelsPage(choices, facts=facts, **options)
    qtbot.addWidget(page)
    return page


def test_lists_installed_catalogue_and_recommendations(qtbot, model_home):
    page = make_page(qtbot)
    assert "12.0 GiB available), 8 CPU cores" in page.hardware.text()
    assert "Recommended for transcribe:</b> whisper-large-v3-turbo on CPU" in page.hardware.text()
    assert "Recommended for minutes:</b> qwen2.5-7b-instruct on CPU" in page.hardware.text()
    models = column(page.installed, 2)
    assert models == ["whisper-base", "smollm2-135m-instruct"]
    assert column(page.installed, 0) == ["●", "●"]
    ids = column(page.catalogue, 0)
    assert ids[2:] == ["whisper-small", "whisper-medium", "whisper-large-v3-turbo",
                       "qwen2.5-1.5b-instruct", "qwen2.5-3b-instruct", "qwen2.5-7b-instruct",
                       "llama-3.2-3b-instruct"]
    licences = dict(zip(ids, column(page.catalogue, 5), strict=True))
    assert licences["qwen2.5-3b-instruct"].startswith("Qwen Research")
    assert licences["llama-3.2-3b-instruct"] == "Llama 3.2 Community Licence"
    state = dict(zip(ids, column(page.catalogue, 6), strict=True))
    assert state["qwen2.5-7b-instruct"] == "recommended" and state["whisper-base"] == "embedded"
    small = make_page(qtbot, TINY)
    state = dict(zip(column(small.catalogue, 0), column(small.catalogue, 6), strict=True))
    assert state["qwen2.5-7b-instruct"].endswith("⚠ may not fit")


def test_download_runs_off_the_gui_thread_then_use_fills_settings(qtbot, gguf_hub, monkeypatch):
    import desktop.dialogs.models_page as module
    page = make_page(qtbot)
    values, threads = [], set()
    page.progress.valueChanged.connect(values.append)
    real_download = module.download

    def spy(preset_id, *, cancel):
        threads.add(threading.current_thread().name)
        yield from real_download(preset_id, cancel=cancel)

    monkeypatch.setattr(module, "download", spy)
    page.select(GGUF_PRESET)
    page.download_button.click()
    assert page.cancel_button.isEnabled() and not page.download_button.isEnabled()
    qtbot.waitUntil(lambda: not page.downloading, timeout=60000)
    assert "installed and verified" in page.status.text()
    assert threads and threading.main_thread().name not in threads
    assert any(0 < v < 1000 for v in values) and 1000 in values
    assert GGUF_PRESET in column(page.installed, 2)
    from desktop.dialogs.settings_dialog import SettingsDialog
    settings = SettingsDialog(EngineConfig())
    qtbot.addWidget(settings)
    page.model_chosen.connect(settings.on_model_chosen)
    with qtbot.waitSignal(page.model_chosen) as chosen:
        page.use_button.click()
    assert chosen.args == ["minutes", installed_path(find(GGUF_PRESET))]
    assert settings.config().llm_model.name == GGUF_NAME
    row = column(page.installed, 2).index(GGUF_PRESET)
    assert column(page.installed, 0)[row] == "●"
    assert column(page.installed, 0)[column(page.installed, 2).index("smollm2-135m-instruct")] == ""


def test_cancel_keeps_the_partial_file_for_a_resume(qtbot, gguf_hub):
    gguf_hub.pause_s = 0.05
    page = make_page(qtbot)
    page.select(GGUF_PRESET)
    page.download_button.click()
    qtbot.waitUntil(lambda: page.progress.value() > 0, timeout=30000)
    page.cancel_button.click()
    qtbot.waitUntil(lambda: not page.downloading, timeout=30000)
    assert "cancelled" in page.status.text()
    assert installed_path(find(GGUF_PRESET)) is None
    assert sum(p.stat().st_size for p in partial_dir(find(GGUF_PRESET)).iterdir()) > 0
    assert GGUF_PRESET not in column(page.installed, 2)


def test_unreachable_hub_is_said_in_one_line(qtbot, unreachable_hub):
    page = make_page(qtbot)
    page.select("whisper-small")
    page.download_button.click()
    qtbot.waitUntil(lambda: not page.downloading, timeout=30000)
    assert "not reachable" in page.status.text() and "\n" not in page.status.text()
    assert "#b00020" in page.status.styleSheet()


def test_use_warns_first_when_the_model_does_not_fit(qtbot, gguf_hub):
    asked = []
    page = make_page(qtbot, TINY, confirm=lambda parent, text: asked.append(text) or False)
    page.select(GGUF_PRESET)
    page.download_button.click()
    qtbot.waitUntil(lambda: not page.downloading, timeout=60000)
    page.installed.clearSelection()
    page.select(GGUF_PRESET)
    emitted = []
    page.model_chosen.connect(lambda stage, path: emitted.append(path))
    page.use_button.click()
    assert emitted == [] and "needs about 2.5 GB of RAM and 1.5 GiB" in asked[0]


def test_closing_the_dialog_cancels_a_running_download(qtbot, gguf_hub):
    gguf_hub.pause_s = 0.05
    dialog = ModelsDialog({}, facts=ROOMY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.page.select(GGUF_PRESET)
    dialog.page.download_button.click()
    qtbot.waitUntil(lambda: dialog.page.progress.value() > 0, timeout=30000)
    dialog.reject()
    assert dialog.isVisible()  # it waits for the worker to stop
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30000)
    assert installed_path(find(GGUF_PRESET)) is None


def test_check_the_hub_says_not_reachable_offline_and_reachable_online(qtbot, unreachable_hub,
                                                                        monkeypatch):
    page = make_page(qtbot)
    page.hub_button.click()
    qtbot.waitUntil(lambda: page.hub_button.isEnabled(), timeout=30000)
    assert "not reachable" in page.hub_status.text() and unreachable_hub in page.hub_status.text()
    assert column(page.catalogue, 0)[2] == "whisper-small"  # the catalogue is still listed
    from servers.hub_server import HubServer
    server = HubServer()
    try:
        server.repos["Systran/faster-whisper-small"] = {}
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        page.hub_button.click()
        qtbot.waitUntil(lambda: page.hub_button.isEnabled(), timeout=30000)
        assert page.hub_status.text() == f"{server.url}: reachable"
    finally:
        server.stop()
