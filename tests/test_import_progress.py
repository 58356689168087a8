"""An import's progress page (/admin/newsmap/article/import/<id>/): its articles pending, done and failed."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from newsmap.models import Article, ImportBatch
from newsmap.tasks import extract_articles
from tests.conftest import Proposal

pytestmark = pytest.mark.django_db

# Both articles hold the sentence the scripted extraction proposes a figure for.
LINES = (
    '{"title": "Estonia", "text": "Britain sent 800 troops to Estonia."}\n'
    '{"title": "Again", "text": "Britain sent 800 troops to Estonia. They arrived on Monday."}\n'
    '{"title": "Future", "text": "Other.", "date": "2999-01-01"}\n'
)


@pytest.fixture
def imported(editor_client, scripted_extraction):
    """The import posted: its articles wait for the worker, which has not run yet."""
    scripted_extraction.proposals = [Proposal("GB", ("EE",), 800, "Britain sent 800 troops to Estonia.")]
    upload = SimpleUploadedFile("batch.jsonl", LINES.encode())
    response = editor_client.post(reverse("admin:newsmap_article_import"), {"files": [upload]})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "admin:newsmap_article_import_progress", args=[batch.pk]
    )
    return batch


def counts(html) -> dict[str, int]:
    return {state: int(re.search(rf'class="count-{state}">(\d+)<', html)[1]) for state in ("pending", "done", "failed")}


def test_while_the_worker_runs_the_page_polls(editor_client, imported):
    html = editor_client.get(reverse("admin:newsmap_article_import_progress", args=[imported.pk])).content.decode()
    assert counts(html) == {"pending": 2, "done": 0, "failed": 0}
    assert 'hx-trigger="every 1s"' in html and 'data-state="running"' in html
    assert "batch.jsonl" in html and "2 imported" in html
    assert set(Article.objects.values_list("import_batch", flat=True)) == {imported.pk}


def test_polled_by_htmx_it_returns_the_counts_alone_and_stops_when_done(editor_client, imported, editor):
    article_ids = list(imported.articles.order_by("pk").values_list("pk", flat=True))
    extract_articles.call(article_ids, "import")
    url = reverse("admin:newsmap_article_import_progress", args=[imported.pk])
    html = editor_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert html.lstrip().startswith('<section id="import-progress"') and "<html" not in html
    assert counts(html) == {"pending": 0, "done": 2, "failed": 0}
    assert 'data-state="done"' in html and "hx-trigger" not in html
    assert "2 figures proposed, 2 still waiting for review" in html
    assert f"{reverse('admin:newsmap_figure_review')}?batch={imported.pk}" in html


def test_failed_articles_are_linked_with_their_errors(editor_client, imported, scripted_extraction):
    scripted_extraction.error = RuntimeError("the parser fell over")
    extract_articles.call(list(imported.articles.values_list("pk", flat=True)), "import")
    html = editor_client.get(reverse("admin:newsmap_article_import_progress", args=[imported.pk])).content.decode()
    assert counts(html) == {"pending": 0, "done": 0, "failed": 2}
    link = reverse("admin:newsmap_article_change", args=[Article.objects.get(title="Estonia").pk])
    assert f'<a href="{link}">Estonia</a>: RuntimeError: the parser fell over' in html


def test_refused_lines_are_shown_readably(editor_client, scripted_extraction):
    scripted_extraction.proposals = []
    Article.objects.create(title="Stored", body="Britain sent 800 troops to Estonia. They arrived on Monday.")
    upload = SimpleUploadedFile(
        "more.jsonl", (LINES + '{"title": "<b>bold</b>", "text": "Five.", "url": "bad"}\n').encode()
    )
    response = editor_client.post(reverse("admin:newsmap_article_import"), {"files": [upload]}, follow=True)
    html = response.content.decode()
    stored = Article.objects.get(title="Stored")
    # A link is a link, not markup shown as text; what the file said is escaped.
    assert (
        f'This text has already been imported as <a href="/admin/newsmap/article/{stored.pk}/change/">Stored</a>.'
        in html
    )
    assert "&lt;a href" not in html
    assert "<strong>more.jsonl line 3</strong>: Published: The publication date" in html
    assert "<strong>more.jsonl line 4</strong>: URL: Enter a valid URL." in html
    assert "<b>bold</b>" not in html
    assert "Not imported (3)" in html


def test_the_queue_filtered_to_an_import(editor_client, imported):
    extract_articles.call(list(imported.articles.values_list("pk", flat=True)), "import")
    html = editor_client.get(reverse("admin:newsmap_figure_review"), {"batch": imported.pk}).content.decode()
    assert "2 proposed figures waiting" in html and f"import {imported.pk}" in html


def test_an_unknown_import(editor_client):
    assert editor_client.get(reverse("admin:newsmap_article_import_progress", args=[999])).status_code == 404
