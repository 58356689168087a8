"""Names of countries, regions, groups and NATO, and one regex that finds them.

Country names come from pycountry (name, common_name, official_name);
``data/countries.json`` adds abbreviations, demonyms, capitals-as-metonyms
("Washington", "Berlin"), groups ("the Baltic states") and regions ("eastern
Europe"). This module turns all of that into ``Mention`` objects:

- ``country``  — a name ("Poland", "the US"): may be a host or a sender.
- ``demonym``  — "British", "Norwegian": a sender ("British troops"), or a host
  in "the Polish town of", "on Estonian soil".
- ``capital``  — "Berlin", "Kabul": a sender when it acts, a host where forces are.
- ``metonym``  — a seat of government or ministry ("the Pentagon", "the MoD"):
  a sender only, never a host.
- ``group``    — "the Baltic states": a host made of several countries.
- ``region``   — "eastern Europe": a host region code.
- ``nato``     — "Nato", "the alliance", "allied": the alliance as sender.
- ``place``    — a city, port or base (places.py, found in the parsed sentence).
- ``leader``   — a head of government or defence minister ("Biden"): a sender
  only, and only while in office at the article date or after their last term (``resolve_leaders``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry

from .trie import trie_pattern

DATA_PATH = Path(__file__).parent / "data" / "countries.json"

# Capitals listed among the names in countries.json. A capital is a sender
# when it acts ("Berlin intends to contribute") and a host only where forces
# are or go ("troops in Kabul"); the sentence's syntax decides which.
CAPITALS = frozenset(
    """Washington|London|Brussels|Ottawa|Copenhagen|Paris|Reykjavik|Rome|Oslo|Lisbon|Athens|Ankara|Berlin|Madrid|
    Prague|Budapest|Warsaw|Sofia|Tallinn|Riga|Vilnius|Bucharest|Bratislava|Ljubljana|Tirana|Zagreb|Podgorica|Skopje|
    Helsinki|Stockholm|Moscow|Minsk|Kyiv|Kiev|Tbilisi|Belgrade|Vienna|Dublin|Beijing|Tehran|Pyongyang|Seoul|Tokyo|
    Canberra|The Hague|Damascus|Baghdad|Kabul|Tripoli|Riyadh|New Delhi|Taipei|Cairo|Manila|Bamako""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)

# Seats of government named for the government acting ("the Pentagon said",
# "Downing Street announced"): senders only, never a host.
METONYMS = frozenset(
    {"the Pentagon", "Downing Street", "Whitehall", "the Elysée", "the Elysee", "the Kremlin", "Kremlin"}
)

# Role words naming a government or defence ministry acting ("The Ministry of
# Defence said 150 soldiers had arrived in Poland"): metonyms, senders only.
# Kept here rather than among countries.json aliases, which also name the
# countries elsewhere in the app. "Russia's MoD" is not British (extractor).
ROLE_WORDS = {
    "the Ministry of Defence": "GB",
    "The Ministry of Defence": "GB",
    "the MoD": "GB",
    "The MoD": "GB",
    "MoD": "GB",
    "the White House": "US",
    "The White House": "US",
    "the Department of Defense": "US",
    "The Department of Defense": "US",
    "the Defense Department": "US",
    "The Defense Department": "US",
    "DoD": "US",
}

# Names of national armed services: a sender like a demonym ("RCAF jets").
SERVICE_NAMES = {
    "RAF": "GB",
    "Royal Air Force": "GB",
    "Royal Navy": "GB",
    "British Army": "GB",
    "Royal Marines": "GB",
    "RCAF": "CA",
    "Royal Canadian Air Force": "CA",
    "Canadian Forces": "CA",
    "Canadian Armed Forces": "CA",
    "Bundeswehr": "DE",
    "Luftwaffe": "DE",
    "USAF": "US",
    "US Army": "US",
    "U.S. Army": "US",
    "US Navy": "US",
    "U.S. Navy": "US",
    "US Air Force": "US",
    "U.S. Air Force": "US",
    "Marine Corps": "US",
    "Pentagon": "US",
}

