"""Rules added in 2026.11.3, each on sentences written for these tests (not from
the dev set, and not the held-out check sets)."""

import datetime as dt

import pytest

from newsmap.extraction.rules import holds_force_noun, might_hold_a_figure, stem_hits
from newsmap.extraction.sentences import lines, split_sentences

from .helpers import keys, one

D2022 = dt.date(2022, 3, 1)


# --- carrying a sender across sentences ------------------------------------------


def test_a_unit_of_another_country_does_not_take_the_previous_sender():
    text = "In 2018, 400 Danish troops arrived in Estonia. The 3rd Infantry Regiment moved 700 soldiers to Lithuania."
    assert keys(text, D2022) == {("DK", ("EE",), 400)}


def test_a_larger_count_elsewhere_is_not_part_of_the_previous_figure():
    text = "Norway has 150 soldiers in Lithuania. A Marine battalion of 900 marines landed in Greece."
    assert keys(text, D2022) == {("NO", ("LT",), 150)}


@pytest.mark.parametrize(
    "second",
    [
        "They include 300 soldiers sent to Slovakia.",
        "The 1,200 troops will be based in Slovakia.",
        "First, some 300 soldiers will arrive in Slovakia.",
        "These include 300 soldiers bound for Slovakia.",
    ],
)
def test_anaphoric_sentences_take_the_previous_sender(second):
    text = "Portugal announced a new deployment of forces to central Europe. " + second
    assert any(k[0] == "PT" and k[1] == ("SK",) for k in keys(text, D2022))


def test_a_part_of_the_previous_figure_takes_its_sender():
    text = (
        "Spain will send about 1,500 troops to Slovakia and Hungary. "
        "Some 600 soldiers based in Latvia will move to Hungary next month."
    )
    assert ("ES", ("HU",), 600) in keys(text, D2022)


# --- origin and destination -------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "About 700 Italian soldiers based in Latvia will move to Hungary.",
        "Some 700 Italian troops stationed in Latvia are to be shifted to Hungary.",
        "Roughly 700 Italian soldiers currently based in Latvia will be sent to Hungary in May.",
    ],
)
def test_based_in_x_moving_to_y_is_a_figure_for_y(sentence):
    f = one(sentence, D2022)
    assert (f.contributor, f.hosts, f.count, f.status) == ("IT", ("HU",), 700, "planned")


def test_based_in_x_without_a_movement_is_still_a_host():
    f = one("About 700 Italian soldiers based in Latvia took part in a parade.", D2022)
    assert (f.contributor, f.hosts, f.count, f.status) == ("IT", ("LV",), 700, "present")


# --- senders named through leaders and ministries ------------------------------------


def test_a_leader_in_office_names_the_sender():
    f = one("Biden ordered 1,700 more troops to Romania on Tuesday.", dt.date(2022, 3, 1))
    assert (f.contributor, f.hosts, f.count, f.measure) == ("US", ("RO",), 1700, "increase")


def test_a_leader_out_of_office_names_nobody():
    assert keys("Biden ordered 1,700 more troops to Romania on Tuesday.", dt.date(2019, 3, 1)) == set()


def test_a_leader_with_two_offices_is_read_by_date():
    text = "Rutte said 250 troops would be sent to Lithuania."
    assert keys(text, dt.date(2023, 5, 1)) == {("NL", ("LT",), 250)}
    assert keys(text, dt.date(2025, 5, 1)) == {("NATO", ("LT",), 250)}


def test_a_leader_alone_is_not_the_sender_of_bare_forces():
    assert keys("Macron arrives at the summit in Lithuania amid a row over jets.", dt.date(2023, 7, 1)) == set()


@pytest.mark.parametrize(
    "sentence, code",
    [
        ("The Ministry of Defence said 120 soldiers had landed in Estonia.", "GB"),
        ("The MoD confirmed that 120 more troops would go to Estonia.", "GB"),
        ("The White House said 120 troops would go to Estonia.", "US"),
        ("The Bundeswehr will send 120 soldiers to Estonia.", "DE"),
    ],
)
def test_role_words_name_the_sender(sentence, code):
    f = one(sentence, D2022)
    assert (f.contributor, f.hosts, f.count) == (code, ("EE",), 120)


def test_a_foreign_ministry_of_defence_is_not_british():
    assert keys("Russia's MoD said 120 troops would go to Belarus and 300 to Estonia.", D2022) == set()


def test_an_attribution_after_the_count_names_the_sender():
    f = one("About 2,000 paratroopers have landed in Lithuania, the Pentagon said.", D2022)
    assert (f.contributor, f.hosts, f.count) == ("US", ("LT",), 2000)


