"""Numbers as news writes them, and numbers that are not head counts."""

import pytest

from newsmap.extraction.numbers import find_numbers

from .helpers import keys


@pytest.mark.parametrize(
    "text, value",
    [
        ("5,000", 5000),
        ("5000", 5000),
        ("5 000", 5000),
        ("5\u00a0000", 5000),
        ("five thousand", 5000),
        ("twenty-two", 22),
        ("one hundred and twenty", 120),
        ("a thousand", 1000),
        ("3.5k", 3500),
        ("1.5 million", 1_500_000),
        ("a dozen", 12),
        ("two dozen", 24),
    ],
)
def test_number_forms(text, value):
    numbers = find_numbers(text)
    assert [n.value for n in numbers] == [value]


@pytest.mark.parametrize("text", ["thousands", "several hundred", "a few thousand", "dozens", "tens of thousands"])
def test_vague_amounts_have_no_value(text):
    (number,) = find_numbers(text)
    assert number.vague and number.value is None


@pytest.mark.parametrize("text", ["173rd", "82nd", "50%", "12 per cent", "$350m", "£1bn", "555-1234", "F-16s"])
def test_not_numbers(text):
    assert find_numbers(text) == []


@pytest.mark.parametrize(
    "sentence, count",
    [
        ("Canada will send 5,000 troops to Latvia.", 5000),
        ("Canada will send 5000 troops to Latvia.", 5000),
        ("Canada will send 5 000 troops to Latvia.", 5000),
        ("Canada will send five thousand troops to Latvia.", 5000),
        ("Canada will send 3.5k troops to Latvia.", 3500),
        ("Canada will send a dozen fighter jets to Latvia.", 12),
        ("Canada will send a battalion of 1,000 to Latvia.", 1000),
        ("Canada will send a 1,000-strong battalion to Latvia.", 1000),
    ],
)
def test_counts_in_sentences(sentence, count):
    assert keys(sentence) == {("CA", ("LV",), count)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Canada has had troops in Latvia since 2017, the 173rd report said.",
        "The 82nd Airborne soldiers flew to Poland in 1999.",
        "Some 45% of Danish soldiers in Estonia are under 25 years old.",
        "Germany pledged $350m to Lithuania for 2024.",
        "Call the Dutch embassy in Warsaw on 555-1234 about the soldiers.",
    ],
)
def test_non_counts_are_not_counted(sentence):
    assert all(count is None for _, _, count in keys(sentence))


def test_dates_and_weekdays_around_counts():
    assert keys("On 24 February US troops arrived in Poland.") == {("US", ("PL",), None)}
    assert keys("On Friday 300 US troops arrived in Poland.") == {("US", ("PL",), 300)}
    assert keys("On March 3 US troops arrived in Poland.") == {("US", ("PL",), None)}
