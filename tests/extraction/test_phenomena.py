"""One test per phenomenon of the issue, on sentences written for these tests."""

import datetime as dt

import pytest

from newsmap.extraction import KINDS, MEASURES, QUALIFIERS, STATUSES, extract

from .helpers import keys, one


def test_value_sets_follow_the_guidelines_order():
    assert QUALIFIERS == ("exact", "approx", "at_least", "at_most", "range", "vague")
    assert MEASURES == ("total", "increase", "decrease")
    assert STATUSES == ("planned", "present", "ended")
    assert KINDS == ("troops", "aircraft", "ships", "other")


@pytest.mark.parametrize(
    "phrase, qualifier",
    [
        ("about 800", "approx"),
        ("some 800", "approx"),
        ("roughly 800", "approx"),
        ("more than 800", "at_least"),
        ("at least 800", "at_least"),
        ("up to 800", "at_most"),
        ("almost 800", "at_most"),
        ("800", "exact"),
    ],
)
def test_qualifiers(phrase, qualifier):
    f = one(f"Denmark will deploy {phrase} soldiers to Latvia next month.")
    assert (f.contributor, f.hosts, f.count, f.qualifier) == ("DK", ("LV",), 800, qualifier)


def test_range():
    f = one("Spain is to station between 400 and 600 troops in Slovakia.")
    assert (f.count, f.count_max, f.qualifier) == (400, 600, "range")


def test_vague_amount_is_a_null_count_figure():
    f = one("The Netherlands has sent hundreds of additional troops to Lithuania.")
    assert (f.contributor, f.hosts, f.count, f.qualifier) == ("NL", ("LT",), None, "vague")


@pytest.mark.parametrize(
    "sentence, measure",
    [
        ("Italy will send 300 additional troops to Bulgaria.", "increase"),
        ("Italy will send 300 more troops to Bulgaria.", "increase"),
        ("Italy will withdraw 300 troops from its mission in Bulgaria.", "decrease"),
        ("Italy has 300 troops stationed in Bulgaria.", "total"),
    ],
)
def test_measures(sentence, measure):
    assert one(sentence).measure == measure


@pytest.mark.parametrize(
    "sentence, status",
    [
        ("France will deploy 500 soldiers to Romania in the spring.", "planned"),
        ("France plans to send 500 soldiers to Romania.", "planned"),
        ("France has deployed 500 soldiers to Romania.", "present"),
        ("About 500 French soldiers are stationed in Romania.", "present"),
        ("The 500 French soldiers in Romania withdrew last month.", "ended"),
    ],
)
def test_statuses(sentence, status):
    assert one(sentence).status == status


@pytest.mark.parametrize(
    "sentence, kind",
    [
        ("Portugal sent 120 marines to Romania.", "troops"),
        ("Portugal sent four F-16s to Lithuania.", "aircraft"),
        ("Portugal sent six fighter jets to Lithuania.", "aircraft"),
        ("Portugal sent two frigates to Latvia.", "ships"),
        ("Portugal sent 14 tanks to Romania.", "other"),
    ],
)
def test_kinds(sentence, kind):
    assert one(sentence).kind == kind


def test_exercise():
    f = one("Some 2,000 Italian troops arrived in Latvia for a military exercise.")
    assert f.exercise and f.contributor == "IT"
    assert not one("Some 2,000 Italian troops arrived in Latvia.").exercise


@pytest.mark.parametrize(
    "sentence, contributor",
    [
        ("The US will send 900 troops to Lithuania.", "US"),
        ("The U.S. will send 900 troops to Lithuania.", "US"),
        ("The United States will send 900 troops to Lithuania.", "US"),
        ("America will send 900 troops to Lithuania.", "US"),
        ("The UK will send 900 troops to Lithuania.", "GB"),
        ("Britain will send 900 troops to Lithuania.", "GB"),
        ("Officials said 900 British troops will go to Lithuania.", "GB"),
        ("Officials said 900 Norwegian soldiers will go to Lithuania.", "NO"),
        ("Nato will send 900 troops to Lithuania.", "NATO"),
        ("The alliance will send 900 troops to Lithuania.", "NATO"),
        ("Some 900 allied troops will go to Lithuania.", "NATO"),
    ],
)
def test_contributors_by_name_abbreviation_and_demonym(sentence, contributor):
    assert keys(sentence) == {(contributor, ("LT",), 900)}


