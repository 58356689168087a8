"""Rules added in 2026.11.4, each on sentences written for these tests (not from
the dev set, and not the held-out check sets)."""

import datetime as dt

import pytest

from newsmap.extraction import extract

from .helpers import keys, one

D2023 = dt.date(2023, 3, 1)


# --- famous formations ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The 1st Armored Division moved 1,100 soldiers to Lithuania in January.",
        "About 1,100 troops from the 1st Armored Division were deployed to Lithuania.",
        "Roughly 1,100 soldiers of the 10th Mountain Division arrived in Lithuania.",
    ],
)
def test_a_formation_in_a_text_that_names_no_state_gives_a_null_contributor(text):
    assert keys(text, D2023) == {(None, ("LT",), 1100)}


@pytest.mark.parametrize(
    "text",
    [
        "Washington is reinforcing the Baltics. The 1st Armored Division moved 1,100 soldiers to Lithuania.",
        "About 1,100 troops from the 1st Armored Division were deployed to Lithuania, the Pentagon said.",
        "American officials said about 1,100 soldiers of the 1st Armored Division arrived in Lithuania.",
    ],
)
def test_a_formation_takes_its_state_when_the_article_names_it(text):
    assert (("US", ("LT",), 1100)) in keys(text, D2023)


def test_a_formation_after_another_states_figure_is_not_that_state():
    text = "Norway sent 150 soldiers to Lithuania. The 10th Mountain Division sent 400 soldiers to Latvia."
    assert keys(text, D2023) == {("NO", ("LT",), 150), (None, ("LV",), 400)}


def test_a_formation_never_makes_its_own_state_a_host():
    assert keys("The 3rd Infantry Division moved 800 soldiers home to the United States.", D2023) == set()


def test_a_national_name_before_the_formation_is_the_sender():
    f = one("France's Foreign Legion will send 250 legionnaire troops to Estonia.", D2023)
    assert f.key == ("FR", ("EE",), 250)


# --- no sender in the article ---------------------------------------------------------


def test_a_count_with_no_sender_anywhere_is_a_null_contributor_figure():
    f = one("Around 600 soldiers landed in Latvia on Sunday for a six-month rotation.", D2023)
    assert f.key == (None, ("LV",), 600)
    assert f.qualifier == "approx" and f.rule.endswith("/no-sender")


def test_a_vague_amount_with_no_sender_is_a_null_figure():
    f = one("Hundreds of soldiers have been sent to Estonia this month.", D2023)
    assert f.key == (None, ("EE",), None)
    assert f.qualifier == "vague"


@pytest.mark.parametrize(
    "text",
    [
        # a state named elsewhere in the article: whose forces is not this rule's call
        "Spain will send 300 soldiers to Slovakia. Around 600 soldiers landed in Latvia on Sunday.",
        "Around 600 soldiers landed in Latvia on Sunday. Spain will send 300 soldiers to Slovakia.",
        # stationed/based: may be the host's own army
        "Around 60,000 soldiers are stationed in Poland.",
        "About 5,000 soldiers were deployed to Poland's border with Belarus.",
        # not deployments
        "Around 600 soldiers were injured in Latvia during the storm.",
        "About 600 soldiers could be sent to Latvia if the crisis deepens.",
        "No soldiers have been sent to Latvia.",
        "Around 2,000 refugees arrived in Latvia.",
        # Nato named: the alliance may be the sender
        "Around 600 soldiers landed in Latvia for Nato drills.",
        # not a member
        "Around 600 soldiers landed in Moldova on Sunday.",
    ],
)
def test_no_null_figure_without_the_strict_evidence(text):
    assert not any(f.contributor is None for f in extract(text, D2023))


# --- conditions after the count ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Portugal could send up to 400 soldiers to Romania if the situation worsens.",
        "Italy would deploy 1,000 troops to Bulgaria in case of an attack.",
        "Belgium might send 200 more troops to Romania unless the talks succeed.",
    ],
)
def test_a_modal_count_with_a_condition_after_it_is_no_figure(text):
    assert keys(text, D2023) == set()


def test_a_planned_count_with_if_in_another_clause_is_kept():
    text = "Portugal will send 400 soldiers to Romania, officials said, asked if more would follow."
    assert ("PT", ("RO",), 400) in keys(text, D2023)


# --- rotating out of a host ----------------------------------------------------------------


def test_the_place_a_rotation_leaves_is_the_host():
    f = one("About 300 Dutch soldiers rotated home from Lithuania last week.", D2023)
    assert f.key == ("NL", ("LT",), 300)
    assert f.status == "ended" and f.measure == "total"


def test_forces_about_to_rotate_out_are_still_there():
    f = one("Some 180 Croatian troops are getting ready to rotate out of Hungary next month.", D2023)
    assert f.key == ("HR", ("HU",), 180)
    assert f.measure == "total"


@pytest.mark.parametrize(
    "text, contributor",
    [
        ("Soldiers from the 10th Mountain Division have arrived in Latvia.", None),
        ("The 10th Mountain Division's soldiers have deployed to Latvia.", None),
        (
            "The US is adding forces in the Baltics. Soldiers from the 10th Mountain Division have arrived in Latvia.",
            "US",
        ),
    ],
)
def test_a_formation_names_the_forces_of_a_figure_without_a_number(text, contributor):
    assert (contributor, ("LV",), None) in keys(text, D2023)


def test_a_formation_far_from_the_noun_is_not_its_sender():
    text = "The 10th Mountain Division trains in New York, and soldiers seldom go to Latvia."
    assert keys(text, D2023) == set()


def test_a_formation_named_after_the_count_without_from_is_not_its_sender():
    text = "About 500 soldiers arrived in Poland to relieve the 82nd Airborne Division."
    assert keys(text, D2023) == set()  # whose soldiers is not said (and a unit is named: no null figure either)


def test_the_formation_list_is_short_and_names_members():
    from newsmap.extraction.gazetteer import gazetteer, load_country_data

    formations = {k: v for k, v in load_country_data()["formations"].items() if not k.startswith("_")}
    gaz = gazetteer()
    assert 0 < len(formations) <= 40
    for name, code in formations.items():
        assert code in gaz.accession, name
        assert gaz.table[name] == ("formation", (code,)), name
