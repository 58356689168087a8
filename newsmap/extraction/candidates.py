"""Candidate sentences: where an editor should look for a figure the extractor did not give.

A candidate names forces and a place or a number but gave no figure. They are
ranked by how much of a figure they hold — a NATO member or NATO named, a
place, a number, a frame that was only vetoed or lacked one part — and only the
best few per article are listed, so the list stays short enough to read.
"""

from __future__ import annotations

MAX_PER_ARTICLE = 3
MIN_SCORE = 3


def _score(record) -> int:
    kinds = {m.kind for m in record.mentions}
    score = 0
    if kinds & {"country", "demonym", "nato", "service", "formation", "leader", "capital", "metonym"}:
        score += 1
    if kinds & {"country", "group", "region", "place", "capital"}:
        score += 1
    if any(n.value is not None or n.vague for n in record.numbers):
        score += 1
    if record.frames:
        score += 1
        if any(f.veto is None and (f.senders or f.hosts) for f in record.frames):
            score += 1
    return score


def pick(records, figures) -> list:
    from .extractor import Candidate

    with_figures = {(f.start, f.end) for f in figures}
    scored = []
    for record in records:
        if not record.names_forces or (record.start, record.end) in with_figures:
            continue
        if not (record.mentions or record.numbers):
            continue
        score = _score(record)
        if score >= MIN_SCORE:
            scored.append((score, -record.index, record))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    chosen = sorted((r for _, _, r in scored[:MAX_PER_ARTICLE]), key=lambda r: r.index)
    return [Candidate(r.text, r.start, r.end) for r in chosen]
