"""Exports are streamed: written a chunk at a time as the rows are read, the content the same as one read whole."""

import csv
import io
import json
from datetime import date, timedelta

import pytest

from newsmap.dashboard import exports as dashboard
from newsmap.models import Figure

from .conftest import make_article

pytestmark = pytest.mark.django_db

ROWS = 2 * dashboard.EXPORT_CHUNK + 17


@pytest.fixture
def many_figures():
    """More approved figures than two chunks, in bulk (the export reads the table, not the kept estimates)."""
    article = make_article(date(2024, 1, 1), body="Britain sent 800 troops to Estonia.", title="=Risky title")
    figures = [
        Figure(
            article=article,
            contributor_id="GB" if n % 3 else None,
            hosts_key="EE",
            count=800 + n,
            sentence=("=cmd|' /C calc'!A0 " if n == 5 else "") + f"Britain sent {800 + n} troops to Estonia.",
            sentence_start=0,
            sentence_end=10,
            published=date(2024, 1, 1) + timedelta(days=n % 400),
            review="approved",
            exercise=n % 7 == 0,
        )
        for n in range(ROWS)
    ]
    Figure.objects.bulk_create(figures)
    return article


def streamed(client, query):
    response = client.get(f"/?{query}")
    assert response.status_code == 200 and response.streaming
    chunks = [chunk for chunk in response.streaming_content]
    return chunks, b"".join(chunks).decode()


def test_the_csv_export_is_streamed_in_chunks_with_every_row(client, many_figures):
    chunks, text = streamed(client, "format=csv&exercises=on")
    assert len(chunks) >= 3  # the header, then the rows as they are read
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == ROWS
    assert [row["figure_id"] for row in rows] == [
        str(pk) for pk in Figure.objects.order_by("published", "pk").values_list("pk", flat=True)
    ]
    first = rows[0]
    assert first["published"] == "2024-01-01" and first["contributor"] == "" and first["hosts"] == "EE"
    assert first["exercise"] == "True" and first["count_max"] == ""
    assert first["article_title"] == "'=Risky title"  # quoted for a spreadsheet, in every row
    risky = next(row for row in rows if row["count"] == "805")
    assert risky["sentence"].startswith("'=cmd|")
    assert first["newsmap_url"] == f"http://testserver/articles/{many_figures.pk}/"


def test_the_json_export_is_streamed_and_exact(client, many_figures):
    chunks, text = streamed(client, "format=json&exercises=on")
    assert len(chunks) >= 3
    rows = json.loads(text)
    assert len(rows) == ROWS
    risky = next(row for row in rows if row["count"] == 805)
    assert risky["sentence"].startswith("=cmd|")  # JSON is not read by spreadsheets: exact
    assert rows[0]["exercise"] is True and rows[0]["count_max"] is None and rows[0]["contributor"] == ""
    assert rows[0]["article_title"] == "=Risky title"


def test_filters_apply_to_the_streamed_export(client, many_figures):
    _, text = streamed(client, "format=csv")  # exercises left out by default
    assert len(list(csv.DictReader(io.StringIO(text, newline="")))) == sum(n % 7 != 0 for n in range(ROWS))
    _, text = streamed(client, "format=csv&exercises=on&start=2024-12-01")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows and all(row["published"] >= "2024-12-01" for row in rows)
