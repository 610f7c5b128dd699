"""The Token Lens in the window, with fake backends whose tokens carry made-up distributions
(fast tier): tokens are clickable spans coloured by probability, the panel shows the
alternatives, and a fork keeps what came before it."""

import itertools

from conftest import REPLY, Backends, make_window
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication, QToolTip

from desktop.widgets.lens_view import heat, sureness
from engine.events import MinutesPlanned
from engine.minutes.lens import Sampling
from engine.minutes.prompts import transcript_lines
from engine.minutes.vocabulary import Vocabulary
from engine.models import default_llm_model


def run_with_lens(qtbot, window, short_wav):
    window.menu.lens.setChecked(True)
    with qtbot.waitSignal(window.controller.job_finished, timeout=15000):
        window.open_files([short_wav])
    qtbot.waitUntil(lambda: not window.controller.busy)
    window.lens_page.view.render()
    return [step for _, step in window.current.lens if step is not None]


def test_tokens_are_coloured_spans_and_a_click_shows_the_alternatives(qtbot, settings, tmp_path,
                                                                       short_wav):
    window = make_window(qtbot, settings, Backends(), tmp_path)
    steps = run_with_lens(qtbot, window, short_wav)
    assert "".join(s.token for s in steps) == REPLY
    assert window.minutes_stack.currentWidget() is window.lens_page
    html = window.lens_page.view.html()
    for step in steps:  # every token a link, in the colour of its probability
        assert f'href="token:{step.i}"' in html
        assert f"background-color:{heat(sureness(step, 'probability'))}" in html
    assert heat(0.95) != heat(0.05)
    window.lens_page.view.browser.anchorClicked.emit(QUrl("token:2"))
    panel = window.lens_page.panel
    assert panel.step is steps[2] and "Token 2</b>" in panel.title.text()
    assert [b.value() for b in panel.bars] == [600, 300, 100]  # sorted, as probabilities
    assert [b.isEnabled() for b in panel.fork_buttons] == [False, True, True]  # the chosen one
    window.lens_page.heat.setCurrentIndex(1)
    assert f"background-color:{heat(sureness(steps[0], 'entropy'))}" in window.lens_page.view.html()


def test_a_fork_keeps_the_tokens_before_it_and_shows_the_original_beside_it(qtbot, settings, tmp_path,
                                                                            short_wav):
    window = make_window(qtbot, settings, Backends(), tmp_path)
    before = run_with_lens(qtbot, window, short_wav)
    window.lens_page.view.browser.anchorClicked.emit(QUrl("token:3"))
    with qtbot.waitSignal(window.controller.job_finished, timeout=15000):
        window.lens_page.panel.fork_buttons[1].click()
    qtbot.waitUntil(lambda: not window.controller.busy)
    after = [s for _, s in window.current.lens if s is not None]
    assert [s.id for s in after[:3]] == [s.id for s in before[:3]]
    assert after[3].forced and after[3].id == before[3].top[1].id
    assert not any(s.forced for s in after[:3] + after[4:])
    assert window.lens_page.original_box.isVisibleTo(window)
    assert [s for _, s in window.current.lens_original if s] == before
    assert before[3].top[1].token.strip() in window.minutes.markdown()


def test_turning_the_lens_on_offers_to_regenerate(qtbot, settings, tmp_path, short_wav):
    window = make_window(qtbot, settings, Backends(), tmp_path)
    with qtbot.waitSignal(window.controller.job_finished, timeout=15000):
        window.open_files([short_wav])
    qtbot.waitUntil(lambda: not window.controller.busy)
    window.menu.lens.setChecked(True)
    bar = window.message_bar
    assert bar.isVisible() and bar.action_button.text() == "Regenerate with the Lens"
    with qtbot.waitSignal(window.controller.job_finished, timeout=15000):
        bar.action_button.click()
    assert any(step for _, step in window.current.lens)
    window.menu.lens.setChecked(False)
    assert window.minutes_stack.currentWidget() is window.minutes
    assert window.controller.config.lens_top == 0


