"""Benchmark: the meeting library (issue 18) on synthetic sessions (generated transcripts and
minutes, no audio).

Builds N session folders with the engine's Session API in a throwaway folder, then times:
the index build (reading every folder, FTS5), the meaning vectors (all-MiniLM-L6-v2 int8,
every chunk), a sync that finds nothing changed (what every `minutia list` pays), adding one
new session (read + index, then its vectors), word queries (p50/p95 over a fixed mix:
common and rare words, two words, phrases, prefixes, FTS syntax characters) and combined
word + meaning queries (p50/p95, warm; the first one cold), the index size and the
process's peak RSS.

    .venv/bin/python bench/library.py [--sessions 1000] [--segments 60] [--threads 1]
                                      [--embed N] [--no-write]

``--embed N`` (10,000 sessions: all their vectors would take hours on one thread): the
model embeds the chunks of N sessions only, timed; every other chunk gets a stand-in
vector (a real one of those N, slightly perturbed), so that meaning search runs over as
many vectors as the full library would have. The report says so.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import write_section  # noqa: E402
from engine import speakers  # noqa: E402
from engine.library import Embedder, Library  # noqa: E402
from engine.library import search as library_search  # noqa: E402
from engine.library.store import transaction  # noqa: E402
from engine.session import Session, Status  # noqa: E402
from engine.types import Segment, Transcript  # noqa: E402

TOPICS = ["budget", "hiring", "product launch", "Berlin trade show", "office move", "customer churn",
          "security audit", "quarterly report", "kitchen renovation", "supplier contract",
          "marketing campaign", "server migration", "board meeting", "training plan", "website"]
NAMES = ["Priya", "Marta", "Ben", "Kemi", "Sam", "Ana", "Tom", "Lena", "Omar", "Yuki"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "next week", "the 20th"]
VERBS = ["send", "review", "book", "draft", "check", "approve", "update", "call", "price", "plan"]
THINGS = ["the invoice", "the slides", "the contract", "the stand", "the tiles", "the report",
          "the budget sheet", "the job advert", "the press release", "the backup", "the agenda"]
OPENERS = ["I think", "So", "Honestly,", "Right,", "Okay,", "To be fair,", "Well,", "Also,"]
FILLER = ["we should look at", "the numbers for", "everyone agreed on", "there is a problem with",
          "we still need", "the team is worried about", "we could move", "nobody has seen"]
WORDS = ("alpha bravo cedar delta ember falcon garnet harbor indigo juniper kettle lantern meadow"
         " nectar orchid pepper quartz raven saffron timber umber violet willow yarrow zephyr").split()
QUERIES = ["invoice", "Berlin", "budget sheet", "Priya", "contract Thursday", "press release",
           '"the job advert"', "backup*", "migration", "zephyr", 'NEAR "tiles', "(agenda",
           "review the slides", "kitchen renovation Friday", "nonexistentword", "quartz lantern",
           "we could move", "approve*", "Omar will call", "customer churn"]
MEANINGS = ["what did we decide about the exhibition in Germany?", "who is paying the supplier",
            "when do new employees start", "problems with the servers", "money left this year",
            "redesign of the web pages", "the auditors found issues", "who books the venue"]


def sentence(rng: random.Random, topic: str) -> str:
    kind = rng.random()
    if kind < 0.3:
        return (f"{rng.choice(NAMES)} will {rng.choice(VERBS)} {rng.choice(THINGS)} by"
                f" {rng.choice(DAYS)}.")
    if kind < 0.5:
        return f"We decided to {rng.choice(VERBS)} {rng.choice(THINGS)} for the {topic}."
    extra = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
    return (f"{rng.choice(OPENERS)} {rng.choice(FILLER)} the {topic} and {rng.choice(THINGS)},"
            f" {extra}.")


def make_meeting(root: Path, rng: random.Random, i: int, segments: int) -> Path:
    """One synthetic session folder: transcript with speakers, names, minutes, complete."""
    topic = rng.choice(TOPICS)
    session = Session.create(f"{topic.capitalize()} sync {i}", root=root)
    at, lines = 0.0, []
    for _ in range(segments):
        text = " ".join(sentence(rng, topic) for _ in range(rng.randint(1, 2)))
        length = len(text.split()) * 0.4
        lines.append(Segment(at, at + length, text, speaker=rng.randrange(4)))
        at += length + rng.uniform(0.2, 2.0)
    session.save_transcript(Transcript(lines, "en", 1.0, at))
    session.name_speakers({k: speakers.Named(n) for k, n in enumerate(rng.sample(NAMES, 2))})
    picked = rng.sample(lines, 10)
    minutes = [f"# {topic.capitalize()}", "", "## Summary", sentence(rng, topic), "",
               "## Decisions"] + [f"- {s.text} [{int(s.start) // 60:02d}:{int(s.start) % 60:02d}]"
                                  for s in picked[:5]] + ["", "## Action items"] + \
              [f"- {s.text}" for s in picked[5:]]
    session.save_minutes("\n".join(minutes) + "\n", complete=True)
    session.save_manifest(status=Status.COMPLETE,
                          created=f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T10:{i % 60:02d}:00")
    return session.dir


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(call) -> tuple[float, object]:
    t = time.perf_counter()
    result = call()
    return (time.perf_counter() - t) * 1000, result


def measure(args: argparse.Namespace, base: Path) -> dict:
    rng = random.Random(18)
    root = base / "sessions"
    t = time.perf_counter()
    for i in range(args.sessions):
        make_meeting(root, rng, i, args.segments)
        if (i + 1) % 1000 == 0:
            print(f"{i + 1:,} sessions made, {time.perf_counter() - t:.0f} s", file=sys.stderr)
    figures = {"generate_s": time.perf_counter() - t}
    library = Library(root=root, index_path=base / "library.sqlite3",
                      embedder=Embedder(threads=args.threads))
    figures["build_ms"], _ = timed(library.sync)
    counts = library.conn.execute("SELECT (SELECT count(*) FROM passages),"
                                  " (SELECT count(*) FROM chunks)").fetchone()
    figures["passages"], figures["chunks"] = counts
    figures["list_ms"] = statistics.median(timed(library.entries)[0] for _ in range(3))
    figures["listed"] = len(library.entries())
    if args.embed is None or args.embed >= args.sessions:
        figures["embed_ms"], _ = timed(library.embed_pending)
        figures["embedded_chunks"] = figures["chunks"]
    else:
        figures["embed_ms"], figures["embedded_chunks"] = embed_some(library, args.embed)
        figures["stand_ins"] = stand_ins(library, rng)
    figures["noop_sync_ms"] = statistics.median(timed(library.sync)[0] for _ in range(5))
    adds, add_embeds = [], []
    for i in range(args.adds):
        folder = make_meeting(root, rng, args.sessions + i, args.segments)
        adds.append(timed(lambda f=folder: library.update(f))[0])
        add_embeds.append(timed(library.embed_pending)[0])
    figures["add_ms"], figures["add_embed_ms"] = statistics.median(adds), statistics.median(add_embeds)
    each = {q: [] for q in QUERIES}
    for _ in range(args.rounds):
        for q in QUERIES:
            each[q].append(timed(lambda q=q: library.search(q, meaning=False))[0])
    words = [ms for times in each.values() for ms in times]
    figures["slowest"] = sorted(((statistics.median(t), q) for q, t in each.items()),
                                reverse=True)[:4]
    figures["fts_p50"], figures["fts_p95"] = percentile(words, 0.5), percentile(words, 0.95)
    figures["cold_ms"], _ = timed(lambda: library.search(MEANINGS[0]))
    both = [timed(lambda q=q: library.search(q))[0] for _ in range(args.rounds) for q in MEANINGS]
    figures["both_p50"], figures["both_p95"] = percentile(both, 0.5), percentile(both, 0.95)
    cache = library_search.VectorCache.load(library.conn)
    meaning = [timed(lambda q=q: library_search.meaning_hits(cache, library.embedder, q,
                                                             limit=50))[0]
               for _ in range(args.rounds) for q in MEANINGS]
    figures["meaning_p95"] = percentile(meaning, 0.95)
    figures["load_vectors_ms"] = statistics.median(
        timed(lambda: library_search.VectorCache.load(library.conn))[0] for _ in range(3))
    library.close()
    figures["index_mb"] = sum(p.stat().st_size for p in base.glob("library.sqlite3*")) / 1e6
    figures["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def embed_some(library: Library, sessions: int) -> tuple[float, int]:
    """The real vectors of the chunks of ``sessions`` sessions: (ms, chunks embedded)."""
    pending = library.conn.execute(
        "SELECT DISTINCT c.hash, c.text FROM chunks c WHERE c.session_id IN"
        " (SELECT id FROM sessions ORDER BY id LIMIT ?)", (sessions,)).fetchall()
    t = time.perf_counter()
    for at in range(0, len(pending), 64):
        batch = pending[at:at + 64]
        vectors = library.embedder.embed([text for _, text in batch])
        with transaction(library.conn):
            library.conn.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                     [(h, v.astype("float32").tobytes())
                                      for (h, _), v in zip(batch, vectors, strict=True)])
    chunks = library.conn.execute(
        "SELECT count(*) FROM chunks WHERE session_id IN (SELECT id FROM sessions ORDER BY id"
        " LIMIT ?)", (sessions,)).fetchone()[0]
    return (time.perf_counter() - t) * 1000, chunks


def stand_ins(library: Library, rng: random.Random) -> int:
    """A vector for every chunk still without one: a real one, perturbed, unit length."""
    import numpy as np
    real = library_search.VectorCache.load(library.conn).matrix
    pending = [h for (h,) in library.conn.execute(
        "SELECT DISTINCT c.hash FROM chunks c LEFT JOIN vectors v ON v.hash = c.hash"
        " WHERE v.hash IS NULL")]
    noise = np.random.default_rng(rng.randrange(1 << 30))
    for at in range(0, len(pending), 5000):
        batch = pending[at:at + 5000]
        picked = real[noise.integers(0, len(real), len(batch))]
        picked = picked + noise.normal(0, 0.02, picked.shape).astype(np.float32)
        picked /= np.linalg.norm(picked, axis=1, keepdims=True)
        with transaction(library.conn):
            library.conn.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                     [(h, v.tobytes()) for h, v in zip(batch, picked, strict=True)])
    return len(pending)


def report(args: argparse.Namespace, f: dict) -> str:
    n, r = args.sessions, args.rounds
    rows = [
        (f"index build, {n:,} folders read (FTS5)",
         f"{f['build_ms'] / 1000:.1f} s ({f['build_ms'] / n:.1f} ms a session)", ""),
        _vectors_row(f),
        (f"list every meeting ({f['listed']:,} entries)", f"{f['list_ms']:.0f} ms", ""),
        ("sync with nothing changed (every `list`/`search`)", f"{f['noop_sync_ms']:.0f} ms", ""),
        (f"add one session (read + index), median of {args.adds}", f"{f['add_ms']:.0f} ms", ""),
        ("... then its meaning vectors", f"{f['add_embed_ms']:.0f} ms", ""),
        (f"word query p50 / p95 ({len(QUERIES)} queries x {r})",
         f"{f['fts_p50']:.1f} / {f['fts_p95']:.1f} ms", "p95 <= 50 ms"),
        (f"words + meaning query p50 / p95 (warm; {len(MEANINGS)} queries x {r})",
         f"{f['both_p50']:.0f} / {f['both_p95']:.0f} ms", "p95 <= 200 ms"),
        ("... the meaning part alone p95 (embed the query + cosine)",
         f"{f['meaning_p95']:.0f} ms", ""),
        ("first query after opening (loads the vectors)", f"{f['cold_ms']:.0f} ms", ""),
        ("loading every vector from SQLite", f"{f['load_vectors_ms']:.0f} ms", ""),
        ("index file (with WAL)", f"{f['index_mb']:.0f} MB", ""),
        ("peak RSS of the process", f"{f['rss_mb']:.0f} MB", ""),
    ]
    head = (f"{n:,} synthetic sessions of {args.segments} segments each (4 speakers; "
            f"{f['passages']:,} passages, {f['chunks']:,} meaning chunks in all), the embedding"
            f" model on {args.threads} thread(s), a 2-core machine shared with other work;"
            f" the folders made in {f['generate_s']:.0f} s.\n\n")
    table = "| measure | figure | goal |\n|---|---|---|\n"
    slowest = ", ".join(f"{q} {ms:.0f} ms" for ms, q in f["slowest"])
    return (head + table + "".join(f"| {a} | {b} | {c} |\n" for a, b, c in rows)
            + f"\nSlowest word queries (median): {slowest}.\n")


def _vectors_row(f: dict) -> tuple[str, str, str]:
    per_chunk = f["embed_ms"] / max(1, f["embedded_chunks"])
    if f["embedded_chunks"] == f["chunks"]:
        return ("meaning vectors for every chunk",
                f"{f['embed_ms'] / 1000:.0f} s ({per_chunk:.1f} ms a chunk)", "")
    return (f"meaning vectors, {f['embedded_chunks']:,} chunks of a subset embedded"
            f" ({f['stand_ins']:,} distinct others: stand-ins)",
            f"{f['embed_ms'] / 1000:.0f} s ({per_chunk:.1f} ms a chunk; all"
            f" {f['chunks']:,}: ~{per_chunk * f['chunks'] / 60000:.0f} min)", "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--segments", type=int, default=60)
    parser.add_argument("--adds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--embed", type=int, metavar="N",
                        help="embed the chunks of N sessions only; stand-ins for the rest")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="minutia-library-bench-") as tmp:
        figures = measure(args, Path(tmp))
    body = report(args, figures)
    print(body)
    if not args.no_write:
        command = "bench/library.py " + " ".join(sys.argv[1:])
        print("written to", write_section("Meeting library (issue 18)", command.strip(), body))


if __name__ == "__main__":
    main()