# --- hosts -------------------------------------------------------------------------


def test_a_gerund_clause_ends_a_host_list():
    text = (
        "Nato has 10,000 troops on its eastern flank, with Denmark leading a battlegroup in Latvia "
        "and Norway contributing 120 troops to Lithuania."
    )
    assert keys(text, D2022) == {
        ("NATO", ("EASTERN_FLANK",), 10000),
        ("DK", ("LV",), None),
        ("NO", ("LT",), 120),
    }


def test_a_place_of_a_contrasted_clause_is_not_the_host():
    text = "Belgium will send four F-16 jets to Romania, while Portugal is sending ships to the Mediterranean."
    assert keys(text, D2022) == {("BE", ("RO",), 4)}


def test_a_superlative_is_not_a_host():
    assert keys("Romania wants to grow its army to 150,000 troops, one of the largest in Europe.", D2022) == set()


def test_countries_including_a_list_are_hosts():
    text = "The US will pull 6,000 troops out of Germany, moving 2,000 to other allies such as Poland and Lithuania."
    assert ("US", ("LT", "PL"), 2000) in keys(text, D2022)


def test_elliptical_count_sent_to_a_second_host():
    assert keys("Slovenia approved sending up to 50 soldiers to Slovakia and 30 to Hungary.", D2022) == {
        ("SI", ("SK",), 50),
        ("SI", ("HU",), 30),
    }


def test_elliptical_count_from_an_earlier_size():
    assert keys("Canada now has 1,200 soldiers in Latvia, up from about 600 last year.", D2022) == {
        ("CA", ("LV",), 1200),
        ("CA", ("LV",), 600),
    }


def test_troops_leaving_a_country_ended():
    f = one("The last Dutch troops left Mali in 2023.", dt.date(2023, 12, 1))
    assert (f.contributor, f.hosts, f.count, f.status) == ("NL", ("ML",), None, "ended")


# --- not figures -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Moscow wants Nato to pull its forces out of Bulgaria and Romania.",
        "Greece is prepared to send 300 troops to Bulgaria if asked.",
        "Italy is ready to deploy troops to protect allies in Europe if needed.",
        "Washington will begin deployments of hypersonic missiles to Germany in 2026.",
        "Germany plans to expand its army to 260,000 soldiers by the end of the decade.",
        "Canada will send 450 soldiers to Latvia as part of Nato's forward land forces.",
    ],
)
def test_not_figures(sentence):
    assert keys(sentence, D2022) - {("CA", ("LV",), 450)} == set()


def test_standby_in_another_clause_does_not_cancel_a_count():
    text = "Norway will send two F-35 jets to Romania and put 200 soldiers on standby for the response force."
    assert keys(text, D2022) == {("NO", ("RO",), 2)}


def test_a_national_figure_is_not_also_a_nato_frame():
    text = "Dutch soldiers have arrived in Lithuania, where they will join a Nato battlegroup."
    assert keys(text, D2022) == {("NL", ("LT",), None)}


def test_a_split_force_does_not_move_as_a_whole():
    text = (
        "Canada will deploy 800 more troops to Europe. "
        "The forces include a unit headed to Latvia and another to Poland."
    )
    assert keys(text, D2022) == {("CA", ("EUROPE",), 800)}


# --- speed-ups give the same answers -----------------------------------------------


def test_lines_split_like_the_whole_text():
    text = "One U.S. unit.\nMr. Smith said so! Then\n\n  more.  \r\nLast line"
    assert [x for a, b in lines(text) for x in split_sentences(text, a, b)] == list(split_sentences(text))


@pytest.mark.parametrize(
    "sentence",
    [
        "Six armoured vehicles arrived.",
        "Two Patriot batteries were moved.",
        "The warships sailed.",
        "Four F-16s flew in.",
        "a 1,000-strong battle-group",
        "US-led forces",
        "No noun of forces here at all.",
        "The G-7 summit opened.",
    ],
)
def test_article_level_prefilter_agrees_with_the_sentence_prefilter(sentence):
    hits = stem_hits(sentence)
    assert holds_force_noun(sentence, hits, 0, 0, len(sentence)) == might_hold_a_figure(sentence)


def test_a_nato_member_in_apposition_is_not_the_alliance():
    f = one("Greece, a Nato member, has about 400 soldiers stationed in Cyprus.", D2022)
    assert (f.contributor, f.hosts, f.count) == ("GR", ("CY",), 400)


def test_the_lead_nation_of_a_formation_joined_is_not_another_figure():
    text = "Portuguese soldiers arrived in Romania on Monday, joining the French-led battlegroup."
    assert keys(text, D2022) == {("PT", ("RO",), None)}


