"""Sentence offsets, and linear time on pathological input (generous bounds)."""

import time

from newsmap.extraction import extract
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


def test_long_text_without_breaks_is_cut_into_bounded_pieces():
    text = "word " * 10_000
    pieces = list(split_sentences(text))
    assert all(b - a <= MAX_SENTENCE for a, b in pieces)
    assert "".join(text[a:b] for a, b in pieces).replace(" ", "") == text.replace(" ", "")


def test_digit_runs_and_word_soup_finish_quickly():
    start = time.perf_counter()
    extract("The US will send " + "7" * 100_000 + " troops to Poland.")
    extract(" ".join(["troops", "Nato", "Poland", "5,000", "to", "US", "deploy", "in", "Estonia"] * 10_000))
    assert time.perf_counter() - start < 5