def written(window) -> list:
    return [step for _, step in window.current.lens if step is not None]


def test_step_mode_writes_exactly_one_token_per_click(qtbot, settings, tmp_path, short_wav):
    window = make_window(qtbot, settings, Backends(), tmp_path)
    run_with_lens(qtbot, window, short_wav)
    panel = window.lens_page.panel
    with qtbot.waitSignal(window.controller.token_offered, timeout=15000):
        window.lens_page.step_button.click()
    assert panel.offer.i == 0 and panel.next_button.isVisible() and written(window) == []
    assert [b.value() for b in panel.bars] == [600, 300, 100]  # the distribution, before the choice
    for n in (1, 2, 3):
        with qtbot.waitSignal(window.controller.token_offered, timeout=5000):
            panel.next_button.click()
            assert not panel.next_button.isEnabled()  # one click, one token
        assert len(written(window)) == n and panel.offer.i == n
    with qtbot.waitSignal(window.controller.token_offered, timeout=5000):
        panel.fork_buttons[1].click()  # choose the second most likely yourself
    assert written(window)[3].forced and written(window)[3].token == " alt3a"
    assert len(written(window)) == 4
    with qtbot.waitSignal(window.controller.job_finished, timeout=15000):
        panel.run_button.click()
    qtbot.waitUntil(lambda: not window.controller.busy)
    assert not panel.next_button.isVisible() and panel.offer is None
    assert " alt3a" in window.minutes.markdown()


def test_cancel_ends_step_mode_and_keeps_the_transcript(qtbot, settings, tmp_path, short_wav):
    window = make_window(qtbot, settings, Backends(), tmp_path)
    run_with_lens(qtbot, window, short_wav)
    with qtbot.waitSignal(window.controller.token_offered, timeout=15000):
        window.lens_page.step_button.click()
    with qtbot.waitSignal(window.controller.job_cancelled, timeout=5000):
        window.menu.cancel.trigger()
    qtbot.waitUntil(lambda: not window.controller.busy)
    assert window.current.transcript is not None and window.menu.regenerate.isEnabled()


def test_the_tokenizer_view_shows_text_as_the_models_tokens(qtbot, settings, tmp_path, short_wav):
    window = make_window(qtbot, settings, Backends(), tmp_path)
    with qtbot.waitSignal(window.controller.job_finished, timeout=15000):
        window.open_files([short_wav])
    qtbot.waitUntil(lambda: not window.controller.busy)
    window.menu.tokenizer.trigger()
    dialog = window.lens.tokenizer_dialog
    text = dialog.editor.toPlainText()
    assert "contact form" in text  # the transcript by default
    vocabulary = Vocabulary(default_llm_model())  # the real tokenizer of the embedded model
    qtbot.waitUntil(lambda: dialog.table.tokens == vocabulary.tokens(text), timeout=15000)
    assert f"{len(dialog.table.tokens):,} tokens" in dialog.count.text()
    dialog.editor.setPlainText("coconut")
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=5000)
    assert [dialog.table.data(dialog.table.index(r, 2)) for r in range(3)] == ["c", "oc", "onut"]
    assert "3 tokens" in dialog.count.text()


def test_the_context_meter_shows_the_plan_before_and_during_generation(qtbot, settings, tmp_path,
                                                                        short_wav):
    window = make_window(qtbot, settings, Backends(), tmp_path)
    with qtbot.waitSignal(window.controller.minutes_planned, timeout=15000) as during:
        window.open_files([short_wav])
    assert window.context_meter.planned == during.args[0]  # the writer's own count
    qtbot.waitUntil(lambda: not window.controller.busy)
    with qtbot.waitSignal(window.tokenizer.plan_ready, timeout=15000):
        window.lens.request_plan()  # as when the meeting is shown again: the real tokenizer counts
    planned = window.context_meter.planned
    vocabulary = Vocabulary(default_llm_model())
    material = "\n".join(transcript_lines(window.current.transcript.segments))
    assert planned.transcript_tokens == vocabulary.count_tokens(material)
    assert planned.context_tokens == 8192 and planned.chunks == 1
    assert "one pass" in window.context_meter.label.text()
    window.context_meter.set_plan(MinutesPlanned(20000, 300, 1024, 4096, 7))
    assert "7 chunks" in window.context_meter.label.text()