# The alliance as a sender. "allied"/"alliance" only count when they stand for
# NATO ("allied troops", "the alliance has deployed"), which the extractor checks
# by position; "Nato's eastern flank" is matched first as a region.
NATO_NAMES = (
    "NATO",
    "Nato",
    "the alliance",
    "The alliance",
    "the Alliance",
    "the military alliance",
    "the western military alliance",
    "alliance",
    "allied",
    "Allied",
    "NRF",
    "NATO Response Force",
    "Nato Response Force",
    # NATO's missions and forces named alone
    "KFOR",
    "Kfor",
    "ISAF",
    "Isaf",
    "International Security Assistance Force",
    "Resolute Support",
    "enhanced Forward Presence",
    "Enhanced Forward Presence",
    "Baltic Air Policing",
)

# pycountry names that are ordinary English words or people's names more
# often than countries in news text; never matched alone.
AMBIGUOUS_NAMES = frozenset({"Chad", "Jordan", "Guinea", "Man", "Jersey"})
# Three of them are countries after a preposition of place or in a list: "soldiers from
# Chad", "move ... to Jordan and Kuwait", "in Niger and Chad" (not "to Jordan Henderson").
COUNTRY_AFTER_PREPOSITION = re.compile(
    r"\b(?:in|to|into|from|and|neighbouring|neighboring) (?P<name>Chad|Jordan|Guinea)\b(?! [A-Z])"
)
AMBIGUOUS_CODES = {"Chad": "TD", "Jordan": "JO", "Guinea": "GN"}


