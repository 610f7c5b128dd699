"""The vocabulary in the window (issue 19): a correction teaches it, Settings shows and edits
it. The engine side (the hint reaching faster-whisper): tests/test_engine/test_vocabulary.py."""

from conftest import short_wav  # noqa: F401 - fixture
from test_transcript_review import edit_row, processed

from desktop.dialogs.settings_dialog import SettingsDialog
from engine import EngineConfig, vocabulary


def test_a_correction_in_the_window_adds_its_name_to_the_vocabulary(qtbot, settings, tmp_path,
                                                                    short_wav):  # noqa: F811
    window = processed(qtbot, settings, tmp_path, short_wav)
    edit_row(qtbot, window, 1, "Bryan will test the contact form by Friday.")
    assert vocabulary.load().words == ("Bryan",)
    review = window.transcript_review
    review.replace_all("contact form", "ContactForm2 page", False, True)
    assert vocabulary.load().words == ("ContactForm2", "page", "Bryan")
    assert "ContactForm2, page added to your vocabulary" in window.message_bar.label.text()


def test_settings_show_the_vocabulary_and_save_the_users_edits(qtbot):
    vocabulary.save(vocabulary.Vocabulary(("Tomasz", "Qdrant"), use=True))
    dialog = SettingsDialog(EngineConfig())
    qtbot.addWidget(dialog)
    group = dialog.vocabulary
    assert group.words.toPlainText() == "Tomasz\nQdrant" and group.use.isChecked()
    group.words.setPlainText("Tomasz\n\n  Siobhan  \nPostHog")
    group.use.setChecked(False)
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    saved = vocabulary.load()
    assert saved.words == ("Tomasz", "Siobhan", "PostHog") and saved.hotwords() is None
