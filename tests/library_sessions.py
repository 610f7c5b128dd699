"""Session folders as the pipeline leaves them, for the meeting library's tests (made with
the engine's own Session API: transcript, speakers' names, minutes)."""

from engine import speakers
from engine.session import Session, Status
from engine.types import Segment, Transcript

BERLIN = [(0.0, 0, "Welcome, this is the planning call for the trade show."),
          (65.0, 1, "We decided to book the Berlin stand for March."),
          (130.0, 0, "Priya will send the invoice to the printer by Thursday.")]
MINUTES = "# Trade show\n\n## Decisions\n- Book the Berlin stand for March [01:05]\n"


def make_session(root, title, lines=BERLIN, *, minutes=MINUTES, names=None, duration=None):
    """A session folder as the pipeline leaves it: transcript, speakers' names, minutes."""
    session = Session.create(title, root=root)
    segments = [Segment(at, at + 4.0, text, speaker=who) for at, who, text in lines]
    session.save_transcript(Transcript(segments, "en", 1.0,
                                       duration or (segments[-1].end if segments else 0.0)))
    if names:
        session.name_speakers({k: speakers.Named(v) for k, v in names.items()})
    if minutes is not None:
        session.save_minutes(minutes, complete=True)
        session.save_manifest(status=Status.COMPLETE)
    return session.dir
