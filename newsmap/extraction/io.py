"""Reading articles and writing figures as JSON Lines (used by the `extract` and
`evaluate` management commands and by the benchmark; pure Python)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from .extractor import analyse_many


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    published: dt.date | None = None


def parse_date(value) -> dt.date | None:
    """'2022-03-04' or '2022-03-04T10:00:00Z' -> date; anything else -> None."""
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _jsonl_articles(lines: Iterable[str], source: str) -> Iterator[Article]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{source}:{number}: not JSON: {error}") from error
        if not isinstance(record, dict) or "text" not in record:
            raise ValueError(f"{source}:{number}: expected an object with 'id' and 'text'")
        article_id = str(record.get("id", f"{Path(source).stem}-{number}"))
        published = parse_date(record.get("date") or record.get("published"))
        yield Article(article_id, str(record["text"] or ""), published)


def read_articles(paths: Iterable[str]) -> Iterator[Article]:
    """Articles from .txt files (id = file name stem), JSON Lines files of
    {"id", "text", "date"?}, or '-' for JSON Lines on stdin."""
    for path in paths:
        if path == "-":
            yield from _jsonl_articles(sys.stdin, "<stdin>")
            continue
        p = Path(path)
        if p.suffix.lower() in (".jsonl", ".json", ".ndjson"):
            with open(p, encoding="utf-8") as f:
                yield from _jsonl_articles(f, str(p))
        else:
            yield Article(p.stem, p.read_text(encoding="utf-8", errors="replace"))


# Articles analysed together (their sentences are parsed in one batch), so a long
# input streams in steps of this many articles.
CHUNK = 32


def records(articles: Iterable[Article]) -> Iterator[dict]:
    """One output line per article: {"id", "figures": [...], "candidates": [...]}, the
    figures in the GUIDELINES format plus start, end, rule and confidence."""
    articles = iter(articles)
    while chunk := list(islice(articles, CHUNK)):
        analyses = analyse_many(((a.text, a.published) for a in chunk), chunk=CHUNK)
        for article, analysis in zip(chunk, analyses, strict=True):
            yield {
                "id": article.id,
                "figures": [f.to_dict() for f in analysis.figures],
                "candidates": [c.to_dict() for c in analysis.candidates],
            }
