"""Build a compact regex from a list of literal strings by factoring common
prefixes into a trie ("Nato|Nato’s eastern flank|Norway" ->
"N(?:ato(?:’s\\ eastern\\ flank)?|orway)"). Python's `re` tries alternatives one
by one, so a flat alternation of ~900 names costs ~900 attempts per position;
the trie form costs a few. Longer strings are tried before their prefixes, so
the longest name wins, as with a length-sorted alternation."""

from __future__ import annotations

import re


def trie_pattern(strings) -> str:
    trie: dict = {}
    for s in strings:
        if not s:
            continue
        node = trie
        for ch in s:
            node = node.setdefault(ch, {})
        node[""] = True
    return _pattern(trie)


def _pattern(node: dict) -> str:
    end = "" in node
    branches = [re.escape(ch) + _pattern(child) for ch, child in sorted(node.items()) if ch != ""]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        # the string may end here: try the longer continuations first
        return "(?:" + body + ")?" if len(branches) > 1 or len(branches[0]) > 1 else body + "?"
    return body
