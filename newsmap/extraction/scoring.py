"""Scoring extracted figures against gold annotations (pure Python).

Same definitions as /work/shared/eval/score.py (kept in tests/data/eval/):
figures match within an article on (contributor, hosts, count); precision,
recall and F1 are micro-averaged over all articles; every other field is
scored as accuracy over the matched figures.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ATTRIBUTES = ("qualifier", "measure", "status", "kind", "exercise", "count_max")


def key(figure: dict) -> tuple:
    hosts = figure.get("hosts") or []
    if isinstance(hosts, str):
        hosts = [hosts]
    contributor = figure.get("contributor") or None
    count = figure.get("count")
    return (contributor, tuple(sorted(h.upper() for h in hosts)), int(count) if count is not None else None)


def load_jsonl(path: str | Path, numbered_only: bool = False) -> dict[str, list[dict]]:
    """{article id: [figure dict, ...]} from a gold or predicted JSON Lines file."""
    articles: dict[str, list[dict]] = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not JSON: {error}") from error
            figures = record.get("figures") or []
            if numbered_only:
                figures = [x for x in figures if x.get("count") is not None]
            articles[str(record["id"])] = figures
    return articles


@dataclass(frozen=True)
class Error:
    type: str  # "missed" | "spurious"
    article_id: str
    key: tuple
    sentence: str


@dataclass
class Score:
    articles: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    attribute_hits: Counter = field(default_factory=Counter)
    attribute_total: Counter = field(default_factory=Counter)
    errors: list[Error] = field(default_factory=list)
    articles_not_in_gold: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        d = self.true_positives + self.false_positives
        return self.true_positives / d if d else 0.0

    @property
    def recall(self) -> float:
        d = self.true_positives + self.false_negatives
        return self.true_positives / d if d else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def attribute_accuracy(self) -> dict[str, float]:
        return {a: self.attribute_hits[a] / self.attribute_total[a] for a in ATTRIBUTES if self.attribute_total[a]}

    def as_dict(self) -> dict:
        return {
            "articles": self.articles,
            "gold": self.true_positives + self.false_negatives,
            "predicted": self.true_positives + self.false_positives,
            "true_positives": self.true_positives,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "attribute_accuracy": {a: round(v, 4) for a, v in self.attribute_accuracy.items()},
            "articles_not_in_gold": self.articles_not_in_gold,
        }


def score(gold: dict[str, list[dict]], predicted: dict[str, list[dict]]) -> Score:
    result = Score(articles=len(gold))
    for article_id, gold_figures in gold.items():
        gold_by_key: dict[tuple, dict] = {}
        for figure in gold_figures:
            gold_by_key.setdefault(key(figure), figure)
        predicted_by_key: dict[tuple, dict] = {}
        for figure in predicted.get(article_id, []):
            predicted_by_key.setdefault(key(figure), figure)
        matched = gold_by_key.keys() & predicted_by_key.keys()
        result.true_positives += len(matched)
        for k in sorted(gold_by_key.keys() - matched, key=repr):
            result.false_negatives += 1
            result.errors.append(Error("missed", article_id, k, gold_by_key[k].get("sentence", "")))
        for k in sorted(predicted_by_key.keys() - matched, key=repr):
            result.false_positives += 1
            result.errors.append(Error("spurious", article_id, k, predicted_by_key[k].get("sentence", "")))
        for k in matched:
            for attribute in ATTRIBUTES:
                if attribute not in gold_by_key[k]:
                    continue
                result.attribute_total[attribute] += 1
                if gold_by_key[k].get(attribute) == predicted_by_key[k].get(attribute):
                    result.attribute_hits[attribute] += 1
    result.articles_not_in_gold = sorted(set(predicted) - set(gold))
    return result


def format_report(result: Score, errors: bool = False) -> Iterable[str]:
    """Human-readable lines, like score.py's output."""
    if errors:
        for e in result.errors:
            yield f"{e.type:8} {e.article_id}  {e.key}  {e.sentence[:160]}"
    gold = result.true_positives + result.false_negatives
    predicted = result.true_positives + result.false_positives
    yield f"articles {result.articles}  gold {gold}  predicted {predicted}  matched {result.true_positives}"
    for attribute, accuracy in result.attribute_accuracy.items():
        yield f"  {attribute:10} accuracy {accuracy:.3f}"
    yield f"precision {result.precision:.3f}  recall {result.recall:.3f}  F1 {result.f1:.3f}"


CONFIDENCE_LEVELS = (0.5, 0.8, 0.9)


def at_confidence(gold: dict[str, list[dict]], predicted: dict[str, list[dict]], level: float) -> Score:
    """The score of only the figures whose confidence is at least ``level``."""
    kept = {k: [f for f in v if f.get("confidence", 1.0) >= level] for k, v in predicted.items()}
    return score(gold, kept)


@dataclass(frozen=True)
class Coverage:
    """How many gold figures' sentences an editor sees: as a proposed figure's sentence or a candidate."""

    gold_sentences: int
    covered: int
    candidates: int
    articles: int

    @property
    def share(self) -> float:
        return self.covered / self.gold_sentences if self.gold_sentences else 1.0

    @property
    def candidates_per_article(self) -> float:
        return self.candidates / self.articles if self.articles else 0.0


def _same_sentence(a: str, b: str) -> bool:
    a, b = " ".join(a.split()), " ".join(b.split())
    return bool(a and b) and (a in b or b in a)


def coverage(gold: dict[str, list[dict]], records: dict[str, dict]) -> Coverage:
    """``records``: {article id: {"figures": [...], "candidates": [...]}} as `extract` writes them."""
    total = covered = candidates = 0
    for article_id, gold_figures in gold.items():
        record = records.get(article_id, {})
        shown = [f.get("sentence", "") for f in record.get("figures", [])]
        shown += [c.get("sentence", "") for c in record.get("candidates", [])]
        candidates += len(record.get("candidates", []))
        for figure in gold_figures:
            total += 1
            covered += any(_same_sentence(figure.get("sentence", ""), s) for s in shown)
    return Coverage(total, covered, candidates, len(gold))
