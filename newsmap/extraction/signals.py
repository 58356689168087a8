"""The prefilter: which sentences can hold a figure at all.

A sentence can only report a figure if it names forces (a noun of forces, a
formation or a noun of presence — the lexicon's nouns). One regex (a trie of
every such word, plus the aircraft designators "F-16s") runs over the whole
article once; only the sentences it hits are looked at further, and only those
that also name a place, a state or a number are parsed. Most sentences of most
articles are never parsed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import lexicon
from .trie import trie_pattern


@lru_cache(maxsize=1)
def force_word_regex() -> re.Pattern:
    lex = lexicon()
    words = set(lex.force_nouns) | set(lex.formation_nouns) | set(lex.presence_nouns)
    pattern = r"(?<![\w-])(?:" + trie_pattern(sorted(words)) + r")(?![\w-])"
    designator = lex.designator.pattern.strip("^$")
    return re.compile(pattern + r"|(?<![\w-])" + designator + r"(?![\w-])", re.IGNORECASE)


def force_word_starts(text: str) -> list[int]:
    """Offsets of every word of forces in the text, in order."""
    return [m.start() for m in force_word_regex().finditer(text)]
