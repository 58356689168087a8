"""What a sentence lends the next one: its sender, its hosts, whether it is about an exercise.

GUIDELINES: a host comes from the sentence or the one before, never from a
later one; a sender may be named only in the sentence before ("The Pentagon
said on Monday. About 1,000 troops will head to Poland."). A sentence that gave
figures lends their sender and hosts; one that gave none lends the states and
places it names (a place only when a preposition of place introduces it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .gazetteer import Mention, gazetteer
from .lexicon import lexicon

SENDER_KINDS = frozenset({"country", "demonym", "capital", "metonym", "nato", "service", "formation", "leader"})
PLACE_KINDS = frozenset({"country", "group", "region", "place", "capital"})
REGIONS = frozenset({"EUROPE", "EASTERN_FLANK"})
LIST_JOIN_RE = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?|\s*,\s*", re.I)
PLACE_ROLE_RE = re.compile(r"\b(?:in|to|into|across|inside|throughout|at|from|of|for)\s+(?:the\s+)?$", re.I)
# "the war in Ukraine", "the crisis in Syria": a place that is the scene of something else
SCENE_RE = re.compile(r"\b(\w+)\s+(?:in|of|on|against)\s+(?:the\s+)?$", re.I)
# "troops from Britain, France and Italy": where forces come from names their senders
ORIGIN_RE = re.compile(r"\b(\w+)\s+from\s+(?:the\s+)?$", re.I)


@dataclass(frozen=True)
class Context:
    senders: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    exercise: bool = False
    from_figures: bool = False  # lent by figures (strong), not just by names in the sentence
    counted: tuple = ()  # the sentence's figures with a number ("The forces will be ..." may be them)
    noun_role: str = ""  # what the sentence's forces were ("formation": "Four are in ..." counts units)
    noun_kind: str = ""
    stated: tuple = ()  # (count, senders) of every count the article stated before, with its sender


EMPTY = Context()


@dataclass(frozen=True)
class CountWithoutHost:
    """A count the sentence gave with no place to put it (for the next sentence to place)."""

    count: int
    count_max: int | None
    qualifier: str
    measure: str
    kind: str


def _exercise(text: str) -> bool:
    from .attributes import mentions_exercise

    return mentions_exercise(text)


def lent_by(text: str, mentions: list[Mention], figures: list, published: dt.date | None, frames: list = ()) -> Context:
    """The context a sentence lends the next. ``frames``: the sentence's frames, whose counts
    a next sentence may give a host ("Denmark will commit 700 more soldiers. The troops will
    be stationed in Latvia.")."""
    placeless = tuple(
        CountWithoutHost(f.count, f.count_max, f.qualifier, f.measure, f.kind)
        for f in frames
        if f.numbered and not f.veto and f.senders and not f.hosts
    )
    named = [f for f in frames if not f.veto and f.senders]
    noun = {"noun_role": named[-1].role, "noun_kind": named[-1].kind} if named else {}
    if figures:
        last = figures[-1]
        senders = tuple(dict.fromkeys(f.contributor for f in figures if f.contributor))
        counted = tuple(f for f in figures if f.count is not None) + placeless
        return Context(senders[-1:] if senders else (), tuple(last.hosts), _exercise(text), True, counted, **noun)
    gaz = gazetteer()
    senders: list[str] = []
    groups: list[list[str]] = []
    previous_end = None
    for mention in mentions:
        before = text[max(0, mention.start - 16) : mention.start]
        in_place_role = PLACE_ROLE_RE.search(before) is not None
        scene = SCENE_RE.search(before)
        if scene is not None and scene.group(1).lower() in lexicon().scene_nouns:
            in_place_role = False
        origin = ORIGIN_RE.search(before)
        if origin is not None and origin.group(1).lower() in lexicon().force_nouns:
            in_place_role = False
        joined = previous_end is not None and LIST_JOIN_RE.fullmatch(text[previous_end : mention.start])
        if mention.kind in PLACE_KINDS and (in_place_role or joined):
            if joined and groups:
                groups[-1].extend(mention.codes)
            else:
                groups.append(list(mention.codes))
            previous_end = mention.end
            continue
        previous_end = None
        if mention.kind in SENDER_KINDS and not in_place_role:
            senders.extend(c for c in mention.codes if gaz.is_member(c, published) or c == "NATO")
            if not any(gaz.is_member(c, published) for c in mention.codes):
                senders.extend(mention.codes)
    hosts = groups[-1] if groups else []
    if any(h not in REGIONS for h in hosts):
        hosts = [h for h in hosts if h not in REGIONS]
    lent_senders = tuple(dict.fromkeys(senders))[:1]
    if placeless:
        lent_senders = tuple(dict.fromkeys(s.code for f in frames for s in f.senders if f.numbered))[:1] or lent_senders
    return Context(lent_senders, tuple(sorted(set(hosts))), _exercise(text), bool(placeless), placeless, **noun)
