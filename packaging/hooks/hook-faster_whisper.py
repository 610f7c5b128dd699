"""PyInstaller hook for faster-whisper (none exists in pyinstaller-hooks-contrib).

``faster_whisper/assets/silero_vad_v6.onnx`` is a data file: without it ``vad_filter=True``
(and Minutia's speaker finder, which opens the same model) fails in the frozen app.
"""

from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("faster_whisper")
