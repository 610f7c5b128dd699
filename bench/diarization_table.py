"""The tables of bench/diarization.py: per file, then pooled, for each engine."""

from __future__ import annotations

from dataclasses import dataclass

from engine.diarize.rttm import Score, score

GROUPS = (("real (AMI excerpts, two_speakers)", lambda name: not name.startswith("syn")),
          ("synthetic (espeak-ng)", lambda name: name.startswith("syn")),
          ("all", lambda name: True))


@dataclass(frozen=True)
class Result:
    score: Score
    seconds: list[float]  # wall time of each round
    duration: float  # audio seconds

    @classmethod
    def of(cls, item: dict, run: dict) -> Result:
        turns = [tuple(t) for t in run["turns"]]
        return cls(score(item["reference"], turns, uem=item["uem"]), run["seconds"],
                   len(item["audio"]) / 16000)

    @property
    def speed(self) -> float:
        """Times real time, best round."""
        return self.duration / min(self.seconds)


def table(files: dict[str, dict], results: dict[str, dict[str, Result]]) -> str:
    engines = list(results)
    head = ["file", "audio s", "speakers"] + [f"{e} DER" for e in engines] \
        + [f"{e} found" for e in engines] + [f"{e} x real time" for e in engines]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name in files:
        first = results[engines[0]][name]
        row = [name, f"{first.duration:.0f}", str(first.score.reference_speakers)]
        row += [f"{results[e][name].score.der:.1%}" for e in engines]
        row += [str(results[e][name].score.hypothesis_speakers) for e in engines]
        row += [f"{results[e][name].speed:.1f}" for e in engines]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def _pooled(results: dict[str, Result], keep) -> tuple[Score, list[int], float, float]:
    chosen = [r for name, r in results.items() if keep(name)]
    total = sum((r.score for r in chosen), Score(0, 0, 0, 0, 0, 0))
    errors = [r.score.count_error for r in chosen]
    audio = sum(r.duration for r in chosen)
    best = sum(min(r.seconds) for r in chosen)
    return total, errors, audio, best


def summary(files: dict[str, dict], results: dict[str, dict[str, Result]], runs: dict,
            steal: float, rounds: int) -> str:
    lines = ["| engine | set | DER | missed | false alarm | confusion | count: right / files,"
             " mean abs error | x real time (best; rounds' spread) |", "|" + "---|" * 7]
    for engine, per_file in results.items():
        for title, keep in GROUPS:
            total, errors, audio, best = _pooled(per_file, keep)
            if not errors:
                continue
            per_round = [sum(r.seconds[i] for n, r in per_file.items() if keep(n))
                         for i in range(len(next(iter(per_file.values())).seconds))]
            spread = f"{audio / max(per_round):.1f}-{audio / min(per_round):.1f}"
            ref = max(total.scored, 1e-9)
            lines.append(
                f"| {engine} | {title} | {total.der:.1%} | {total.missed / ref:.1%}"
                f" | {total.false_alarm / ref:.1%} | {total.confusion / ref:.1%}"
                f" | {sum(e == 0 for e in errors)} / {len(errors)},"
                f" {sum(abs(e) for e in errors) / len(errors):.2f}"
                f" | {audio / best:.1f} ({spread}) |")
    notes = [f"{engine}: model load {run['load_s']:.1f} s, added RSS {run['added_mb']:.0f} MB"
             f" (baseline {run['base_mb']:.0f} MB)" for engine, run in runs.items()]
    if "ours" in results and "senko" in results:
        ours, theirs = (_pooled(results[e], GROUPS[-1][1]) for e in ("ours", "senko"))
        notes.append(f"ours / senko: DER {ours[0].der / max(theirs[0].der, 1e-9):.2f}x,"
                     f" speed {theirs[3] / ours[3]:.2f}x,"
                     f" added RSS {runs['ours']['added_mb'] / runs['senko']['added_mb']:.2f}x")
    notes.append(f"{rounds} round(s) per file; CPU steal during the run {steal:.1%}")
    return "\n".join(lines) + "\n\n" + "\n".join(f"- {n}" for n in notes)
