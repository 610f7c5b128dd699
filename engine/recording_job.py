"""A recorded meeting, start to finish: record (transcribing live), then write the minutes.

The one sequence both faces run (``minutia record`` and the desktop's Record button).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from engine.audio.recorder import RECORDING_FILE, RecordControl, record
from engine.cancel import CancelToken
from engine.events import Event, Notice, SessionStarted, StageChanged
from engine.pipeline import Pipeline
from engine.session import Session
from engine.transcribe.careful import CarefulPass
from engine.transcribe.live import LiveTranscriber
from engine.types import Stage, Transcript

log = logging.getLogger("minutia.recording")


def live_transcriber(transcriber, *, language: str | None) -> LiveTranscriber:
    """Live text for the view, and a careful pass for the transcript the recording keeps (on
    a second copy of the model in the background, where the backend can make one: it takes
    only the CPU the live passes leave, so live lag stays as without it)."""
    twin = getattr(transcriber, "twin", None)
    careful = CarefulPass(twin(background=True) if twin else transcriber, language=language,
                          background=True)
    return LiveTranscriber(transcriber, language=language, careful=careful)


def record_meeting(pipeline: Pipeline, source, control: RecordControl, *, cancel: CancelToken,
                   title: str, live: bool = True, max_seconds: float | None = None
                   ) -> Iterator[Event]:
    """Record from ``source`` into a new session until ``control.stop()``, then the minutes.

    Yields the recorder's events (levels, live text, RecordingStopped), then the pipeline's.
    With ``live``, the recording is transcribed while it goes on (live text for the view, and
    a careful pass, as a file is transcribed, for the transcript it keeps), and the minutes
    start from that transcript soon after Stop (after its speakers are found in the
    recording, when the config asks for speakers); if live transcription failed (or is off)
    the recording is transcribed after Stop instead. What was heard is saved even when the
    recording fails.
    """
    transcriber = None
    if live and pipeline.config.asr_backend != "local":
        # Drafts every 2 s would be a request every 2 s: remote transcription waits for Stop.
        live = False
        yield Notice(f"No live transcript: the recording is sent to {pipeline.config.base_url}"
                     " for transcription after Stop")
    if live:
        yield StageChanged(Stage.LOADING_SPEECH_MODEL)
        transcriber = live_transcriber(pipeline.transcriber, language=pipeline.config.language)
        transcriber.start()  # loads the models first, so recording starts at full speed
    session = Session.create(title, root=pipeline.sessions_root)
    yield SessionStarted(session.dir)
    transcript = None
    try:
        yield from record(session, source, control, max_seconds=max_seconds, live=transcriber)
    finally:
        if transcriber is not None:
            transcript = _finish_live(transcriber, session)
    if transcript is None:
        return (yield from pipeline.process_file(session.dir / RECORDING_FILE, cancel=cancel,
                                                 session=session))
    yield from transcriber.poll()  # the tail, committed after Stop
    # Speakers are found after Stop, in the whole recording (not live: it would add lag).
    return (yield from pipeline.minutes_from_transcript(
        transcript, cancel=cancel, title=title, source="live recording", session=session,
        audio=session.dir / RECORDING_FILE))


def _finish_live(transcriber: LiveTranscriber, session: Session) -> Transcript | None:
    """The live transcript with its tail, saved in the session; None if live failed."""
    try:
        segments = transcriber.finish(timeout=120)
    except Exception:  # noqa: BLE001 - logged by the live thread; the caller transcribes the file
        log.warning("live transcription failed; the recording will be transcribed instead")
        return None
    seconds = session.manifest.get("recording", {}).get("seconds", 0.0)
    transcript = Transcript(segments, transcriber.language or "", 1.0, seconds,
                            str(session.dir / RECORDING_FILE))
    status = session.manifest.get("status")
    session.save_transcript(transcript)  # kept even when the recording failed
    session.save_manifest(status=status)
    return transcript
