"""Loading the Country table from maintained data.

Every ISO 3166-1 country comes from pycountry, its map point from countryinfo (and
the few with a user-assigned code, Kosovo's XK, from countries.json);
NATO accession dates, aliases, demonyms and regions come from the reviewed file
newsmap/extraction/data/countries.json that the extractor reads too.
"""

import json
from datetime import date
from pathlib import Path

import pycountry
from countryinfo import CountryInfo

DATA_FILE = Path(__file__).parent / "extraction" / "data" / "countries.json"

# Points to draw the non-state places on a map (roughly their centre).
NON_STATE_POINTS = {
    "NATO": (50.88, 4.42),  # NATO headquarters, Brussels
    "EUROPE": (50.0, 10.0),
    "EASTERN_FLANK": (50.0, 25.0),
}


# The states a region host stands for: a figure "on NATO's eastern flank" and one for Poland both count
# when an analyst asks for the flank. The flank is the eight states hosting NATO's forward land forces
# (battlegroups since 2017 and 2022); Europe is the continent's states, with Turkey and Cyprus, without Russia.
REGION_MEMBERS = {
    "EASTERN_FLANK": ("BG", "EE", "HU", "LT", "LV", "PL", "RO", "SK"),
    "EUROPE": (
        *("AD", "AL", "AT", "BA", "BE", "BG", "BY", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB"),
        *("GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MD", "ME", "MK", "MT", "NL", "NO"),
        *("PL", "PT", "RO", "RS", "SE", "SI", "SK", "SM", "TR", "UA", "VA", "XK"),
    ),
}


def with_region_members(codes) -> list[str]:
    """`codes` with each region's member states added, sorted: what a host filter matches."""
    found = set(codes)
    for code in codes:
        found.update(REGION_MEMBERS.get(code, ()))
    return sorted(found)


def map_point(alpha2: str) -> tuple[float | None, float | None]:
    try:
        latitude, longitude = CountryInfo(alpha2).latlng()[:2]
    except (KeyError, ValueError, TypeError, IndexError):
        return None, None
    return float(latitude), float(longitude)


def country_rows() -> list[dict]:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    accession = data.get("nato_accession", {})
    aliases = data.get("aliases", {})
    rows = []
    for country in pycountry.countries:
        code = country.alpha_2
        latitude, longitude = map_point(code)
        extra = aliases.get(code, {})
        rows.append(
            {
                "code": code,
                "alpha3": country.alpha_3,
                "name": getattr(country, "common_name", None) or country.name,
                "kind": "state",
                "aliases": sorted({country.name, *extra.get("names", [])} - {getattr(country, "common_name", "")}),
                "demonyms": extra.get("demonyms", []),
                "nato_accession": date.fromisoformat(accession[code]) if code in accession else None,
                "latitude": latitude,
                "longitude": longitude,
            }
        )
    for code, country in data.get("user_assigned", {}).items():
        if code.startswith("_"):
            continue
        extra = aliases.get(code, {})
        rows.append(
            {
                "code": code,
                "alpha3": country["alpha3"],
                "name": country["name"],
                "kind": "state",
                "aliases": sorted(set(extra.get("names", [])) - {country["name"]}),
                "demonyms": extra.get("demonyms", []),
                "nato_accession": date.fromisoformat(accession[code]) if code in accession else None,
                "latitude": country["point"][0],
                "longitude": country["point"][1],
            }
        )
    rows.append(
        {
            "code": "NATO",
            "alpha3": "",
            "name": "NATO",
            "kind": "alliance",
            "aliases": ["North Atlantic Treaty Organization", "Nato", "the alliance", "allied forces"],
            "demonyms": ["allied"],
            "nato_accession": None,
            "latitude": NON_STATE_POINTS["NATO"][0],
            "longitude": NON_STATE_POINTS["NATO"][1],
        }
    )
    for code, region in data.get("regions", {}).items():
        latitude, longitude = NON_STATE_POINTS.get(code, (None, None))
        rows.append(
            {
                "code": code,
                "alpha3": "",
                "name": region["name"],
                "kind": "region",
                "aliases": region.get("names", []),
                "demonyms": [],
                "nato_accession": None,
                "latitude": latitude,
                "longitude": longitude,
            }
        )
    return rows


def sync_countries(Country) -> int:
    """Create or update every country row; takes the model class so migrations can use it."""
    for row in country_rows():
        code = row.pop("code")
        Country.objects.update_or_create(code=code, defaults=row)
    return Country.objects.count()
