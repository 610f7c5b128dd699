"""The desktop side of the remote backends: settings, the key, the consent question asked on
the GUI thread for a job on the worker thread, and remote minutes in the preview (a real
loopback server; the transcriber is a fake, this tier is about the window)."""

from __future__ import annotations

import threading

import pytest
from conftest import SEGMENTS
from fakes import FakeTranscriber
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from test_main_window import drop, wait_idle

from desktop.dialogs.consent_dialog import ConsentDialog
from desktop.dialogs.settings_dialog import SettingsDialog
from desktop.main_window import MainWindow
from desktop.remote_consent import ConsentBridge
from desktop.session_controller import SessionController
from engine import EngineConfig, Pipeline, backends
from engine.remote import keys
from engine.remote.consent import Disclosure, RemoteRefused

KEY = "sk-desktop-test-0123456789abcdWXYZ"


class MemoryKeyring:
    """The OS keyring's interface in memory (unit tier: no Secret Service here)."""

    priority = 1

    def __init__(self):
        self.stored = {}

    def get_password(self, service, user):
        return self.stored.get((service, user))

    def set_password(self, service, user, password):
        self.stored[(service, user)] = password

    def delete_password(self, service, user):
        self.stored.pop((service, user))


@pytest.fixture
def keyring_memory(monkeypatch):
    import keyring
    ring = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_password", ring.get_password)
    monkeypatch.setattr(keyring, "set_password", ring.set_password)
    monkeypatch.setattr(keyring, "delete_password", ring.delete_password)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    return ring


def answer_dialogs(choice: str, shown: list) -> QTimer:
    """Click ``choice`` ("send" or "keep") on each consent dialog that opens."""
    def click():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, ConsentDialog) and widget.isVisible() and widget not in shown:
                shown.append(widget)
                getattr(widget, choice).click()
    timer = QTimer()
    timer.timeout.connect(click)
    timer.start(50)
    return timer


def test_the_settings_dialog_sets_remote_backends_and_stores_the_key_in_the_keyring(
        qtbot, settings, keyring_memory):
    dialog = SettingsDialog(EngineConfig())
    qtbot.addWidget(dialog)
    assert dialog.key_status.text().startswith("none (set OPENAI_API_KEY")
    dialog.minutes_backend.setCurrentText("auto")
    dialog.base_url.setText("http://team-server:8000/v1")
    dialog.remote_minutes_model.setText("qwen2.5-7b-instruct")
    dialog.new_key.setText(KEY)
    dialog.accept()
    config = dialog.config()
    assert (config.asr_backend, config.minutes_backend) == ("local", "auto")
    assert config.base_url == "http://team-server:8000/v1"
    assert config.remote_minutes_model == "qwen2.5-7b-instruct"
    assert keyring_memory.stored == {("Minutia", "http://team-server:8000/v1"): KEY}
    settings.save_engine_config(config)
    assert settings.engine_config() == config
    text = open(settings.file_name, encoding="utf-8").read()
    assert "team-server" in text and KEY not in text and KEY[-4:] not in text
    again = SettingsDialog(config)
    qtbot.addWidget(again)
    assert again.key_status.text() == "…WXYZ (from keyring)"  # the last 4, nothing more
    assert KEY[:-4] not in again.key_status.text()


def test_consent_is_asked_on_the_gui_thread_once_per_endpoint(qtbot, settings):
    bridge = ConsentBridge(settings)
    shown: list = []
    timer = answer_dialogs("send", shown)
    disclosure = Disclosure("http://127.0.0.1:9/v1", "minutes", "the transcript (42 characters)",
                            preview="Alice: let's ship on Friday.")
    answers = []
    worker = threading.Thread(target=lambda: answers.append(bridge.ask(disclosure)))
    worker.start()
    qtbot.waitUntil(lambda: bool(answers), timeout=5000)
    worker.join()
    assert answers == [True] and len(shown) == 1
    assert "ship on Friday" in shown[0].preview.toPlainText()
    assert settings.consent("http://127.0.0.1:9/v1") is True
    assert bridge.ask(disclosure) is True and len(shown) == 1  # remembered: not asked again
    timer.stop()


def test_keep_it_local_refuses_and_is_remembered(qtbot, settings):
    bridge = ConsentBridge(settings)
    shown: list = []
    timer = answer_dialogs("keep", shown)
    disclosure = Disclosure("http://127.0.0.1:9/v1", "transcription", "1:03 of audio (0.2 MB)")
    with pytest.raises(RemoteRefused, match="nothing was sent.*Settings ▸ Remote backends"):
        bridge.consent().require(disclosure)
    assert settings.consent("http://127.0.0.1:9/v1") is False
    with pytest.raises(RemoteRefused):
        bridge.consent().require(disclosure)
    assert len(shown) == 1
    settings.forget_consents()
    assert settings.consent("http://127.0.0.1:9/v1") is None
    timer.stop()


def test_remote_minutes_stream_into_the_preview_after_one_question(qtbot, settings, error_server,
                                                                   short_wav, tmp_path):
    bridge = ConsentBridge(settings)
    config = EngineConfig(minutes_backend="openai", base_url=error_server.url("ok"), temperature=0.0)

    def make_pipeline(config):
        plan = backends.make_device_plan(config)
        return Pipeline(config=config, transcriber=FakeTranscriber(SEGMENTS),
                        chat_model=backends.make_chat_model(config, plan, bridge.consent()),
                        sessions_root=tmp_path / "sessions")

    window = MainWindow(SessionController(make_pipeline, config), settings,
                        confirm=lambda question: True)
    bridge.parent_widget = window
    qtbot.addWidget(window)
    shown: list = []
    timer = answer_dialogs("send", shown)
    for _ in range(2):
        drop(window, short_wav)
        wait_idle(qtbot, window)
        assert "Agreed to ship." in window.minutes.markdown()
    assert len(shown) == 1  # the second meeting went out without asking again
    assert len(error_server.seen("ok")) == 2  # the summary (the one model-written section), twice
    timer.stop()
    window.controller.shutdown()


def test_the_key_is_shown_masked_everywhere(keyring_memory):
    keys.store("https://api.openai.com/v1", KEY)
    assert keys.masked(keys.find("https://api.openai.com/v1")) == "…WXYZ"
    assert keys.source("https://api.openai.com/v1") == "keyring"


def test_a_remote_token_shows_the_servers_alternatives_without_fork_buttons(qtbot):
    from desktop.widgets.token_panel import TokenPanel
    from engine.minutes.lens import Alternative, TokenStep
    panel = TokenPanel()
    qtbot.addWidget(panel)
    top = (Alternative(-1, " Friday", -0.2), Alternative(-1, " Monday", -1.9),
           Alternative(-1, " today", -3.0))
    panel.show_step(TokenStep(4, -1, " Friday", -0.2, 0.7, top))
    assert "the server's choice" in panel.title.text() and "id -1" not in panel.title.text()
    assert [b.text() for b in panel.fork_buttons] == ["chosen", "remote", "remote"]
    assert not any(b.isEnabled() for b in panel.fork_buttons)
    assert "need the local model" in panel.fork_buttons[1].toolTip()
