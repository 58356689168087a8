"""Candidate sentences: where an editor should look for a figure the extractor did not propose.

A candidate names forces and a place or a count but gave no proposed figure:
its frames lacked a sender or a host, fell below the confidence to propose, or
stated a figure another sentence of the article states more surely. They are
ranked by how much of a figure they hold and only the best few per article are
listed, so the list stays short enough to read. Frames the extractor decided are
no figure for a stated reason (negated, requested, hypothetical, a non-member's
forces) do not make a sentence a candidate.
"""

from __future__ import annotations

from .signals import PLACE_KINDS, SENDER_KINDS, possible_count

MAX_PER_ARTICLE = 4
MIN_SCORE = 4
# Reasons that settle a frame: the guidelines say such a statement is no figure.
SETTLED = frozenset(
    {"non-member", "non-member-subject", "negated", "requested", "hypothetical", "air-operation", "aid", "before-nato"}
)


def score(record) -> int:
    """How much of a figure the sentence holds, 0 to 6: a frame with a sender and a host (6),
    with one of them (4, 5 with a count), or only names and numbers around a noun of forces."""
    frames = record.frames
    if frames and all(f.veto in SETTLED for f in frames):
        return 0
    open_frames = [f for f in frames if f.veto not in SETTLED]
    count = any(possible_count(n) for n in record.numbers)
    if any(f.senders and f.hosts for f in open_frames):
        return 6
    if any(f.senders or f.hosts for f in open_frames):
        return 4 + count
    kinds = {m.kind for m in record.mentions or ()}
    names = bool(kinds & SENDER_KINDS) + bool(kinds & PLACE_KINDS)
    return (2 if open_frames else 0) + count + names


def pick(records, figures) -> list:
    from .extractor import Candidate

    proposed = {(f.start, f.end) for f in figures}
    scored = []
    for record in records:
        if not record.worth_parsing or (record.start, record.end) in proposed:
            continue
        value = score(record)
        if value >= MIN_SCORE:
            scored.append((value, -record.index, record))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    chosen = sorted((r for _, _, r in scored[:MAX_PER_ARTICLE]), key=lambda r: r.index)
    return [Candidate(r.text, r.start, r.end) for r in chosen]
