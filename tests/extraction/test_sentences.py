"""Sentence splitting with offsets, and pathological input that must stay bounded."""

from newsmap.extraction import analyse, extract
from newsmap.extraction.extractor import MAX_PARSED, read_sentences
from newsmap.extraction.sentences import MAX_SENTENCE, split_sentences


def test_sentences_keep_offsets_and_abbreviations():
    text = "The U.S. sent 300 troops. Mr. Biden said so!  Then Myanmar.Wong said: “Hi.”\n\nLine two."
    sentences = [text[a:b] for a, b in split_sentences(text)]
    assert sentences == [
        "The U.S. sent 300 troops.",
        "Mr. Biden said so!",
        "Then Myanmar.",
        "Wong said: “Hi.”",
        "Line two.",
    ]


def test_a_line_break_that_only_wraps_a_sentence_is_no_boundary():
    text = "Britain will send\n800 troops to Estonia, and\nmore later.\nNato welcomed it\nThe end"
    sentences = [text[a:b] for a, b in split_sentences(text)]
    assert sentences == [
        "Britain will send\n800 troops to Estonia, and\nmore later.",
        "Nato welcomed it",
        "The end",
    ]
    paragraph = "Allied ministers met in Brussels " + "and talked " * 12 + "for hours"  # a line too long to be wrapped
    assert [text[a:b] for text in [paragraph + "\nthen left"] for a, b in split_sentences(text)] == [
        paragraph,
        "then left",
    ]
    (figure,) = extract("Britain will send\n800 troops to Estonia.")
    assert (figure.contributor, figure.hosts, figure.count, figure.status) == ("GB", ("EE",), 800, "planned")


def test_long_text_without_breaks_is_cut_into_bounded_pieces():
    text = "word " * 10_000
    pieces = list(split_sentences(text))
    assert all(b - a <= MAX_SENTENCE for a, b in pieces)
    assert "".join(text[a:b] for a, b in pieces).replace(" ", "") == text.replace(" ", "")


def test_word_soup_parses_a_bounded_number_of_sentences():
    soup = " ".join(
        ["troops", "Nato", "Poland", "5,000", "to", "the", "US", "will", "deploy", "in", "Estonia"] * 20_000
    )
    records = read_sentences(soup, None)
    assert sum(r.worth_parsing for r in records) <= MAX_PARSED
    assert isinstance(analyse(soup).figures, list)


def test_a_long_digit_run_is_no_count():
    figures = extract("The US will send " + "7" * 100_000 + " troops to Poland.")
    assert all(f.count is None for f in figures)


def test_empty_and_blank_articles():
    assert extract("") == [] and extract("   \n ") == []
