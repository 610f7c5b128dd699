"""OpenAI-compatible remote backends: endpoint, chat, transcription, upload, auto fallback, consent."""
