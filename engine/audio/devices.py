"""Input devices through PortAudio (python-sounddevice), with clear errors when there are none."""

from __future__ import annotations

from dataclasses import dataclass

from engine.errors import DeviceError

PORTAUDIO_HINT = ("PortAudio is not installed, so Minutia cannot record: install it"
                  " (Debian/Ubuntu: sudo apt-get install libportaudio2). Importing files still works.")


def load_sounddevice():
    """Import sounddevice; PortAudio's absence becomes a DeviceError that says how to fix it."""
    try:
        import sounddevice
    except OSError as e:  # sounddevice raises OSError("PortAudio library not found")
        raise DeviceError(PORTAUDIO_HINT) from e
    return sounddevice


def _query(sd):
    """(default input and output indices, host APIs, devices) as PortAudio lists them."""
    try:
        return tuple(sd.default.device), sd.query_hostapis(), sd.query_devices()
    except sd.PortAudioError as e:
        raise DeviceError(f"PortAudio cannot list audio devices: {e}") from e


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    host_api: str
    channels: int
    default_rate: float
    is_default: bool

    @property
    def label(self) -> str:
        return f"{self.name} ({self.host_api})" + (" [default]" if self.is_default else "")


def list_input_devices(sd=None) -> list[InputDevice]:
    """Every device PortAudio offers with at least one input channel (monitor sources too)."""
    (default_in, _), apis, devices = _query(sd or load_sounddevice())
    return [InputDevice(i, d["name"], apis[d["hostapi"]]["name"], d["max_input_channels"],
                        float(d["default_samplerate"]), i == default_in)
            for i, d in enumerate(devices) if d["max_input_channels"] > 0]


def resolve_input_device(spec: str | int | None, sd=None) -> InputDevice:
    """The device for ``--device``: an index, an exact or partial name, or None for the default.

    Raises:
        DeviceError: no input devices at all, or none matching ``spec``.
    """
    devices = list_input_devices(sd)
    if not devices:
        raise DeviceError("No microphone or other input device found. Connect one, or import"
                          " a recording file instead.")
    if spec is None or spec == "":
        return next((d for d in devices if d.is_default), devices[0])
    if isinstance(spec, int) or str(spec).isdigit():
        match = [d for d in devices if d.index == int(spec)]
    else:
        match = [d for d in devices if d.name == spec] or \
                [d for d in devices if str(spec).lower() in d.name.lower()]
    if not match:
        names = "; ".join(d.label for d in devices)
        raise DeviceError(f"No input device matches {spec!r}. Available: {names}")
    return match[0]


@dataclass(frozen=True)
class OutputDevice:
    """A device PortAudio can play through (the player's choice)."""

    index: int
    name: str
    host_api: str
    is_default: bool

    @property
    def label(self) -> str:
        return f"{self.name} ({self.host_api})" + (" [default]" if self.is_default else "")


def list_output_devices(sd=None) -> list[OutputDevice]:
    """Every device PortAudio offers with at least one output channel.

    Raises:
        DeviceError: PortAudio is missing or cannot list devices.
    """
    (_, default_out), apis, devices = _query(sd or load_sounddevice())
    return [OutputDevice(i, d["name"], apis[d["hostapi"]]["name"], i == default_out)
            for i, d in enumerate(devices) if d["max_output_channels"] > 0]
