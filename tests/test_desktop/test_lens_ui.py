"""The Token Lens in the window, with fake backends whose tokens carry made-up distributions
(fast tier): tokens are clickable spans coloured by probability, the panel shows the
alternatives, and a fork keeps what came before it."""

from conftest import REPLY, Backends, make_window
from PySide6.QtCore import QUrl

from desktop.widgets.lens_view import heat, sureness


def run_with_lens(qtbot, window, short_wav):
    window.lens_action.setChecked(True)
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
    window.lens_action.setChecked(True)
    bar = window.message_bar
    assert bar.isVisible() and bar.action_button.text() == "Regenerate with the Lens"
    with qtbot.waitSignal(window.controller.job_finished, timeout=15000):
        bar.action_button.click()
    assert any(step for _, step in window.current.lens)
    window.lens_action.setChecked(False)
    assert window.minutes_stack.currentWidget() is window.minutes
    assert window.controller.config.lens_top == 0
