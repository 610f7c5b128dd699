"""Speech to text: the Transcriber protocol, faster-whisper on this machine, and live
transcription while recording."""
