"""The play bar under the transcript: play/pause, skip 5 s back or on, the position on a
slider, the speed (0.75-2x, the pitch kept), and why nothing can be played when the audio is
gone. The engine's Player does the playing (its own thread and PortAudio's); the bar reads its
position on a timer, so nothing crosses threads through Qt."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSlider,
    QStyle,
    QToolButton,
    QWidget,
)

from desktop.workers.generator_worker import GeneratorWorker, start_in_thread
from engine.audio.playback_source import open_source, reads_as_it_plays
from engine.audio.player import Player, PlayerState
from engine.errors import MinutiaError
from engine.transcript_io import mmss

log = logging.getLogger("minutia.window")
SPEEDS = (0.75, 1.0, 1.25, 1.5, 1.75, 2.0)
SKIP_S = 5.0
TICK_MS = 50


class PlayBar(QWidget):
    """Plays the meeting shown. ``position_changed``: the second being heard, while playing;
    ``failed``: why playing stopped or could not start (the device went, the file is gone);
    ``output_chosen``: the name of the output the user picked ("": the system's default), to
    remember; ``noticed``: a note for the user (the remembered output is not there)."""

    position_changed = Signal(float)
    failed = Signal(str)
    output_chosen = Signal(str)
    noticed = Signal(str)

    def __init__(self, player: Player | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("play_bar")
        self.player = player or Player()
        self.audio: Path | None = None
        # Where the audio is, asked on the first play (a meeting still being made has no
        # folder when it is shown); raises MinutiaError saying why there is none.
        self.find_audio: Callable[[], Path] | None = None
        self._opened: Path | None = None
        # The output remembered from an earlier run, by name (PortAudio's numbers change as
        # devices come and go); looked for on the first play.
        self.remembered_output = ""
        self._output_looked_for = False
        self._outputs: dict[int, str] = {}  # the listed outputs' names by number
        # A non-WAV file is decoded on a worker ("preparing…"); what was asked meanwhile
        # (play from here, skip…) is done when it is ready. Jobs stay referenced until their
        # thread has finished.
        self._preparing: Path | None = None
        self._then: Callable[[], None] | None = None
        self._jobs: list[tuple[GeneratorWorker, QThread]] = []
        self.play_button = QToolButton(text="▶", toolTip="Play / pause (Ctrl+Space)")
        self.back_button = QToolButton(text="−5", toolTip="5 seconds back (Alt+Left)")
        self.on_button = QToolButton(text="+5", toolTip="5 seconds on (Alt+Right)")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setMinimumWidth(40)  # the transcript's column must stay narrow
        self.time_label = QLabel("00:00 / 00:00")
        self.speed = QComboBox(toolTip="Speed (the pitch is kept)")
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        # Qt's own speaker icon: an emoji speaker is a blank box where no font has it.
        self.output_button = QToolButton(toolTip="Play through… (the output device)")
        self.output_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaVolume))
        self.output_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.output_menu = QMenu(self.output_button)
        self.output_menu.aboutToShow.connect(self.list_outputs)
        self.output_button.setMenu(self.output_menu)
        self.note = QLabel()  # why there is nothing to play (wrapped: it may be long)
        self.note.setStyleSheet("color: gray")
        self.note.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        for w in (self.back_button, self.play_button, self.on_button):
            layout.addWidget(w)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.time_label)
        layout.addWidget(self.speed)
        layout.addWidget(self.output_button)
        layout.addWidget(self.note)
        self.timer = QTimer(self, interval=TICK_MS)
        self.timer.timeout.connect(self.on_tick)
        self.play_button.clicked.connect(self.toggle)
        self.back_button.clicked.connect(lambda: self.skip(-SKIP_S))
        self.on_button.clicked.connect(lambda: self.skip(SKIP_S))
        self.slider.sliderReleased.connect(self.on_slider_released)
        self.speed.currentIndexChanged.connect(self.on_speed_chosen)
        self._add_shortcuts()
        self.set_audio(None, "")

    def _add_shortcuts(self) -> None:
        for keys, slot in (("Ctrl+Space", self.toggle), ("Alt+Left", lambda: self.skip(-SKIP_S)),
                           ("Alt+Right", lambda: self.skip(SKIP_S))):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    # ---- what is played ----------------------------------------------------------------------
    def set_audio(self, path: Path | None, why_not: str = "") -> None:
        """The audio of the meeting shown (None: ``find_audio`` is asked on the first play;
        ``why_not``: why there is none, shown beside the bar)."""
        self.stop()
        self.audio, self._opened = path, None
        self._preparing, self._then = None, None  # a decoding under way is dropped when done
        self.note.setText(why_not)
        self.note.setVisible(bool(why_not))
        self.slider.setValue(0)
        self.time_label.setText("00:00 / 00:00")

    @property
    def preparing(self) -> bool:
        """A non-WAV file is being decoded for playing."""
        return self._preparing is not None

    def _ready(self, then: Callable[[], None] | None = None) -> bool:
        """The file opened in the player. A WAV opens at once; any other file is decoded on a
        worker thread first (False until then; ``then`` is called when it is ready)."""
        if self.audio is None and self.find_audio is not None:
            try:
                self.audio = self.find_audio()
            except MinutiaError as e:
                self._fail(str(e))
                return False
        if self.audio is None:
            return False
        self._use_remembered_output()
        if self._opened == self.audio:
            return True
        if not reads_as_it_plays(self.audio):
            self._prepare(self.audio, then)
            return False
        try:
            duration = self.player.open(self.audio)
        except MinutiaError as e:
            self._fail(str(e))
            return False
        self._opened_now(duration)
        return True

    def _opened_now(self, duration: float) -> None:
        self._opened = self.audio
        self.slider.setRange(0, int(duration * 10))
        self.time_label.setText(f"00:00 / {mmss(duration)}")

    def _prepare(self, path: Path, then: Callable[[], None] | None) -> None:
        """Decode ``path`` on a worker (once); ``then`` when it is ready (the latest ask)."""
        self._then = then
        if self._preparing == path:
            return
        self._preparing = path
        self.time_label.setText("preparing…")

        def opening(cancel):
            return open_source(path, cancel=cancel)
            yield  # a generator: the worker takes it like any engine iterator

        worker = GeneratorWorker(opening)
        worker.returned.connect(self.on_prepared)
        worker.errored.connect(self.on_prepare_failed)
        thread = start_in_thread(worker)
        thread.setObjectName("minutia-decode")
        thread.finished.connect(self.on_prepare_ended)
        self._jobs.append((worker, thread))

    @Slot(object)
    def on_prepared(self, source) -> None:
        """The decoded audio: played from now on if it is still the meeting's audio."""
        if source.path != self.audio or self._preparing != self.audio:
            source.close()
            return
        self._preparing = None
        self._opened_now(self.player.use_source(source))
        then, self._then = self._then, None
        if then is not None:
            then()

    @Slot(object)
    def on_prepare_failed(self, error: Exception) -> None:
        self._preparing, self._then = None, None
        self.time_label.setText("00:00 / 00:00")
        self._fail(str(error) if isinstance(error, MinutiaError) else f"Cannot play: {error}")

    @Slot()
    def on_prepare_ended(self) -> None:
        done = [(w, t) for w, t in self._jobs if t.isFinished()]
        for _, thread in done:
            thread.wait()  # it emitted finished on its way out: returns at once
        self._jobs = [job for job in self._jobs if job not in done]

    def shutdown(self, timeout_ms: int = 3000) -> None:
        """Stop playing and any decoding (the window closes): bounded waits."""
        self.stop()
        for worker, thread in self._jobs:
            worker.cancel()
            thread.wait(timeout_ms)

    # ---- actions -------------------------------------------------------------------------
    @Slot(float)
    def play_from(self, seconds: float) -> None:
        """Play from ``seconds`` (a clicked segment or citation)."""
        if not self._ready(lambda: self.play_from(seconds)):
            return
        try:
            self.player.play(max(0.0, seconds))
        except MinutiaError as e:
            self._fail(str(e))
            return
        self.timer.start()
        self.on_tick()

    @Slot()
    def toggle(self) -> None:
        if self.player.state == PlayerState.PLAYING:
            self.player.pause()
            self.on_tick()
        elif self._ready(self.toggle):
            self.play_from(self.player.position if self.player.state != PlayerState.ENDED
                           else 0.0)

    def skip(self, seconds: float) -> None:
        if self._ready(lambda: self.skip(seconds)):
            self.player.seek(max(0.0, self.player.position + seconds))
            self.on_tick()

    def stop(self) -> None:
        self.player.stop()
        self.timer.stop()
        self.play_button.setText("▶")

    @Slot()
    def on_slider_released(self) -> None:
        if self._ready(self.on_slider_released):
            self.player.seek(self.slider.value() / 10)
            self.on_tick()

    @Slot(int)
    def on_speed_chosen(self, index: int) -> None:
        self.player.set_speed(SPEEDS[index])

    @Slot()
    def list_outputs(self) -> None:
        """The output menu, filled when opened (devices come and go): the system's default,
        then every device PortAudio can play through; the one in use is checked."""
        self.output_menu.clear()
        try:
            devices = self.player.output_devices()
        except MinutiaError as e:
            self.output_menu.addAction(str(e)).setEnabled(False)
            return
        self._outputs = {d.index: d.name for d in devices}
        for label, device in [("System default", None)] + [(d.label, d.index) for d in devices]:
            action = self.output_menu.addAction(label, lambda device=device: self.use_output(device))
            action.setCheckable(True)
            action.setChecked(device == self.player.device)

    def use_output(self, device: int | None) -> None:
        """Play through ``device`` (None: the system's default), from where it is."""
        try:
            self.player.set_device(device)
        except MinutiaError as e:
            self._fail(str(e))
        self._output_looked_for = True
        self.output_chosen.emit("" if device is None else self._outputs.get(device, ""))
        self.on_tick()

    def prefer_output(self, name: str) -> None:
        """The output to play through from the next play on, by name ("": the system's
        default); one that is not there now is looked for again then."""
        if name == self.remembered_output:
            return
        self.remembered_output = name
        self._output_looked_for = False
        if not name:
            self.player.device = None

    def _use_remembered_output(self) -> None:
        """Once: play through the output remembered from an earlier run if it is there, else
        through the system's default, saying so."""
        if self._output_looked_for or not self.remembered_output:
            return
        self._output_looked_for = True
        try:
            devices = self.player.output_devices()
        except MinutiaError as e:
            log.warning("playback: cannot list the outputs: %s", e)
            devices = []
        found = next((d for d in devices if d.name == self.remembered_output), None)
        if found is not None:
            self.player.device = found.index
            return
        self.player.device = None
        self.noticed.emit(f"The output “{self.remembered_output}” chosen before is not there:"
                          " playing through the system's default.")

    @Slot()
    def on_tick(self) -> None:
        """The timer: the position on the slider and label; the end; a device that went."""
        state, here = self.player.state, self.player.position
        self.play_button.setText("⏸" if state == PlayerState.PLAYING else "▶")
        if not self.slider.isSliderDown():
            self.slider.setValue(int(here * 10))
        self.time_label.setText(f"{mmss(here)} / {mmss(self.player.duration)}")
        if state == PlayerState.PLAYING:
            self.position_changed.emit(here)
            return
        self.timer.stop()
        if state == PlayerState.FAILED:
            self._fail(self.player.error)

    def _fail(self, message: str) -> None:
        log.warning("playback: %s", message)
        self.note.setText(message)
        self.note.setVisible(True)
        self.timer.stop()
        self.play_button.setText("▶")
        self.failed.emit(message)
