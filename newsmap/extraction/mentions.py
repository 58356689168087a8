"""Mentions: the names in a sentence that can be a sender or a host.

The gazetteer (countries, demonyms, capitals, NATO, groups, regions, services,
formations, leaders) is matched on the text; cities, ports and bases
(places.py) are matched on the parsed sentence, on its proper nouns, because
most city names are only places where the parser says they are names.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc

from .gazetteer import Mention, gazetteer
from .places import base_country, city_country, fold, military_base_index, small_place_country

# A city is taken as a place only when it is this large, or when the sentence
# says it is a place ("the port of Gdynia", "Zagan, Poland", "Ramstein air base").
CITY_POPULATION = 50_000
# Capitalised English words that are also the names of large towns.
TOWN_NAMES_THAT_ARE_WORDS = frozenset(
    [
        "March",
        "May",
        "Most",
        "Man",
        "Date",
        "Deal",
        "Mission",
        "Of",
        "Police",
        "Hit",
        "Sale",
        "Gap",
        "Van",
        "Batman",
        "Reading",
        "Mobile",
        "Nice",
        "Bath",
        "Split",
        "Derby",
        "Best",
        "Born",
        "Hope",
        "Orange",
        "Independence",
        "Liberty",
        "Victoria",
        "Concord",
        "Union",
        "Commerce",
        "Enterprise",
        "Normal",
        "Marine",
        "Lead",
    ]
)
BASE_WORDS = frozenset({"base", "airbase", "airfield", "airport", "camp", "garrison", "station", "barracks"})
BASE_PHRASES = frozenset(
    {
        "air base",
        "naval base",
        "military base",
        "air station",
        "air field",
        "army base",
        "training area",
        "training ground",
        "training base",
        "training range",
    }
)
PLACE_INTRODUCERS = frozenset({"town", "city", "port", "village", "base", "region", "province", "garrison"})
PROPER_TAGS = frozenset({"NNP", "NNPS"})


def is_headline(text: str) -> bool:
    """A headline in capitals ("US SENDING MORE TROOPS TO NATO'S EASTERN FLANK")."""
    head = text[:300]
    return len(head) >= 10 and head.isupper()


def sentence_mentions(text: str, published: dt.date | None) -> list[Mention]:
    gaz = gazetteer()
    if is_headline(text):
        return [
            Mention(*gaz.upper_table[m.group(0)], m.start(), m.end(), m.group(0))
            for m in gaz.upper_regex.finditer(text)
        ]
    found = gaz.mentions(text)
    if any(m.kind == "leader" for m in found):
        found = gaz.resolve_leaders(found, published)
    return found


def text_for_parser(text: str, mentions: list[Mention]) -> str:
    """A headline in capitals, in lower case but for its names (same length, so
    offsets stay): the parser reads "US sending more troops to Nato's eastern
    flank" far better than the capitals."""
    if not is_headline(text):
        return text
    chars = list(text.lower())
    surfaces = gazetteer().upper_surface
    for m in mentions:
        chars[m.start : m.end] = surfaces.get(m.text, m.text)
    return "".join(chars)


_NAME_JOINERS = frozenset({"-", "al", "el", "i", "e", "de", "du", "la", "le", "of"})


def place_mentions(doc: Doc, known: list[Mention]) -> list[Mention]:
    """Cities, ports and bases among the proper nouns the gazetteer did not name."""
    covered = set()
    for m in known:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            covered.update(t.i for t in span)
    found = []
    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        if token.tag_ not in PROPER_TAGS or token.i in covered or not token.text[:1].isupper():
            i += 1
            continue
        j = i + 1
        while (
            j < n
            and j not in covered
            and (
                doc[j].tag_ in PROPER_TAGS
                or (doc[j].lower_ in _NAME_JOINERS and j + 1 < n and doc[j + 1].tag_ in PROPER_TAGS)
            )
        ):
            j += 1
        place = _place(doc, i, j, known)
        if place is not None:
            found.append(place)
        i = j
    return found


def _place(doc: Doc, i: int, j: int, known: list[Mention]) -> Mention | None:
    words = doc[i:j]
    text = words.text
    after = doc[j].lower_ if j < len(doc) else ""
    after2 = doc[j : j + 2].text.lower() if j + 1 < len(doc) else ""
    before = doc[i - 1].lower_ if i else ""
    # "Ramstein air base", "Bagram Air Base", "the Grafenwöhr training area", "Camp Bondsteel"
    if after in BASE_WORDS or after2 in BASE_PHRASES or before in ("camp", "fort"):
        code = base_country(text)
        if code:
            return Mention("place", (code,), words.start_char, words.end_char, text)
    bases = military_base_index()
    if before in ("at", "from", "to", "near", "into") and (bases.get(text) or bases.get(fold(text))):
        code = bases.get(text) or bases.get(fold(text))
        return Mention("place", (code,), words.start_char, words.end_char, text)
    base_name = re.sub(
        r"^(?:Naval Air Station|Air Base|Camp|Fort|RAF)\s+"
        r"|\s+(?:Air Base|Airbase|Airport|Air Station|International Airport)$",
        "",
        text,
        flags=re.IGNORECASE,
    )
    if base_name != text:
        code = base_country(base_name)
        if code:
            return Mention("place", (code,), words.start_char, words.end_char, text)
    if text in TOWN_NAMES_THAT_ARE_WORDS or words[0].is_sent_start:
        return None
    introduced = before == "of" and i >= 2 and doc[i - 2].lower_ in PLACE_INTRODUCERS
    followed_by_country = after == "," and j + 1 < len(doc) and doc[j + 1].tag_ in PROPER_TAGS
    code = city_country(text, 0 if (introduced or followed_by_country) else CITY_POPULATION)
    if code is None and followed_by_country:
        # "near Adazi, Latvia", "at Alvund, Norway": a town the sentence places in a country
        country = _country_at(doc, j + 1, known)
        code = small_place_country(text, country) if country else None
    if code:
        return Mention("place", (code,), words.start_char, words.end_char, text)
    return None


def _country_at(doc: Doc, i: int, known: list[Mention]) -> str | None:
    start = doc[i].idx
    for m in known:
        if m.start == start and m.kind == "country":
            return m.codes[0]
    return None
