"""The pipeline: audio file -> transcript -> minutes, as one iterator of events.

Callers (the CLI, the desktop worker) pull events at their own pace and cancel with a
CancelToken. Everything is written to a session folder as it becomes final: the transcript
before its speakers are looked for and before the minutes start, so no later failure or
cancel can lose it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Generator, Iterator
from dataclasses import asdict, replace
from pathlib import Path
from typing import Protocol

import numpy as np

from engine import speakers
from engine.audio.decode import check_input_file, decode_audio
from engine.background import cancellable
from engine.cancel import CancelToken
from engine.config import EngineConfig
from engine.device import DevicePlan
from engine.diarize.turns import Diarization, SpeakerCount
from engine.errors import Cancelled, MinutiaError, NoSpeechError
from engine.events import (
    Event,
    Finished,
    InsightsFound,
    LanguageDetected,
    MinutesDelta,
    MinutesPlanned,
    MinutesTentative,
    Notice,
    Progress,
    SegmentAdded,
    SessionStarted,
    StageChanged,
    TranscriptSaved,
)
from engine.insights import insights
from engine.library.hook import session_finished
from engine.minutes.base import ChatModel
from engine.minutes.grounding import Tally
from engine.minutes.lens import StepControl
from engine.minutes.prompts import load_template
from engine.minutes.writer import MinutesOptions, write_minutes
from engine.models import file_sha256
from engine.session import Session, Status
from engine.transcribe.base import Transcriber
from engine.transcript_io import mmss
from engine.types import Stage, Transcript
from engine.version import __version__
from engine.voices import VoiceBook, VoiceMatch

log = logging.getLogger("minutia.pipeline")


class Diarizer(Protocol):
    """Who spoke when (engine.diarize.diarizer.Diarizer; tests pass a fake)."""

    def diarize(self, audio: np.ndarray, *, cancel: CancelToken, speakers: SpeakerCount
                ) -> Generator[Progress, None, Diarization]: ...


class Pipeline:
    """Runs jobs with backends built once and reused (models stay loaded between jobs).

    ``diarizer``: finds the speakers of each transcript when ``config.speakers`` is on;
    None: transcripts have no speakers (engine.backends.make_diarizer builds the real one).
    ``voices``: the remembered voices that name the speakers found (default: the user's
    ``VoiceBook()``; empty until the user remembers a voice).
    """

    def __init__(self, *, config: EngineConfig, transcriber: Transcriber | None,
                 chat_model: ChatModel | None, device: DevicePlan | None = None,
                 sessions_root: Path | None = None, diarizer: Diarizer | None = None,
                 voices: VoiceBook | None = None) -> None:
        self.config = config
        self.transcriber = transcriber
        self.chat_model = chat_model
        self.device = device
        self.sessions_root = sessions_root
        self.diarizer = diarizer
        self.voices = voices if voices is not None else VoiceBook()

    def _settings(self) -> dict:
        return {k: str(v) if isinstance(v, Path) else v for k, v in vars(self.config).items()}

    def _new_session(self, title: str, **source) -> Session:
        return Session.create(title, root=self.sessions_root, app_version=__version__,
                              settings=self._settings(),
                              device=self.device.as_dict() if self.device else None, **source)

    def process_file(self, path: Path, *, cancel: CancelToken, minutes: bool = True,
                     title: str | None = None, session: Session | None = None) -> Iterator[Event]:
        """Decode, transcribe and (unless ``minutes`` is False) write minutes for one file.

        ``session``: put the results in this existing session (a recording's own folder)
        instead of a new one.

        Raises:
            InputError, ModelError, NoSpeechError: with a one-line explanation.
            Cancelled: at the next segment or token; what was final is saved.
        """
        path = check_input_file(path)
        template = load_template(self.config.template) if minutes else None
        source = {"path": str(path.resolve()), "size": path.stat().st_size,
                  "sha256": file_sha256(path)}
        if session is None:
            session = self._new_session(title or path.stem, source=source)
        else:
            session.save_manifest(source=source, app_version=__version__,
                                  settings=self._settings(),
                                  device=self.device.as_dict() if self.device else None)
        yield SessionStarted(session.dir)
        timings: dict[str, float] = {}
        sent = _SentLog(session, cancel)
        with _failures_recorded(session, timings, sent):
            yield StageChanged(Stage.DECODING)
            t = time.perf_counter()
            audio = yield from decode_audio(path, cancel=cancel)
            timings["decode_s"] = _since(t)
            transcript = yield from self._transcribe(audio, session, timings, cancel, str(path),
                                                     sent)
            yield TranscriptSaved(transcript, session.save_transcript(transcript))
            if not transcript.segments:
                session.save_manifest(status=Status.NO_SPEECH)
                raise NoSpeechError(f"No speech found in {path.name}"
                                    + (": no minutes written" if template else "")
                                    + f" (session kept in {session.dir})")
            transcript = yield from self._speakers(audio, transcript, session, timings, cancel)
            text = None
            if template is not None:
                text = yield from self._minutes(transcript, session, template, timings, cancel,
                                                sent)
            session.save_manifest(status=Status.COMPLETE, timings=timings)
        yield Finished(session.dir, transcript, text, timings)

    def minutes_from_transcript(self, transcript: Transcript, *, cancel: CancelToken,
                                title: str, source: str = "",
                                session: Session | None = None,
                                step: StepControl | None = None,
                                audio: Path | None = None) -> Iterator[Event]:
        """Write minutes for a transcript already made (regenerate, a saved transcript.json,
        or a live transcript: then ``session`` is the recording's own folder). ``step``: the
        Token Lens's step mode, one token per click. ``audio``: the recording the transcript
        was made from; its speakers are found first (when the config asks for speakers)."""
        template = load_template(self.config.template)
        if session is None:
            session = self._new_session(title, source={"transcript": source})
        yield SessionStarted(session.dir)
        timings: dict[str, float] = {}
        sent = _SentLog(session, cancel)
        with _failures_recorded(session, timings, sent):
            yield TranscriptSaved(transcript, session.save_transcript(transcript))
            if not transcript.segments:
                # ``source`` may be a label ("regenerate", "live recording"): only a file the
                # user gave (the CLI's --transcript) is worth naming.
                given = f" ({source})" if source and Path(source).is_file() else ""
                raise NoSpeechError(f"The transcript of “{title}”{given} has no speech to write"
                                    " minutes from")
            if audio is not None:
                transcript = yield from self._speakers_of_file(audio, transcript, session,
                                                               timings, cancel)
            text = yield from self._minutes(transcript, session, template, timings, cancel, sent,
                                            step)
            session.save_manifest(status=Status.COMPLETE, timings=timings)
        yield Finished(session.dir, transcript, text, timings)

    def _transcribe(self, audio, session: Session, timings: dict, cancel: CancelToken,
                    source: str, sent: _SentLog):
        yield StageChanged(Stage.LOADING_SPEECH_MODEL)
        t = time.perf_counter()
        self.transcriber.load()
        self.transcriber.attach_job(on_sent=sent.record, cancel=cancel)
        timings["load_speech_model_s"] = _since(t)
        session.save_manifest(speech_model=self.transcriber.describe())
        cancel.raise_if_cancelled()
        yield StageChanged(Stage.TRANSCRIBING)
        t = time.perf_counter()
        duration = len(audio) / 16_000
        detected: LanguageDetected | None = None
        segments = []
        try:
            # transcribe() itself runs on the helper thread too: faster-whisper does its VAD
            # over the whole file, the features and the language detection before it returns,
            # tens of seconds on a long meeting, and a cancel must be seen meanwhile.
            items = cancellable(_started(self.transcriber, audio, self.config.language), cancel,
                                name="minutia-whisper")
            detected = next(items)
            yield LanguageDetected(detected.language, detected.probability, detected.duration)
            for segment in items:
                segments.append(segment)
                yield SegmentAdded(segment)
                yield Progress(Stage.TRANSCRIBING, segment.end, duration)
        except Cancelled:
            sent.close()  # before this thread writes the session: a helper may still be sending
            # Keep what was heard so far: a cancelled transcription is still the user's data,
            # and say so as a finished one does (the app shows it and can write minutes from it).
            language, probability = (detected.language, detected.probability) if detected \
                else ("", 0.0)
            kept = Transcript(segments, language, probability, duration, source)
            yield TranscriptSaved(kept, session.save_transcript(kept))
            raise
        timings["transcribe_s"] = _since(t)
        yield Progress(Stage.TRANSCRIBING, duration, duration)
        return Transcript(segments, detected.language, detected.probability, duration, source)

    def _wants_speakers(self, transcript: Transcript) -> bool:
        return self.diarizer is not None and self.config.speakers and bool(transcript.segments)

    def _speakers_of_file(self, path: Path, transcript: Transcript, session: Session,
                          timings: dict, cancel: CancelToken) -> Generator[Event, None, Transcript]:
        """_speakers on the audio of ``path`` (a recording whose transcript was made live)."""
        if not self._wants_speakers(transcript):
            return transcript
        yield StageChanged(Stage.DECODING)
        try:
            audio = yield from decode_audio(path, cancel=cancel)
        except MinutiaError as e:
            yield Notice(f"No speakers: {_sentence(e)} The transcript is kept without them.")
            return transcript
        return (yield from self._speakers(audio, transcript, session, timings, cancel))

    def _speakers(self, audio: np.ndarray, transcript: Transcript, session: Session,
                  timings: dict, cancel: CancelToken) -> Generator[Event, None, Transcript]:
        """Who said what: the diarizer's progress, then the transcript saved again with its
        speakers (and a Notice of the names it suggests). The transcript is already saved:
        a cancel keeps it as it was, and a diarizer that fails says why in a Notice and the
        job goes on without speakers."""
        if not self._wants_speakers(transcript):
            return transcript
        yield StageChanged(Stage.DIARIZING)
        t = time.perf_counter()
        try:
            turns = yield from _diarized(self.diarizer, audio, self.config.speaker_count, cancel)
        except Cancelled:
            raise
        except MinutiaError as e:
            session.save_manifest(speakers={"error": str(e)})
            yield Notice(f"No speakers: {_sentence(e)} The transcript is kept without them;"
                         " turn speakers off to skip this step.")
            return transcript
        except Exception as e:  # noqa: BLE001 - speakers are extra: the minutes still follow
            log.exception("diarization failed")
            session.save_manifest(speakers={"error": f"{type(e).__name__}: {e}"})
            yield Notice("No speakers: finding them failed (a bug; the log file has the"
                         " details). The transcript is kept without them.")
            return transcript
        timings["diarize_s"] = _since(t)
        pieces = speakers.attributed(transcript.segments, turns)
        labelled = replace(transcript, segments=speakers.renumbered(pieces), speaker_names={})
        session.forget_speaker_names()  # numbers from an earlier run may mean other people
        found = speakers.speakers_in(labelled.segments)
        voices, windows = _voices_renumbered(turns, speakers.numbering(pieces))
        session.save_speaker_voices(voices, windows)
        matches = self._recognised(voices)
        named = {m.speaker: speakers.Named(m.name, voice=m.similarity) for m in matches if m.sure}
        session.name_speakers(named)
        labelled.speaker_names = {k: v.name for k, v in named.items()}
        session.save_manifest(speakers={"count": len(found)} | (
            {"voices": [asdict(m) for m in matches]} if matches else {}))
        yield TranscriptSaved(labelled, session.save_transcript(labelled))
        yield Notice(_found_message(labelled, matches))
        return labelled

    def _recognised(self, voices: dict[int, np.ndarray]) -> list[VoiceMatch]:
        """The remembered voices the speakers sound like; [] when none are remembered or the
        voice book cannot be read (a voice never costs the transcript)."""
        if not voices:
            return []
        try:
            return self.voices.match(voices)
        except Exception:  # noqa: BLE001 - a name is extra: the transcript and minutes follow
            log.exception("matching remembered voices failed")
            return []

    def _minutes(self, transcript: Transcript, session: Session, template, timings: dict,
                 cancel: CancelToken, sent: _SentLog, step: StepControl | None = None):
        found = insights(transcript.segments)
        session.save_insights(found.to_json())
        yield InsightsFound(found)
        yield StageChanged(Stage.LOADING_LLM)
        t = time.perf_counter()
        self.chat_model.load()
        self.chat_model.attach_job(on_sent=sent.record, cancel=cancel)
        timings["load_llm_s"] = _since(t)
        session.save_manifest(minutes_model=self.chat_model.describe(), template=template.key)
        cancel.raise_if_cancelled()
        yield StageChanged(Stage.WRITING_MINUTES)
        options = MinutesOptions(sampling=self.config.sampling, title=session.manifest["title"],
                                 lens_top=self.config.lens_top, fork=self.config.fork, step=step,
                                 strict=self.config.strict,
                                 language=self.config.minutes_language,
                                 insights=found if self.config.insights else None)
        parts: list[str] = []
        t = time.perf_counter()
        tokens = 0
        try:
            for event in write_minutes(transcript, self.chat_model, template, options, cancel):
                if isinstance(event, MinutesDelta):
                    parts.append(event.text)
                    if event.generated:
                        tokens += 1
                        timings.setdefault("first_token_s", _since(t))
                elif isinstance(event, MinutesTentative):  # a token the guard still checks
                    timings.setdefault("first_token_s", _since(t))
                elif isinstance(event, MinutesPlanned):
                    session.save_manifest(minutes_plan={"chunks": event.chunks,
                                                        "transcript_tokens": event.transcript_tokens,
                                                        "context_tokens": event.context_tokens})
                elif isinstance(event, Tally):
                    session.save_manifest(grounding={
                        "items": event.items, "verified": event.verified,
                        "dropped": event.dropped, "unverified": event.unverified,
                        "strict": options.strict})
                yield event
        except BaseException:
            if parts:
                session.save_minutes("".join(parts), complete=False)
            raise
        timings["minutes_s"] = _since(t)
        timings["minutes_pieces"] = tokens
        text = "".join(parts)
        session.save_minutes(text, complete=True)
        return text


def _diarized(diarizer: Diarizer, audio: np.ndarray, count: SpeakerCount, cancel: CancelToken
              ) -> Generator[Progress, None, Diarization]:
    """The diarizer's progress and then its turns, run on a helper thread (as transcription
    is) so that a cancel is seen within ~50 ms even during a long native call."""
    box: dict[str, Diarization] = {}

    def run() -> Iterator[Progress]:
        box["turns"] = yield from diarizer.diarize(audio, cancel=cancel, speakers=count)

    yield from cancellable(run(), cancel, name="minutia-diarize")
    return box["turns"]


def _voices_renumbered(found: Diarization, numbers: dict[int, int]
                       ) -> tuple[dict[int, np.ndarray], dict[int, int]]:
    """The diarizer's speaker voices under the transcript's speaker numbers; a speaker that
    said no word of the transcript is left out."""
    return ({numbers[k]: v for k, v in found.voices.items() if k in numbers},
            {numbers[k]: int(found.windows.get(k, 0)) for k in found.voices if k in numbers})


def _sentence(error: Exception) -> str:
    text = str(error).strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _found_message(transcript: Transcript, matches: list[VoiceMatch] = ()) -> str:
    """How many speakers were found, who a remembered voice named, who is probably whom by
    voice, and the names their words suggest."""
    found = speakers.speakers_in(transcript.segments)
    text = f"{len(found)} speaker{'s' if len(found) != 1 else ''} found"
    by_voice = [f"{speakers.display_name(m.speaker, {})} is {m.name} (remembered voice,"
                f" {m.similarity:.2f})" if m.sure else
                f"{speakers.display_name(m.speaker, {})} is probably {m.name}"
                f" (voice {m.similarity:.2f})" for m in sorted(matches, key=lambda m: m.speaker)]
    hints = [f"{speakers.display_name(s.speaker, {})} may be {s.name} ([{mmss(s.at)}] {s.evidence})"
             for s in speakers.suggest(transcript.segments)]
    return text + (": " + "; ".join(by_voice + hints) if by_voice or hints else "") + "."


def _started(transcriber: Transcriber, audio, language: str | None) -> Iterator:
    """The language found, then the segments: ``transcribe()``'s preparation and its stream
    as one iterator, so both run wherever the iterator is consumed."""
    detected, stream = transcriber.transcribe(audio, language=language)
    yield detected
    yield from stream


class _SentLog:
    """The ``sent`` entries of one job's manifest, written from a remote backend's threads.

    A remote backend notes each request before it sends it (so a failed request is on record
    too). Its threads can outlive the job (a cancel while the consent question is open): once
    the job ends or is cancelled, a request not yet on record is refused (Cancelled, so it is
    not sent) and nothing more is written beside the job's own last words.
    """

    def __init__(self, session: Session, cancel: CancelToken) -> None:
        self._session, self._cancel = session, cancel
        self._lock = threading.Lock()
        self._open = True

    def record(self, record: dict) -> None:
        with self._lock:
            if not self._open or self._cancel.cancelled:
                raise Cancelled()
            self._session.record_sent(record)

    def close(self) -> None:
        """No more entries; waits for one being written."""
        with self._lock:
            self._open = False


def _since(t: float) -> float:
    return round(time.perf_counter() - t, 3)


class _failures_recorded:
    """Context manager: a job that ends early says why in its manifest, then re-raises."""

    def __init__(self, session: Session, timings: dict, sent: _SentLog) -> None:
        self.session, self.timings, self.sent = session, timings, sent

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, tb) -> bool:
        self.sent.close()
        if kind is None:
            session_finished(self.session.dir)  # the meeting library's index
            return False
        if issubclass(kind, Cancelled):
            status = Status.CANCELLED
        elif issubclass(kind, GeneratorExit):
            status = Status.ABANDONED
        elif issubclass(kind, NoSpeechError):
            status = Status.NO_SPEECH
        else:
            status = Status.FAILED
        self.session.save_manifest(status=status, error=str(error) or kind.__name__,
                                   timings=self.timings)
        session_finished(self.session.dir)
        return False