def test_sampling_controls_regenerate_and_show_the_changes_word_by_word(qtbot, settings, tmp_path,
                                                                        short_wav):
    backends = Backends()
    # another reply for seed 7, one the transcript bears out (the Summary guard would replace
    # an unfaithful one with a Summary composed from the items, the same for every seed)
    backends.chat.replies_by_seed = {7: "Good morning: Brian will test the contact form by Friday."}
    window = make_window(qtbot, settings, backends, tmp_path)
    with qtbot.waitSignal(window.controller.job_finished, timeout=15000):
        window.open_files([short_wav])
    qtbot.waitUntil(lambda: not window.controller.busy)
    bar = window.sampling_bar
    bar.temperature.setValue(0.8)
    bar.top_k.setValue(20)
    bar.top_p.setValue(0.9)
    bar.min_p.setValue(0.1)
    bar.seed.setValue(7)
    with qtbot.waitSignal(window.controller.job_finished, timeout=15000):
        bar.regenerate.click()
    qtbot.waitUntil(lambda: not window.controller.busy)
    wanted = Sampling(temperature=0.8, top_k=20, top_p=0.9, min_p=0.1, seed=7)
    assert backends.chat.samplings[-1] == wanted
    assert settings.engine_config().sampling == wanted  # kept for the next start
    assert "Good morning: Brian will test" in window.minutes.markdown()
    message = window.message_bar
    assert "words added" in message.label.text() and "seed 0" in message.label.text()
    message.action_button.click()
    assert window.minutes_stack.currentWidget() is window.diff_view
    html = window.diff_view.browser.toHtml()
    assert "line-through" in html and "(due: Friday)" in html and "Good morning:" in html
    assert "words added" in window.diff_view.summary.text()
    window.menu.changes.setChecked(False)
    assert window.minutes_stack.currentWidget() is window.minutes


def test_hovering_a_token_shows_its_probability(qtbot, settings, tmp_path, short_wav):
    window = make_window(qtbot, settings, Backends(), tmp_path)
    steps = run_with_lens(qtbot, window, short_wav)
    window.lens_page.view.browser.highlighted.emit(QUrl("token:1"))
    assert QToolTip.isVisible() and f"p = {steps[1].probability:.1%}" in QToolTip.text()
    assert repr(steps[1].token) in QToolTip.text()


def test_a_short_token_panel_scrolls_its_alternatives_instead_of_squeezing_them(qtbot):
    from desktop.widgets.token_panel import TokenPanel
    from engine.minutes.lens import Alternative, TokenStep
    panel = TokenPanel()
    qtbot.addWidget(panel)
    panel.top_k.setValue(8)
    panel.resize(420, 200)  # a small window: far less than 8 rows need
    panel.show()
    qtbot.waitExposed(panel)
    top = tuple(Alternative(i, f" word{i}", -0.5 - i) for i in range(8))
    panel.show_step(TokenStep(3, 0, " word0", -0.5, 1.2, top))
    QApplication.processEvents()  # one turn, as a click's: laid out already, not a turn later
    buttons = panel.fork_buttons
    assert len(buttons) == 8
    assert all(b.height() >= b.sizeHint().height() for b in buttons)
    assert all(a.geometry().bottom() < b.geometry().top() for a, b in
               itertools.pairwise(buttons))
    assert panel.rows_area.verticalScrollBar().maximum() > 0  # the rest is a scroll away
