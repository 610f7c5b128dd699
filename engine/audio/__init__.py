"""Meeting audio to 16 kHz samples (decode), input devices and sources, and the crash-safe recorder."""