def test_nato_battlegroup_as_contributor():
    assert keys("A 1,200-strong Nato battlegroup is based in Latvia.") == {("NATO", ("LV",), 1200)}


@pytest.mark.parametrize(
    "sentence, hosts",
    [
        ("Germany will send 600 troops to Poland and Romania.", ("PL", "RO")),
        ("Germany will send 600 troops to Lithuania, Latvia and Estonia.", ("EE", "LT", "LV")),
        ("Germany will send 600 troops to the Baltic states.", ("EE", "LT", "LV")),
        ("Germany will send 600 troops to eastern Europe.", ("EASTERN_FLANK",)),
        ("Germany will send 600 troops to Nato's eastern flank.", ("EASTERN_FLANK",)),
        ("Germany will send 600 troops to Europe.", ("EUROPE",)),
    ],
)
def test_hosts_lists_groups_and_regions(sentence, hosts):
    assert keys(sentence) == {("DE", hosts, 600)}


def test_host_from_previous_sentence():
    text = "Belgium confirmed on Monday that it is sending troops to Romania. The 250 soldiers will leave next week."
    assert ("BE", ("RO",), 250) in keys(text)


def test_contributor_from_previous_sentence():
    text = "The Dutch defence ministry announced a new rotation. In total 250 soldiers will go to Lithuania."
    assert keys(text) == {("NL", ("LT",), 250)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Russia has massed 100,000 troops near Belarus.",
        "About 30,000 Russian soldiers are stationed in Belarus.",
        "Some 5,000 Belarusian troops moved to the border with Poland.",
        "Ukrainian forces recaptured the town, killing 300 Russian soldiers.",
    ],
)
def test_non_members_are_not_figures(sentence):
    assert keys(sentence) == set()


@pytest.mark.parametrize(
    "sentence",
    [
        "The British army will shrink to 72,500 soldiers by 2025.",
        "Finland has a reserve of 280,000 troops.",
        "Some 8,000 US troops were put on standby in case they are needed in Europe.",
        "At least 40 Dutch soldiers were killed in Afghanistan.",
        "Germany will give Ukraine 2,700 anti-tank weapons and $500m in aid.",
        "Estonia called for 25,000 Nato troops to be stationed on its territory.",
        "Thousands of troops have been sent to the region.",
        "There are no American troops in Ukraine.",
    ],
)
def test_non_deployments_are_not_figures(sentence):
    assert keys(sentence) == set()


def test_membership_depends_on_the_article_date():
    text = "Some 400 Finnish troops arrived in Estonia."
    assert keys(text, dt.date(2022, 5, 1)) == set()
    assert keys(text, dt.date(2024, 5, 1)) == {("FI", ("EE",), 400)}
    text = "Some 400 Swedish troops arrived in Latvia."
    assert keys(text, dt.date(2024, 3, 6)) == set()
    assert keys(text, dt.date(2024, 3, 7)) == {("SE", ("LV",), 400)}


def test_host_is_never_the_contributor():
    assert keys("The US will send 2,000 troops to the US border with Mexico.") == set()
    assert keys("Some 1,000 Polish troops are stationed in Poland.") == set()


def test_repeated_figure_is_proposed_once():
    text = (
        "Canada will send 700 troops to Latvia. Officials confirmed that Canada will send 700 troops to Latvia "
        "by the summer."
    )
    assert [f.count for f in extract(text)] == [700]


def test_null_count_only_without_a_numbered_figure():
    text = "Canadian troops have arrived in Latvia. Canada now has 700 troops in Latvia."
    assert keys(text) == {("CA", ("LV",), 700)}


