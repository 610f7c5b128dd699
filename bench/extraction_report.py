"""The extraction benchmark's tables (Markdown) and its list of failures."""

from __future__ import annotations

from bench.extraction_dates import resolve
from bench.extraction_score import CITE_WITHIN_S, Scored, totals
from bench.extraction_set import KINDS
from engine.transcript_io import mmss


def _ratio(right: int, of: int) -> str:
    return f"{right / of:.2f} ({right}/{of})" if of else "–"


def _pr(matched: int, items: int, labels: int) -> str:
    p = f"{matched / items:.2f}" if items else "–"
    r = f"{matched / labels:.2f}" if labels else "–"
    return f"{p} / {r}"


def overall_table(results: dict[tuple[str, str], list[Scored]], inputs: list[str],
                  modes: list[str]) -> str:
    rows = ["| input | speakers | decisions P / R | actions P / R | questions P / R |"
            " owner right | owned actions found, right owner | due right | cited within 10 s |"
            " false friends taken | items with an invented name/date/amount | Summary sentences with one |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for on in inputs:
        for mode in modes:
            if (on, mode) not in results:
                continue
            t = totals(results[(on, mode)])
            kinds = [_pr(t[f"{k}_matched"], t[f"{k}_items"], t[f"{k}_labels"]) for k in KINDS]
            kinds = [f"{cell} ({t[f'{k}_matched']}; {t[f'{k}_items']}; {t[f'{k}_labels']})"
                     for cell, k in zip(kinds, KINDS, strict=True)]
            rows.append(f"| {on} | {mode} | {' | '.join(kinds)} |"
                        f" {_ratio(t['owner_right'], t['owner_of'])} |"
                        f" {_ratio(t['owned_right'], t['owned_of'])} |"
                        f" {_ratio(t['due_right'], t['due_of'])} |"
                        f" {_ratio(t['cited_right'], t['cited_of'])} |"
                        f" {t['false_friends']}/{t['negatives']} |"
                        f" {t['invented']}/{t['items']} |"
                        f" {t['summary_invented']}/{t['summary_sentences']} |")
    return ("Overall, pooled over meetings. P / R (matched; items; labels); owner and due:"
            " right among matched actions whose label has one.\n\n" + "\n".join(rows))


def first_person_table(results: dict[tuple[str, str], list[Scored]], inputs: list[str],
                       modes: list[str]) -> str:
    """Issue 15: owners of the commitments people make in the first person."""
    rows = ["| input | speakers | owner right, of matched | right owner, of all such labels |",
            "|---|---|---|---|"]
    for on in inputs:
        for mode in modes:
            if (on, mode) in results:
                t = totals(results[(on, mode)])
                rows.append(f"| {on} | {mode} | {_ratio(t['first_right'], t['first_matched'])} |"
                            f" {_ratio(t['first_right'], t['first_labels'])} |")
    return ("Owners of first-person commitments (issue 15): actions whose owner takes them on"
            " in their own words (\"I'll tell the steering group on Friday\", \"I'm happy to do"
            " the flyers\"; the label's line is the owner's), before and after speakers.\n\n"
            + "\n".join(rows))


def per_meeting_table(on: str, mode: str, results: dict[tuple[str, str], list[Scored]],
                      modes: list[str]) -> str:
    owner_modes = [m for m in modes if (on, m) in results]
    rows = [f"| meeting | type | labels D/A/Q | decisions P / R | actions P / R |"
            f" questions P / R | owner ({', '.join(owner_modes)}) | due | cited | false"
            f" friends | invented |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for index, s in enumerate(results[(on, mode)]):
        m = s.meeting
        labels = "/".join(str(len(m.positive(k))) for k in KINDS)
        prs = [_pr(*s.count(k)) for k in KINDS]
        owners = []
        for om in owner_modes:
            right, of = results[(on, om)][index].owners()
            owners.append(f"{right}/{of}" if of else "–")
        due, cited = s.dues(), s.cited()
        rows.append(f"| {m.name} | {m.kind} | {labels} | {' | '.join(prs)} |"
                    f" {' · '.join(owners)} | {due[0]}/{due[1]} | {cited[0]}/{cited[1]} |"
                    f" {len(s.false_friends)} | {len(s.invented) + len(s.summary_invented)} |")
    return (f"Per meeting, {on}, speakers {mode} (owner: each speakers setting):\n\n"
            + "\n".join(rows))


def failures(s: Scored) -> str:
    """Every miss, extra item, wrong owner, wrong due date and invention of one meeting."""
    m = s.meeting
    out = [f"--- {m.name}"]
    for lb in s.missed:
        extra = f" owner={lb.owner}" if lb.owner else ""
        extra += f" due={lb.due}" if lb.due else ""
        out.append(f"  MISSED {lb.kind} [{mmss(lb.time)}]{extra}: {lb.words!r}"
                   + (f" ~ {lb.gist!r}" if lb.gist else ""))
    friends = {id(i): lb for i, lb in s.false_friends}
    kinds = {id(i): lb for i, lb in s.wrong_kind}
    for i in s.extra:
        why = ""
        if id(i) in friends:
            why = f" (FALSE FRIEND: not {friends[id(i)].kind} {friends[id(i)].words!r})"
        elif id(i) in kinds:
            why = f" (WRONG KIND: label is {kinds[id(i)].kind} {kinds[id(i)].meaning!r})"
        out.append(f"  EXTRA {i.kind}: {i.line or i.text}{why}")
    for i, lb in s.pairs:
        if lb.kind == "action" and lb.owner and (i.owner or "").lower() != lb.owner.lower():
            out.append(f"  OWNER {lb.owner} != {i.owner}: {i.line or i.text}")
        if lb.kind == "action" and lb.due and resolve(i.due, m.date) != lb.due:
            out.append(f"  DUE {lb.due} != {i.due!r} ({resolve(i.due, m.date)}):"
                       f" {i.line or i.text}")
        if i.start is not None and abs(i.start - lb.time) > CITE_WITHIN_S:
            out.append(f"  CITED {mmss(i.start)} for [{mmss(lb.time)}]: {i.line or i.text}")
    for text, what in s.invented + s.summary_invented:
        out.append(f"  INVENTED {', '.join(what)}: {text}")
    return "\n".join(out)
