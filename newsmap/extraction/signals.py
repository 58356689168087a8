"""The prefilter: which sentences can hold a figure at all, and so are parsed.

A sentence can only report a figure if it names forces (a noun of forces, a
formation or a noun of presence — the lexicon's nouns). One regex (a trie of
every such word, plus the aircraft designators "F-16s") runs over the whole
article once. Of the sentences it hits, a sentence is parsed when it also holds

- a number that can be a count (not a year), the sender and host of which may
  come from the sentence before; or
- a NATO member or NATO named (or a pronoun that may stand for one), and a
  place here, a word pointing back to one ("there", "the country") or a place in
  the sentence before.

Most sentences of most articles are never parsed: parsing is most of the time
the extractor spends.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from .gazetteer import gazetteer
from .lexicon import lexicon
from .trie import trie_pattern

SENDER_KINDS = frozenset({"country", "demonym", "capital", "metonym", "nato", "service", "formation", "leader"})
PLACE_KINDS = frozenset({"country", "group", "region", "place", "capital"})
# More names or numbers than this in one sentence is not prose (a table, a list, word
# soup from a broken scrape): such a piece is not parsed.
MAX_MENTIONS = 30
MAX_NUMBERS = 12
POINTING_BACK_RE = re.compile(
    r"\b(?:there|the (?:country|region|nation)|in theat(?:er|re)|in place|in-country)\b", re.I
)
SENDER_PRONOUN_RE = re.compile(r"\b(?:it|its|they|their|he|his|she|her)\b", re.I)


@lru_cache(maxsize=1)
def force_word_regex() -> re.Pattern:
    """Every word of forces, matched on the lower-cased text (a case-blind trie is slow)."""
    lex = lexicon()
    words = set(lex.force_nouns) | set(lex.formation_nouns) | set(lex.presence_nouns)
    return re.compile(r"(?<![\w-])(?:" + trie_pattern(sorted(words)) + r")(?![\w-])")


@lru_cache(maxsize=1)
def designator_regex() -> re.Pattern:
    """Aircraft designators as written: "F-16s", "CF-18s" (not "G-7")."""
    return re.compile(r"(?<![\w-])" + lexicon().designator.pattern.strip("^$") + r"(?![\w-])")


@lru_cache(maxsize=1)
def weak_words() -> frozenset[str]:
    """Words of forces that are everyday words too ("group", "mission", "presence", "invasion",
    "members" of "service members"): they make a sentence worth parsing only with a military
    word or a member's name just before."""
    lex = lexicon()
    strong = {w for w, entries in lex.force_nouns.items() if w not in lex.weak_nouns and any(not e[0] for e in entries)}
    every = set(lex.force_nouns) | set(lex.formation_nouns) | set(lex.presence_nouns)
    return frozenset(every - strong - {"battlegroup", "battlegroups", "brigade", "brigades", "battalion", "battalions"})


def force_words(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, weak) of every word of forces in the text, in order."""
    weak = weak_words()
    low = text.lower()
    if len(low) != len(text):  # a few letters change length in lower case: match case-blind then
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    found = [(m.start(), m.end(), m.group(0) in weak) for m in force_word_regex().finditer(low)]
    if "-" in text:
        found += [(m.start(), m.end(), False) for m in designator_regex().finditer(text)]
        found.sort()
    return found


WORD_RE = re.compile(r"[\w’'-]+")


def military_word_before(text: str, start: int, mentions, offset: int, published=None) -> bool:
    """A military word, or a member's or NATO's name, among the words just before a weak
    word of forces ("service members", "the NATO-led mission", "Turkey's incursion")."""
    before = text[max(0, start - 40) : start]
    words = [w.lower() for w in WORD_RE.findall(before)][-3:]
    lex = lexicon()
    if any(w in lex.military_modifiers or w.endswith("-led") or w in ("led", "service") for w in words):
        return True
    if words and words[-1] in ("its", "their", "our"):
        return True  # "reduce its force from about 13,000 to 8,600"
    near = start - offset - len(" ".join(words)) - 4
    gaz = gazetteer()
    return any(
        m.kind in SENDER_KINDS and near <= m.end <= start - offset and any(gaz.is_member(c, published) for c in m.codes)
        for m in mentions
    )


def possible_count(number) -> bool:
    if number.vague:
        return True
    return number.value is not None and not number.a_year


# A count counts forces only near their word: "5,000 troops", "a force of about 5,000",
# "troops ... now number about 35,000".
COUNT_REACH = 45


def worth_parsing(
    text: str, mentions, numbers, places_before: bool, published: dt.date | None, force_starts=()
) -> bool:
    """Can this sentence (which names forces) hold a figure? See the module docstring."""
    if len(mentions) > MAX_MENTIONS or len(numbers) > MAX_NUMBERS:
        return False
    gaz = gazetteer()
    sender = any(m.kind in SENDER_KINDS and any(gaz.is_member(c, published) for c in m.codes) for m in mentions)
    place = any(m.kind in PLACE_KINDS for m in mentions)
    counts = [n for n in numbers if possible_count(n)]
    if counts and (sender and place or any(abs(n.start - w) <= COUNT_REACH for n in counts for w in force_starts)):
        return True
    if not sender:
        return bool(SENDER_PRONOUN_RE.search(text)) and place  # "its troops in Estonia"
    return place or places_before or bool(POINTING_BACK_RE.search(text))


# "650 of them", "Four are in the Baltic states", "The rest are due in Latvia", "is to send a
# further 200": counts of the forces the sentence before named (frames.anaphoric_frames).
COUNTED_FORCES_RE = re.compile(
    r"\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|thousands|some|most|all)"
    r"\s+(?:of\s+(?:them|those|these)\b|(?:are|were|will|would|have|had)\b)|^\s*the\s+(?:rest|remainder|others)\s+(?:are|were|will)\b"
    r"|\b(?:another|a\s+further|an\s+additional|an\s+extra)\s+\d[\d,.]*\s*(?:[.,;]|$|\b(?:to|in|from|will|would|are|were)\b)",
    re.IGNORECASE,
)


def refers_to_counted_forces(text: str) -> bool:
    return COUNTED_FORCES_RE.search(text) is not None
