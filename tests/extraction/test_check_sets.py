"""The written check sets in tests/data/heldout/ (not from the evaluation articles; see
its README): news-style passages with many negatives. Real thresholds, a little below what
the extractor reaches, so a regression fails here. Their first scores, the unseen-data
estimates, are in the README."""

import json
from functools import cache
from pathlib import Path

import pytest

from newsmap.extraction.io import Article, parse_date, records
from newsmap.extraction.scoring import load_jsonl, score

HELDOUT = Path(__file__).resolve().parent.parent / "data" / "heldout"
SETS = ("heldout", "check2", "check3", "check4", "check5", "check6", "check7")


@cache
def _score(name: str):
    with open(HELDOUT / f"{name}_articles.jsonl", encoding="utf-8") as f:
        articles = [Article(r["id"], r["text"], parse_date(r.get("date"))) for r in map(json.loads, f)]
    predicted = {r["id"]: r["figures"] for r in records(articles)}
    return score(load_jsonl(HELDOUT / f"{name}_gold.jsonl"), predicted)


@pytest.mark.parametrize(
    "name, precision, f1",
    [
        ("heldout", 0.88, 0.85),
        ("check2", 0.98, 0.95),
        ("check3", 0.98, 0.95),
        ("check4", 0.90, 0.95),
        ("check5", 0.60, 0.54),
        ("check6", 0.95, 0.83),
        ("check7", 0.93, 0.83),
    ],
)
def test_check_set_quality(name, precision, f1):
    result = _score(name)
    assert result.precision >= precision, result.as_dict()
    assert result.f1 >= f1, result.as_dict()


@pytest.mark.parametrize("name", SETS)
def test_check_sets_have_plenty_of_negatives(name):
    gold = load_jsonl(HELDOUT / f"{name}_gold.jsonl")
    empty = sum(1 for figures in gold.values() if not figures)
    assert empty >= len(gold) // 4, (name, empty, len(gold))