@pytest.mark.parametrize(
    "sentence, contributor, host",
    [
        ("British troops have arrived in Estonia.", "GB", "EE"),
        ("Norwegian soldiers landed in Lithuania on Tuesday.", "NO", "LT"),
        ("French soldiers are stationed in Romania.", "FR", "RO"),
    ],
)
def test_unnumbered_figures(sentence, contributor, host):
    f = one(sentence)
    assert (f.contributor, f.hosts, f.count) == (contributor, (host,), None)


def test_several_figures_in_one_sentence():
    text = "This year the Nato drills in Norway include about 20,000 troops, 100 aircraft and 40 ships."
    assert keys(text) == {("NATO", ("NO",), 20000), ("NATO", ("NO",), 100), ("NATO", ("NO",), 40)}


def test_offsets_point_at_the_sentence():
    text = "Headline here\n\nIntro text. The US will send 900 troops to Lithuania. More text."
    f = one(text)
    assert text[f.start : f.end] == f.sentence == "The US will send 900 troops to Lithuania."
    d = f.to_dict()
    assert d["hosts"] == ["LT"] and d["start"] == f.start and d["rule"]


def test_withdrawal_from_a_host():
    f = one("The US has withdrawn 9,000 troops from Germany, officials said.")
    assert (f.contributor, f.hosts, f.count, f.measure, f.status) == ("US", ("DE",), 9000, "decrease", "ended")


def test_movement_from_one_host_to_another():
    text = "Washington will send 800 troops to Hungary, with another 400 moving from Germany to Slovakia."
    assert keys(text) == {("US", ("HU",), 800), ("US", ("SK",), 400)}


def test_several_named_senders_after_the_noun():
    text = "The minister visited allied troops from Spain, Italy and Portugal who are stationed in Latvia."
    assert keys(text) == {("ES", ("LV",), None), ("IT", ("LV",), None), ("PT", ("LV",), None)}


def test_the_alliance_as_object_is_not_the_sender():
    text = "Sweden, which joined the alliance in March, will send 500 troops to Latvia."
    assert keys(text) == {("SE", ("LV",), 500)}


def test_an_address_is_not_a_sender():
    text = (
        "The Pentagon announced new rotations. About 200 paratroopers based in Vicenza, Italy, are arriving in Latvia."
    )
    assert keys(text) == {("US", ("LV",), 200)}


def test_a_later_sentence_names_a_new_host_for_the_count():
    text = (
        "Denmark will commit an extra 700 troops to Nato's eastern flank. "
        "The troops will be earmarked for the defence of Latvia, officials said."
    )
    assert keys(text) == {("DK", ("EASTERN_FLANK",), 700), ("DK", ("LV",), 700)}


def test_a_leading_qualifier_covers_a_list_of_counts():
    text = "The Nato drills in Iceland involve about 9,000 troops, 60 aircraft and 20 ships."
    figures = extract(text)
    assert {(f.count, f.kind, f.qualifier) for f in figures} == {
        (9000, "troops", "approx"),
        (60, "aircraft", "approx"),
        (20, "ships", "approx"),
    }
    assert all(f.exercise and f.hosts == ("IS",) and f.contributor == "NATO" for f in figures)


def test_model_numbers_are_not_counts():
    assert all(c is None for _, _, c in keys("Leopard 2 tanks from the German army have arrived in Lithuania."))


def test_headline_in_capitals():
    f = one("CANADA SENDING MORE TROOPS TO LATVIA: LIVE UPDATES")
    assert (f.contributor, f.hosts, f.count, f.measure) == ("CA", ("LV",), None, "increase")


def test_formations_counted_as_units_have_no_count():
    f = one("Nato will create four new battlegroups in Hungary, Slovakia, Romania and Bulgaria.")
    assert (f.contributor, f.hosts, f.count, f.measure) == ("NATO", ("BG", "HU", "RO", "SK"), None, "increase")


