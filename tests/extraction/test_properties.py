"""Property tests: extract never raises and offsets are always exact."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsmap.extraction import extract

WORDS = st.sampled_from(
    [
        "troops",
        "5,000",
        "the US",
        "Nato",
        "to",
        "Poland",
        "and",
        "Romania",
        "British",
        "soldiers",
        "in",
        "Estonia",
        ".",
        ",",
        "about",
        "1.5 million",
        "between",
        "will",
        "deploy",
        "the Baltic states",
        "jets",
        "from",
        "more than",
        "\n",
        "U.S.",
        "Russian",
        "eastern Europe",
        "thousands",
        "a 1,000-strong",
        "battalion",
    ]
)


def _check(text):
    for f in extract(text):
        assert text[f.start : f.end] == f.sentence
        assert f.hosts == tuple(sorted(f.hosts))
        assert f.contributor != f.hosts[0] or len(f.hosts) > 1


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text())
def test_arbitrary_unicode_never_raises(text):
    _check(text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(WORDS, max_size=60).map(" ".join))
def test_newsy_word_soup_never_raises(text):
    _check(text)
