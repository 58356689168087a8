"""Sentence splitting with character offsets, linear in the text length.

A boundary is a line break (but not one that only wraps a sentence: the line
before ends in a word and the next begins in lower case or a digit), or
``.``/``!``/``?`` (plus closing quotes/brackets)
followed by whitespace — or directly by a capital letter, because scraped text
glues sentences ("Myanmar.Wong said") — unless the word before the period is a
known abbreviation ("Mr.", "Gen.", "U.S.", "Feb."). Sentences longer than
``MAX_SENTENCE`` characters are cut at a space so every later stage (and the
parser) works on bounded pieces (a 5 MB article without punctuation becomes
~5,000 pieces, not one 5 MB sentence).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MAX_SENTENCE = 1000
# Hard-wrapped text breaks its lines at about 70–80 characters; a longer line is a paragraph.
WRAP_WIDTH = 120

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cpt",
        "sgt",
        "adm",
        "rear",
        "vice",
        "cmdr",
        "cdr",
        "brig",
        "st",
        "sen",
        "rep",
        "gov",
        "pres",
        "jr",
        "sr",
        "no",
        "nos",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "fig",
        "approx",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "rev",
        "hon",
        "est",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
    ]
)

# Candidate boundaries: end punctuation + closing marks + (space | capital), or a line break.
BOUNDARY_RE = re.compile(r"[.!?]++[\"'”’)\]]*+(?:[ \t\u00a0]++|(?=[A-Z“\"‘]))|\n[\s]*+")
WORD_BEFORE_RE = re.compile(r"([\w.]{1,12})[.!?]*[\"'”’)\]]*\s*$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Is the '.' at ``dot`` the end of an abbreviation like "Mr." or "U.S."?"""
    if text[dot] != ".":
        return False
    before = text[dot - 1] if dot else " "
    if before.isdigit() or not (before.isalpha() or before == "." or before == "_"):
        return False  # "in 2022.", "said)." — an abbreviation ends in a letter
    if dot >= 7 and text[dot - 7 : dot].isalpha():
        return False  # a word of 7+ letters: no abbreviation or initials is that long
    start = max(0, dot - 12)
    m = WORD_BEFORE_RE.search(text, start, dot + 1)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if word in ABBREVIATIONS:
        return True
    # single capital initials: "John F. Kennedy", "U.S", "U.K"
    return bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", word)) and len(word) <= 5


def _wrapped(text: str, start: int, end: int, n: int) -> bool:
    """A single line break inside a sentence of hard-wrapped text ("Britain will send\n800
    troops"): the line before ends in a word or comma and the next starts in lower case or a
    digit."""
    if text.count("\n", start, end) != 1 or not start or end >= n:
        return False
    before, after = text[start - 1], text[end]
    if not ((before.isalnum() or before == ",") and (after.islower() or after.isdigit())):
        return False
    return start - (text.rfind("\n", 0, start) + 1) <= WRAP_WIDTH  # a wrapped line is short


def split_sentences(text: str, lo: int = 0, hi: int | None = None) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of every sentence of text[lo:hi]; text[start:end] is
    stripped."""
    pos = lo
    n = len(text) if hi is None else hi
    for m in BOUNDARY_RE.finditer(text, lo, n):
        if m.group(0)[0] == "." and "\n" not in m.group(0) and _is_abbreviation(text, m.start()):
            # "U.S. troops" stays one sentence; but "the U.S. The troops"
            # is rare enough to accept as a miss.
            continue
        if _wrapped(text, m.start(), m.end(), n):
            continue
        end = m.end()
        yield from _emit(text, pos, end)
        pos = end
    if pos < n:
        yield from _emit(text, pos, n)


def _emit(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    # strip whitespace (str methods: C speed)
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    start += len(piece) - len(piece.lstrip())
    end = start + len(stripped)
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        if cut <= start:
            cut = start + MAX_SENTENCE
        yield (start, cut)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield (start, end)