def test_a_region_only_when_no_country_is_named():
    text = "Italian troops have arrived in Bulgaria to bolster the eastern flank."
    assert keys(text) == {("IT", ("BG",), None)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Latvia has called for 10,000 US troops to be stationed in Latvia permanently.",
        "Estonia wants Nato to station 25,000 troops in Estonia.",
        "The US has no plans to send 3,000 troops to Romania.",
        "Lithuania's president urged Germany to deploy a brigade of 5,000 soldiers in Lithuania.",
        "Some analysts believe Nato should deploy 50,000 troops to Poland.",
        "If Russia attacks, the US could send 20,000 troops to Poland within days.",
        "Britain is considering sending 1,000 more troops to Estonia.",
        "The Pentagon is weighing whether to send 4,000 troops to Romania.",
        "Germany will not deploy 1,000 soldiers to Slovakia after all.",
    ],
)
def test_requests_negations_and_hypotheticals_are_not_figures(sentence):
    assert keys(sentence) == set()


def test_hosting_country_as_subject():
    assert keys("Latvia hosts about 1,700 Nato troops from 10 countries.") == {("NATO", ("LV",), 1700)}


def test_country_name_qualifying_troops_after_a_preposition():
    assert keys("The number of US troops in Europe has risen to more than 100,000.") == {("US", ("EUROPE",), 100000)}


def test_country_data_keeps_the_shapes_the_django_migration_reads():
    from newsmap.extraction import load_country_data

    data = load_country_data()
    assert set(data) >= {"nato_accession", "aliases", "regions", "groups"}
    assert len(data["nato_accession"]) == 32
    for code in data["nato_accession"]:
        alias = data["aliases"][code]  # every member has names/demonyms
        assert isinstance(alias["names"], list) and alias["demonyms"]
    for code in ("RU", "BY", "UA"):
        assert data["aliases"][code]["demonyms"]
    assert all(isinstance(r["name"], str) and r["names"] for r in data["regions"].values())
    assert data["groups"]["the Baltic states"] == ["EE", "LT", "LV"]


def test_turkey_and_niger_are_countries():
    assert keys("Turkey has sent 500 troops to Romania.") == {("TR", ("RO",), 500)}
    assert keys("Some 700 US troops are stationed in Niger.") == {("US", ("NE",), 700)}


def test_country_used_as_an_adjective_is_a_last_resort_sender():
    text = "Speaking at the Canadian embassy, the general said about 400 soldiers are in Latvia."
    assert keys(text) == {("CA", ("LV",), 400)}


def test_gapped_clauses_are_not_one_host_list():
    text = "Spain will lead a battalion in Slovakia, the Netherlands in Lithuania, and Italy in Bulgaria."
    assert ("ES", ("SK",), None) in keys(text)
    assert not any(len(hosts) > 1 for _, hosts, _ in keys(text))


def test_from_country_is_the_sender_in_a_list_of_counts():
    text = (
        "The battalion in Latvia will include 400 Canadian troops, up to 150 troops from Spain "
        "and about 100 from Italy."
    )
    assert {("CA", ("LV",), 400), ("ES", ("LV",), 150)} <= keys(text)


def test_a_capital_is_a_place_not_a_sender():
    text = "Danish officers landed in the Latvian capital Riga to prepare for a 900-strong battalion."
    assert all(contributor != "LV" for contributor, _, _ in keys(text))


def test_a_country_after_another_in_a_list_is_not_an_address():
    text = (
        "They discussed Latvia's purchase of rockets from the United States, "
        "the U.S.'s plan to send 600 troops to Latvia."
    )
    assert keys(text) == {("US", ("LV",), 600)}


def test_presence_without_a_number_and_a_new_clause_after_the_host():
    text = "Canada already has several hundred troops in Latvia, and Poland is host to a missile defence base."
    f = one(text)
    assert (f.contributor, f.hosts, f.count, f.qualifier) == ("CA", ("LV",), None, "vague")


def test_moving_troops_from_one_host_to_another_is_not_the_origin_sending():
    text = "Washington is sending 900 US-based troops to Hungary and shifting 500 soldiers from Germany to Slovakia."
    assert keys(text) == {("US", ("HU",), 900), ("US", ("SK",), 500)}


def test_published_may_be_a_datetime_or_none():
    text = "Some 400 Finnish troops arrived in Estonia."
    assert keys(text, dt.datetime(2022, 5, 1, 12, 0)) == set()
    assert keys(text, None) == {("FI", ("EE",), 400)}
    assert extract("", None) == [] and extract("   ") == []