@dataclass(frozen=True)
class Mention:
    kind: str  # country | demonym | capital | metonym | group | region | nato | place | service | leader | formation
    codes: tuple[str, ...]
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Gazetteer:
    regex: re.Pattern
    upper_regex: re.Pattern
    table: dict  # surface string -> (kind, codes)
    upper_table: dict
    upper_surface: dict  # "NATO'S EASTERN FLANK" -> "Nato's eastern flank"
    accession: dict  # ISO2 -> date
    leaders: dict  # surface -> ((code, from, to|None), ...)

    def mentions(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        end = len(text) if end is None else end
        out = []
        for m in self.regex.finditer(text, start, end):
            s = m.group(0)
            kind, codes = self.table[s]
            out.append(Mention(kind, codes, m.start(), m.end(), s))
        placed = [
            Mention("country", (AMBIGUOUS_CODES[m.group("name")],), m.start("name"), m.end("name"), m.group("name"))
            for m in COUNTRY_AFTER_PREPOSITION.finditer(text, start, end)
        ]
        return sorted(out + placed, key=lambda mention: mention.start) if placed else out

    def resolve_leaders(self, mentions: list[Mention], on: dt.date | None) -> list[Mention]:
        """A leader's name stands for the state (or NATO) they led at the
        article date, or last led when every term has ended; before their
        first term, between terms, or with no date when the terms disagree,
        the name is dropped."""
        out = []
        for m in mentions:
            if m.kind != "leader":
                out.append(m)
                continue
            terms = self.leaders.get(m.text, ())
            if on is None:
                codes = {code for code, _, _ in terms}
                code = codes.pop() if len(codes) == 1 else None
            else:
                code = next((c for c, a, b in terms if a <= on and (b is None or on < b)), None)
                if code is None and terms and all(b is not None and b <= on for _, _, b in terms):
                    # out of office: "Obama's decision to keep 5,500 troops in Afghanistan" (2019)
                    code = max(terms, key=lambda term: term[2])[0]
            if code is not None:
                out.append(Mention("leader", (code,), m.start, m.end, m.text))
        return out

    def is_member(self, code: str | None, on: dt.date | None) -> bool:
        if code == "NATO":
            return True
        joined = self.accession.get(code or "")
        if joined is None:
            return False
        return on is None or joined <= on


@lru_cache(maxsize=1)
def load_country_data() -> dict:
    """The reviewed reference data (countries.json) as a dict."""
    with open(DATA_PATH, encoding="utf-8") as f:
        return json.load(f)


def _variants(name: str) -> set[str]:
    """A name as it may be written: with "the", with ’ or ' apostrophes."""
    out = {name, name.replace("'", "’"), name.replace("’", "'")}
    return out


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    data = load_country_data()
    table: dict[str, tuple[str, tuple[str, ...]]] = {}

    def add(surface: str, kind: str, codes: tuple[str, ...], override: bool = False) -> None:
        for v in _variants(surface):
            if override or v not in table:
                table[v] = (kind, codes)

    # 1. pycountry names (lowest priority: the JSON refines them)
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(c, attr, None)
            if not name or "," in name or "(" in name or name in AMBIGUOUS_NAMES:
                continue
            add(name, "country", (c.alpha_2,))
    # 2. aliases and demonyms from the reviewed data
    for code, alias in data["aliases"].items():
        for name in alias.get("names", []):
            kind = "capital" if name in CAPITALS else "metonym" if name in METONYMS else "country"
            add(name, kind, (code,), override=True)
            if not name.startswith("the ") and kind == "country" and len(name) > 3:
                add("the " + name, kind, (code,))
        for dem in alias.get("demonyms", []):
            if dem in table and table[dem][0] == "country":
                continue  # "US" stays a country name; it also works as a sender
            add(dem, "demonym", (code,), override=True)
    # 3. places, services, groups, regions, NATO (highest priority)
    for name, code in SERVICE_NAMES.items():
        add(name, "service", (code,), override=True)
    # famous national formations named alone ("the 82nd Airborne Division"):
    # the extractor names their state only when the article names it too
    for name, code in data.get("formations", {}).items():
        if not name.startswith("_"):
            add(name, "formation", (code,), override=True)
    for name, code in ROLE_WORDS.items():
        add(name, "metonym", (code,), override=True)
    for phrase, codes in data["groups"].items():
        add(phrase, "group", tuple(sorted(codes)), override=True)
        if phrase.startswith("the "):
            add("The " + phrase[4:], "group", tuple(sorted(codes)), override=True)
    for code, region in data["regions"].items():
        for name in region["names"] + [region["name"]]:
            add(name, "region", (code,), override=True)
    for name in NATO_NAMES:
        add(name, "nato", ("NATO",), override=True)
    leaders = {}
    for name, terms in data.get("leaders", {}).items():
        if name.startswith("_"):
            continue
        parsed = tuple(
            (code, dt.date.fromisoformat(a), dt.date.fromisoformat(b) if b else None) for code, a, b in terms
        )
        for v in _variants(name):
            leaders[v] = parsed
        add(name, "leader", (parsed[0][0],), override=True)
    for name in AMBIGUOUS_NAMES:
        table.pop(name, None)

    # Longest match wins ("the Baltic states" over "Baltic states", "Nato's
    # eastern flank" over "Nato"): the trie regex tries longer names first.
    pattern = r"(?<![\w.])(?:" + trie_pattern(table) + r")(?![\w]|\.\w)"
    # Upper-case copies for headlines ("US SENDING MORE TROOPS TO NATO'S EASTERN FLANK").
    upper_table, upper_surface = {}, {}
    for s, v in table.items():
        if v[0] != "leader":  # "TRUMP" in a headline: rare; the date check needs the written form
            upper_table.setdefault(s.upper(), v)
            if len(s.upper()) == len(s):
                upper_surface.setdefault(s.upper(), s)
    upper_pattern = r"(?<![\w.])(?:" + trie_pattern(upper_table) + r")(?![\w])"
    accession = {code: dt.date.fromisoformat(d) for code, d in data["nato_accession"].items()}
    return Gazetteer(
        re.compile(pattern), re.compile(upper_pattern), table, upper_table, upper_surface, accession, leaders
    )