def test_aircraft_loaded_with_aid_are_not_a_deployment():
    assert keys("Italy has sent three C-130 aircraft loaded with medical supplies to Poland.", D2022) == set()


# --- hosts named by reference ---------------------------------------------------------


def test_the_region_takes_the_one_place_of_the_previous_sentence():
    text = "Russia has moved tanks close to Latvia. Denmark is sending four F-16 jets to the region."
    assert keys(text, D2022) == {("DK", ("LV",), 4)}


@pytest.mark.parametrize(
    "text",
    [
        "Denmark is sending four F-16 jets to the region.",
        "Russian troops massed near Ukraine and Belarus. Denmark is sending four F-16 jets to the region.",
        "Latvia and Estonia protested. Denmark is sending four F-16 jets to the region.",
    ],
)
def test_the_region_without_one_previous_place_is_skipped(text):
    assert keys(text, D2022) == set()


def test_the_same_country():
    text = "Spain will send 400 troops to Slovakia, while Portugal is sending 150 to the same country."
    assert keys(text, D2022) == {("ES", ("SK",), 400), ("PT", ("SK",), 150)}


def test_its_territory_is_the_country_named_before():
    text = "Romania's senate approved the stationing of up to 1,500 Nato troops on its territory."
    assert keys(text, D2022) == {("NATO", ("RO",), 1500)}


def test_a_battlegroup_takes_the_previous_host_even_without_a_sender_there():
    text = "Lithuania hosts the mission near Rukla. A 1,000-strong battlegroup is stationed there."
    assert keys(text, D2022) == {("NATO", ("LT",), 1000)}


# --- a count placed by the next sentence ----------------------------------------------------


def test_a_count_without_host_is_placed_by_an_anaphoric_next_sentence():
    text = "Denmark will commit 700 more soldiers, the minister said. The troops will be stationed in Latvia."
    f = one(text, D2022)
    assert (f.contributor, f.hosts, f.count, f.measure, f.rule) == (
        "DK",
        ("LV",),
        700,
        "increase",
        "anaphora/previous-sentence-count",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Denmark will commit 700 more soldiers. The troops will not be stationed in Latvia.",
        "Denmark will commit 700 soldiers and 200 marines. The troops will be stationed in Latvia.",
        "Russia will commit 700 more soldiers. The troops will be stationed in Belarus.",
        "Denmark will commit 700 more soldiers. Latvia has asked for more help.",
    ],
)
def test_no_placing_without_one_count_and_a_plain_anaphoric_sentence(text):
    assert keys(text, D2022) == set()


def test_a_place_with_a_where_clause_is_a_host():
    f = one("Macron visited Romania, where about 1,000 French troops are stationed.", D2022)
    assert (f.contributor, f.hosts, f.count, f.status) == ("FR", ("RO",), 1000, "present")


def test_the_lead_nation_of_a_nato_battlegroup():
    assert keys("Spain has led the Nato battlegroup in Slovakia since 2023.", dt.date(2024, 1, 1)) == {
        ("ES", ("SK",), None)
    }


def test_a_name_followed_by_a_number_is_a_gapped_clause_not_a_host():
    assert ("BE", ("LV",), 250) in keys("Belgium has 250 soldiers in Latvia and Denmark 150.", D2022)


def test_the_alliance_joined_is_not_the_sender():
    text = "Sweden, which joined Nato last month, will send 500 troops to Finland."
    assert keys(text, dt.date(2022, 3, 1)) == set()  # Sweden not a member yet
    assert keys(text, dt.date(2024, 4, 1)) == {("SE", ("FI",), 500)}


def test_a_list_of_counts_with_their_hosts():
    assert keys("The US has about 35,000 troops in Germany, 12,000 in Italy and 10,000 in the UK.", D2022) == {
        ("US", ("DE",), 35000),
        ("US", ("IT",), 12000),
        ("US", ("GB",), 10000),
    }


def test_a_list_of_hosting_countries():
    assert keys("Slovakia, Hungary and Bulgaria each host about 800 Nato troops.", D2022) == {
        ("NATO", ("BG", "HU", "SK"), 800)
    }


def test_decided_against_is_a_negation():
    assert keys("The Belgian government decided against sending troops to Estonia this year.", D2022) == set()


def test_including_a_part_from_a_named_state():
    text = "Latvia says 3,000 Nato troops are now on its soil, including 1,200 from Canada."
    assert keys(text, D2022) == {("NATO", ("LV",), 3000), ("CA", ("LV",), 1200)}
