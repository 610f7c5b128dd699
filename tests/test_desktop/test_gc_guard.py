"""Qt objects in reference cycles are destroyed on the GUI thread, never on an engine thread.

The suite once died with SIGSEGV between tests/test_desktop and the live-recording tests: a
window left in a reference cycle was collected by Python's GC on a recorder thread, its
timers stayed registered, and the next event loop pass fired one (desktop/gc_guard.py). This
replays that in a child process, so a crash fails the test instead of killing the run.
"""

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import sys, threading, time
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget
    from desktop.gc_guard import GuiThreadCollector

    app = QApplication([])
    if sys.argv[1] == "guarded":
        GuiThreadCollector(app)
    kept = []

    class Window(QWidget):
        def __init__(self):
            super().__init__()
            self.clock = QTimer(self)
            self.clock.timeout.connect(self.tick)
            self.clock.start(1)
            self.me = self  # a reference cycle: only the cyclic GC frees it

        def tick(self):
            pass

        def __del__(self):
            print("destroyed on", threading.current_thread().name, flush=True)

    for _ in range(20):
        window = Window()
        window.show()
        del window

    def engine_work():  # allocates like a Whisper window or a llama.cpp token loop
        kept.extend([i] for i in range(300000))

    worker = threading.Thread(target=engine_work, name="engine")
    worker.start()
    worker.join()
    end = time.monotonic() + 1.5
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    print("survived", flush=True)
""")


def run(mode: str) -> tuple[int | None, list[str], str]:
    """The exit code (None: it hung), the thread each window was destroyed on, and stderr."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    try:
        done = subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True,
                              text=True, env=env, timeout=15)
        code, out, err = done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired as hung:
        code, out, err = None, hung.stdout or b"", hung.stderr or b""
        out, err = out.decode(), err.decode()
    threads = [line.split()[-1] for line in out.splitlines() if line.startswith("destroyed on")]
    if "survived" not in out and code == 0:
        code = -1
    return code, threads, err


def test_windows_in_reference_cycles_die_on_the_gui_thread_and_the_app_lives():
    code, threads, err = run("guarded")
    assert code == 0, err[-2000:]
    assert threads == ["MainThread"] * 20
    assert "Timers cannot be stopped from another thread" not in err


def test_without_the_guard_an_engine_thread_destroys_them():
    """The hazard the guard removes is real here: the same script without it has the GC
    destroy the windows on the engine thread, and the process crashes or hangs."""
    code, threads, err = run("bare")
    assert "engine" in threads
    assert code != 0  # SIGSEGV (-11), or hung (None)
