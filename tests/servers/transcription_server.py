"""An OpenAI-compatible transcription server backed by faster-whisper (what a team runs, in
miniature): ``POST /v1/audio/transcriptions`` with the fields OpenAI's API takes.

Like OpenAI it answers ``verbose_json`` (segments with times) for Whisper models and
``json`` only for the ``gpt-4o*-transcribe`` names (400 otherwise), and checks a Bearer key
when started with ``--key``. ``GET /debug/requests`` lists what it received.

    python tests/servers/transcription_server.py --port 8123 --model DIR [--key KEY]
"""

from __future__ import annotations

import argparse
import io
import threading

import uvicorn
from fastapi import FastAPI, File, Form, Header, UploadFile
from fastapi.responses import JSONResponse
from faster_whisper import WhisperModel, decode_audio


def make_app(model_dir: str, key: str | None) -> FastAPI:
    app = FastAPI()
    whisper = WhisperModel(model_dir, device="cpu", compute_type="int8", cpu_threads=2,
                           local_files_only=True)
    lock = threading.Lock()
    received: list[dict] = []

    def error(status: int, message: str, code: str, param: str | None = None) -> JSONResponse:
        return JSONResponse({"error": {"message": message, "type": "invalid_request_error",
                                       "param": param, "code": code}}, status_code=status)

    @app.post("/v1/audio/transcriptions")
    def transcriptions(file: UploadFile = File(...), model: str = Form(...),
                       response_format: str = Form("json"), language: str | None = Form(None),
                       prompt: str | None = Form(None),
                       authorization: str | None = Header(None)):
        data = file.file.read()
        received.append({"file": file.filename, "bytes": len(data), "model": model,
                         "response_format": response_format, "language": language,
                         "prompt": prompt})
        if key is not None and authorization != f"Bearer {key}":
            return error(401, "Incorrect API key provided", "invalid_api_key")
        if model.startswith("gpt-4o") and response_format != "json":
            return error(400, f"response_format '{response_format}' is not compatible with"
                         f" model '{model}'. Use 'json' or 'text' instead.", "unsupported_value",
                         "response_format")
        audio = decode_audio(io.BytesIO(data), sampling_rate=16000)
        with lock:  # one decode at a time: CTranslate2 on 2 threads
            segments, info = whisper.transcribe(audio, language=language, initial_prompt=prompt,
                                                beam_size=5, vad_filter=True)
            segments = list(segments)
        text = " ".join(s.text.strip() for s in segments)
        if response_format == "json":
            return {"text": text}
        names = {"en": "english", "de": "german", "fr": "french"}
        return {"task": "transcribe", "language": names.get(info.language, info.language),
                "duration": info.duration, "text": text,
                "segments": [{"id": i, "seek": s.seek, "start": s.start, "end": s.end,
                              "text": s.text, "tokens": s.tokens, "temperature": s.temperature,
                              "avg_logprob": s.avg_logprob,
                              "compression_ratio": s.compression_ratio,
                              "no_speech_prob": s.no_speech_prob}
                             for i, s in enumerate(segments)]}

    @app.get("/debug/requests")
    def requests():
        return received

    @app.get("/v1/models")
    def models():
        return {"object": "list", "data": [{"id": "whisper-1", "object": "model"}]}

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--model", required=True, help="faster-whisper model folder")
    parser.add_argument("--key")
    args = parser.parse_args()
    uvicorn.run(make_app(args.model, args.key), host="127.0.0.1", port=args.port,
                log_level="warning")


if __name__ == "__main__":
    main()
