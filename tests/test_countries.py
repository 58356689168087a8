from datetime import date

import pycountry
import pytest

from newsmap import models
from newsmap.models import Country

pytestmark = pytest.mark.django_db


def test_every_iso_country_is_loaded_with_a_map_point():
    states = Country.objects.filter(kind=Country.Kind.STATE)
    assert states.count() == len(pycountry.countries) + 1  # and Kosovo, whose XK is user-assigned
    assert Country.objects.get(code="XK").name == "Kosovo"
    # countryinfo has no point for a few uninhabited territories (Antarctica, Bouvet Island…)
    assert states.filter(latitude__isnull=True).count() < 20
    europe = ["EE", "LV", "LT", "PL", "RO", "MT", "CY", "LU", "UA", "BY", "RU", "MD", "GE", "XK"]
    assert not states.filter(code__in=europe, latitude__isnull=True).exists()
    assert not states.filter(nato_accession__isnull=False, latitude__isnull=True).exists()
    estonia = Country.objects.get(code="EE")
    assert 57 < estonia.latitude < 60 and 21 < estonia.longitude < 29
    assert Country.objects.get(code="MT").alpha3 == "MLT"


def test_nato_membership_follows_accession_dates():
    members = Country.objects.filter(nato_accession__isnull=False)
    assert members.count() == 32
    finland, sweden = Country.objects.get(code="FI"), Country.objects.get(code="SE")
    assert not finland.is_nato_member(date(2023, 4, 3)) and finland.is_nato_member(date(2023, 4, 4))
    assert not sweden.is_nato_member(date(2024, 3, 6)) and sweden.is_nato_member(date(2024, 3, 7))
    assert Country.objects.get(code="DE").nato_accession.year == 1955
    assert not Country.objects.get(code="UA").is_nato_member()


def test_non_state_places_exist_for_the_guidelines_codes():
    assert Country.objects.get(code="NATO").kind == Country.Kind.ALLIANCE
    assert set(Country.objects.filter(kind=Country.Kind.REGION).values_list("code", flat=True)) == {
        "EUROPE",
        "EASTERN_FLANK",
    }


def test_aliases_and_demonyms_come_from_the_reviewed_data_file():
    britain = Country.objects.get(code="GB")
    assert "Britain" in britain.aliases and "British" in britain.demonyms


def test_model_choices_match_the_extractor_value_sets():
    from newsmap import extraction

    assert tuple(models.Qualifier.values) == tuple(extraction.QUALIFIERS)
    assert tuple(models.Measure.values) == tuple(extraction.MEASURES)
    assert tuple(models.Status.values) == tuple(extraction.STATUSES)
    assert tuple(models.Kind.values) == tuple(extraction.KINDS)


def test_sync_countries_restores_reference_data(capsys):
    from django.core.management import call_command

    Country.objects.filter(code="FI").update(nato_accession=None, name="Suomi")
    call_command("sync_countries")
    finland = Country.objects.get(code="FI")
    assert (finland.name, str(finland.nato_accession)) == ("Finland", "2023-04-04")
    assert "253 countries and places up to date" in capsys.readouterr().out


def test_every_code_the_extractor_can_name_is_a_country_row():
    from newsmap import extraction

    data = extraction.load_country_data()
    named = set(data["aliases"]) | {code for codes in data["groups"].values() for code in codes}
    named |= set(data["regions"]) | {"NATO"}
    assert named - set(Country.objects.values_list("code", flat=True)) == set()
