"""The real app starts under a real X server, as a user starts it: ``minutia gui``.

The other desktop tests run Qt offscreen, so they cannot see that Qt's xcb platform plugin
fails to load when a system library it links (libxcb-icccm4, libxcb-keysyms1, ...) is missing;
the user then gets "Could not load the Qt platform plugin "xcb"" and no window (issue 13).
Here the app runs in a subprocess on an Xvfb display of its own; the test waits for its window
to be mapped, then closes it the way a window manager does (WM_DELETE_WINDOW) and expects a
clean exit. Needs ``xvfb`` and ``x11-utils`` (``./setup.sh --test``); skipped without them
outside CI, a failure in CI.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from missing import need

pytestmark = pytest.mark.e2e

WINDOW_TIMEOUT_S = 60  # a cold start (imports, first font cache) takes a few seconds
EXIT_TIMEOUT_S = 20
PLUGIN_ERROR = "Could not load the Qt platform plugin"
# A line of `xwininfo -root -tree`:   0x1400007 "Minutia": ("minutia" "Minutia")  1024x768+0+0 ...
TOP_LEVEL = re.compile(r'^\s*(0x[0-9a-f]+) "Minutia(?: — [^"]*)?":', re.MULTILINE)


def _tools() -> tuple[str, str]:
    xvfb, xwininfo = shutil.which("Xvfb"), shutil.which("xwininfo")
    if xvfb and xwininfo:
        return xvfb, xwininfo
    need("needs Xvfb and xwininfo: apt-get install xvfb x11-utils (./setup.sh --test)")


def _app_command() -> list[str]:
    """``minutia gui`` from the environment that runs the tests: the console script a user
    runs (``.venv/bin/minutia``), or the same entry point through this interpreter."""
    script = Path(sys.executable).with_name("minutia")
    if script.is_file():
        return [str(script), "gui"]
    return [sys.executable, "-c", "import sys; from cli import main; sys.exit(main())", "gui"]


def _start_xvfb(xvfb: str, log: Path) -> tuple[subprocess.Popen, str]:
    """An Xvfb on a display number it picks itself (-displayfd: no race with other servers)."""
    read_fd, write_fd = os.pipe()
    with log.open("wb") as out:
        server = subprocess.Popen([xvfb, "-displayfd", str(write_fd), "-screen", "0", "1280x800x24",
                                   "-nolisten", "tcp"],
                                  pass_fds=(write_fd,), stdout=out, stderr=subprocess.STDOUT)
    os.close(write_fd)
    with os.fdopen(read_fd) as f:
        number = f.readline().strip()  # written once the server accepts connections
    if not number:
        server.kill()
        server.wait()
        pytest.fail(f"Xvfb did not start: {log.read_text(errors='replace')}")
    return server, f":{number}"


def _mapped_window(xwininfo: str, display: str) -> str | None:
    """The id of the app's top-level window once it is titled and viewable, else None."""
    env = {**os.environ, "DISPLAY": display}
    tree = subprocess.run([xwininfo, "-root", "-tree"], env=env, capture_output=True, text=True).stdout
    for window in TOP_LEVEL.findall(tree):
        info = subprocess.run([xwininfo, "-id", window], env=env, capture_output=True, text=True).stdout
        if "Map State: IsViewable" in info:
            return window
    return None


def _close_window(display: str, window: str) -> None:
    """Ask the window to close as a window manager's close button does: a WM_DELETE_WINDOW
    client message (Xvfb runs no window manager, and xdotool/wmctrl are rarely installed)."""

    class ClientMessage(ctypes.Structure):  # XClientMessageEvent, inside the 24-long XEvent union
        _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                    ("display", ctypes.c_void_p), ("window", ctypes.c_ulong),
                    ("message_type", ctypes.c_ulong), ("format", ctypes.c_int),
                    ("data", ctypes.c_long * 5), ("pad", ctypes.c_long * 12)]

    x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x11.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                               ctypes.POINTER(ClientMessage)]
    x11.XFlush.argtypes = [ctypes.c_void_p]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    dpy = x11.XOpenDisplay(display.encode())
    assert dpy, f"cannot open X display {display}"
    try:
        event = ClientMessage(type=33, send_event=1, display=dpy, window=int(window, 16),  # ClientMessage
                              message_type=x11.XInternAtom(dpy, b"WM_PROTOCOLS", 0), format=32)
        event.data[0] = x11.XInternAtom(dpy, b"WM_DELETE_WINDOW", 0)
        event.data[1] = 0  # CurrentTime
        assert x11.XSendEvent(dpy, int(window, 16), 0, 0, ctypes.byref(event)), "XSendEvent failed"
        x11.XFlush(dpy)
    finally:
        x11.XCloseDisplay(dpy)


def _screenshot(display: str, folder: Path) -> None:
    """Keep what the screen showed (XWD; `convert xwd:screen.xwd screen.png`) for a person to look
    at when the test fails. Only when xwd (x11-apps) is installed; nothing depends on it."""
    xwd = shutil.which("xwd")
    if xwd:
        subprocess.run([xwd, "-root", "-silent", "-display", display, "-out", str(folder / "screen.xwd")],
                       timeout=30, check=False)


def test_minutia_gui_opens_its_window_under_x_and_closes_cleanly(tmp_path):
    xvfb, xwininfo = _tools()
    server, display = _start_xvfb(xvfb, tmp_path / "xvfb.log")
    home = tmp_path / "home"  # a fresh MINUTIA_HOME: no sessions to recover, no saved geometry
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "MINUTIA_HOME": str(home)}
    for name in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORMTHEME", "XAUTHORITY"):
        env.pop(name, None)
    stderr_path = tmp_path / "app.stderr"
    try:
        with stderr_path.open("wb") as stderr:
            started = time.monotonic()
            app = subprocess.Popen(_app_command(), env=env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            window = None
            while window is None and app.poll() is None and time.monotonic() - started < WINDOW_TIMEOUT_S:
                time.sleep(0.2)
                window = _mapped_window(xwininfo, display)
            seconds = time.monotonic() - started
            _screenshot(display, tmp_path)
            errors = stderr_path.read_text(errors="replace")
            assert PLUGIN_ERROR not in errors, f"Qt's xcb plugin did not load:\n{errors}"
            assert window is not None, (
                f"no mapped 'Minutia' window after {seconds:.1f} s "
                f"(app {'exited with ' + str(app.returncode) if app.returncode is not None else 'running'})"
                f"; stderr:\n{errors}")
            print(f"window mapped {seconds:.1f} s after `minutia gui` started")

            _close_window(display, window)
            try:
                code = app.wait(timeout=EXIT_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                pytest.fail(f"the app did not exit within {EXIT_TIMEOUT_S} s of its window closing")
            errors = stderr_path.read_text(errors="replace")
            assert code == 0, f"exit code {code}; stderr:\n{errors}"
            ini = list(home.rglob("Minutia.ini"))
            assert ini and "geometry=" in ini[0].read_text(), "closing did not save the window geometry"
        finally:
            if app.poll() is None:
                app.terminate()
                try:
                    app.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    app.kill()
                    app.wait()
    finally:
        server.terminate()
        server.wait(timeout=10)
