"""The evaluation articles (tests/data/eval: dev, dev2 and the seed article) through the
extractor, scored like /work/shared/eval/score.py. Real thresholds, just below what the
extractor reaches (the closing numbers are in newsmap/extraction/README.md), so a figure
lost fails here."""

import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from newsmap.extraction.io import Article, parse_date, records
from newsmap.extraction.scoring import at_confidence, coverage, load_jsonl, score

EVAL = Path(__file__).resolve().parent.parent / "data" / "eval"
ROOT = Path(__file__).resolve().parents[2]
SEED_ID = "000_9525ceed15631607"


def _articles(name: str) -> list[Article]:
    with open(EVAL / f"{name}.jsonl", encoding="utf-8") as f:
        return [Article(r["id"], r["text"], parse_date(r.get("date"))) for r in map(json.loads, f) if r]


@cache
def _output(name: str) -> dict:
    if name == "seed":
        articles = [
            Article(SEED_ID, (ROOT / "seeds" / f"{SEED_ID}.txt").read_text(encoding="utf-8"), parse_date("2022-03-04"))
        ]
    else:
        articles = _articles(name)
    return {r["id"]: r for r in records(articles)}


def _gold(*names: str) -> dict:
    gold = {}
    for name in names:
        gold.update(load_jsonl(EVAL / ("seed_gold.jsonl" if name == "seed" else f"gold_{name}.jsonl")))
    return gold


def _predicted(*names: str) -> dict:
    return {k: r["figures"] for name in names for k, r in _output(name).items()}


def test_dev_and_dev2_quality_targets():
    result = score(_gold("dev", "dev2"), _predicted("dev", "dev2"))
    assert result.precision >= 0.97, result.as_dict()
    assert result.f1 >= 0.90, result.as_dict()


@pytest.mark.parametrize("attribute", ["qualifier", "measure", "status", "kind", "exercise", "count_max"])
def test_attributes_of_matched_figures(attribute):
    result = score(_gold("dev", "dev2"), _predicted("dev", "dev2"))
    assert result.attribute_accuracy[attribute] >= 0.90, result.as_dict()


def test_the_seed_article_gives_exactly_its_figures():
    result = score(_gold("seed"), _predicted("seed"))
    assert (result.precision, result.recall) == (1.0, 1.0), result.as_dict()
    assert all(v == 1.0 for v in result.attribute_accuracy.values()), result.as_dict()


def test_confident_figures_are_right():
    gold, predicted = _gold("dev", "dev2"), _predicted("dev", "dev2")
    assert at_confidence(gold, predicted, 0.8).precision >= 0.97
    assert all(0 < f["confidence"] <= 1 for figures in predicted.values() for f in figures)


def test_editors_see_the_gold_sentences_in_a_short_list():
    seen = coverage(_gold("dev", "dev2"), {**_output("dev"), **_output("dev2")})
    assert seen.share >= 0.95, seen
    assert seen.candidates_per_article <= 2.0, seen


def test_candidates_are_sentences_of_the_article_with_no_figure():
    for name in ("dev", "dev2"):
        texts = {a.id: a.text for a in _articles(name)}
        for article_id, record in _output(name).items():
            figure_sentences = {(f["start"], f["end"]) for f in record["figures"]}
            for candidate in record["candidates"]:
                assert texts[article_id][candidate["start"] : candidate["end"]] == candidate["sentence"]
                assert (candidate["start"], candidate["end"]) not in figure_sentences


def test_scoring_module_agrees_with_the_reference_scorer(tmp_path):
    path = tmp_path / "pred.jsonl"
    path.write_text("".join(json.dumps({"id": k, "figures": v}) + "\n" for k, v in _predicted("dev2").items()))
    ours = score(load_jsonl(EVAL / "gold_dev2.jsonl"), load_jsonl(path)).as_dict()
    out = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), str(EVAL / "gold_dev2.jsonl"), str(path), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = json.loads(out.stdout)
    for field in ("gold", "predicted", "true_positives", "precision", "recall", "f1", "attribute_accuracy"):
        assert ours[field] == theirs[field], field
