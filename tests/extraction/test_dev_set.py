"""The dev set (42 real articles + the seed article) through extract(), scored
like /work/shared/eval/score.py. Real thresholds: this test fails when the
extractor gets worse than the quality targets."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from newsmap.extraction import extract
from newsmap.extraction.scoring import load_jsonl, score

EVAL = Path(__file__).resolve().parent.parent / "data" / "eval"
ROOT = Path(__file__).resolve().parents[2]
SEED_ID = "000_9525ceed15631607"


def _seed_text() -> str:
    for path in (ROOT / "seeds" / f"{SEED_ID}.txt", EVAL / "seed_article.txt"):
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError("seed article")


def _articles():
    with open(EVAL / "dev.jsonl", encoding="utf-8") as f:
        articles = [json.loads(line) for line in f if line.strip()]
    articles.append({"id": SEED_ID, "text": _seed_text(), "date": "2022-03-04"})
    return articles


def _predict(articles):
    predicted = {}
    for a in articles:
        published = dt.date.fromisoformat(a["date"]) if a.get("date") else None
        predicted[a["id"]] = [f.to_dict() for f in extract(a["text"], published)]
    return predicted


def test_dev_set_quality_targets():
    gold = load_jsonl(EVAL / "gold_dev.jsonl")
    gold.update(load_jsonl(EVAL / "seed_gold.jsonl"))
    result = score(gold, _predict(_articles()))
    assert result.precision >= 0.90, result.as_dict()
    assert result.f1 >= 0.85, result.as_dict()


def test_seed_article_figures_from_the_guidelines():
    gold = load_jsonl(EVAL / "seed_gold.jsonl")
    result = score(gold, _predict([{"id": SEED_ID, "text": _seed_text(), "date": "2022-03-04"}]))
    assert result.recall == 1.0, result.as_dict()


def test_scoring_module_agrees_with_the_reference_scorer(tmp_path):
    articles = _articles()[:-1]
    predicted = _predict(articles)
    path = tmp_path / "pred.jsonl"
    path.write_text("".join(json.dumps({"id": k, "figures": v}) + "\n" for k, v in predicted.items()))
    ours = score(load_jsonl(EVAL / "gold_dev.jsonl"), load_jsonl(path)).as_dict()
    reference = EVAL / "score.py"
    out = subprocess.run(
        [sys.executable, str(reference), str(EVAL / "gold_dev.jsonl"), str(path), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = json.loads(out.stdout)
    for field in ("gold", "predicted", "true_positives", "precision", "recall", "f1", "attribute_accuracy"):
        assert ours[field] == theirs[field], field
