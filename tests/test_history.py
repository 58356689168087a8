"""Every change to a figure is on record: who, when, which action, old → new, shown in the admin."""

import html as html_lib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from newsmap.ingest import run_extraction
from newsmap.models import Article, Figure
from tests.admin_forms import change_form_data, confirm_bulk
from tests.conftest import Proposal

pytestmark = pytest.mark.django_db

BODY = "The US has moved 3,000 troops to Poland. Britain sent 800 troops to Estonia."
US = Proposal("US", ("PL",), 3000, "The US has moved 3,000 troops to Poland.")
GB = Proposal("GB", ("EE",), 800, "Britain sent 800 troops to Estonia.")


def history_rows(page: str) -> list[str]:
    """The rows of the history table, as plain text."""
    table = page.split('<table class="figure-history">')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    return [html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))).strip() for row in rows]


@pytest.fixture
def article(scripted_extraction):
    scripted_extraction.proposals = [US, GB]
    article = Article.objects.create(title="Moves", body=BODY)
    run_extraction(article)
    return article


def test_an_inline_edit_shows_old_and_new_on_the_figure_and_its_article(editor_client, article):
    url = reverse("admin:newsmap_article_change", args=[article.pk])
    data = change_form_data(editor_client.get(url))
    us = article.figures.get(contributor="US")
    index = next(i for i in range(2) if int(data[f"figures-{i}-id"]) == us.pk)
    data[f"figures-{index}-count"] = "3500"
    data[f"figures-{index}-hosts"] = ["PL", "RO"]
    assert editor_client.post(url, data).status_code == 302

    page = editor_client.get(url).content.decode()
    newest = history_rows(page)[0]
    assert "editor inline edit US → PL,RO" in newest
    assert "count: 3,000 → 3,500" in newest and "hosts: PL → PL,RO" in newest and "edited: no → yes" in newest
    # The extractor's proposal stays visible beside the correction.
    assert "the extractor proposed" in page
    assert re.search(r"<strong>count:</strong> 3,000 \(now 3,500\)", page)

    figure_page = editor_client.get(reverse("admin:newsmap_figure_change", args=[us.pk])).content.decode()
    rows = history_rows(figure_page)
    assert rows[0].startswith(newest[:20]) and "count: 3,000 → 3,500" in rows[0]
    assert "extractor extraction" in rows[-1] and "count: 3,000" in rows[-1]
    # simple-history's own history page lists the same change.
    history = editor_client.get(reverse("admin:newsmap_figure_history", args=[us.pk])).content.decode()
    assert "inline edit" in history and "3000" in history and "3500" in history


def test_a_bulk_approval_is_on_record_for_each_figure(editor_client, article, editor):
    response = confirm_bulk(
        editor_client,
        reverse("admin:newsmap_article_changelist"),
        {"action": "approve_proposals", "_selected_action": [article.pk]},
    )
    assert "Approved 2 figure(s)." in response.content.decode()
    for figure in article.figures.all():
        record = figure.history.first()
        assert (record.history_user, record.history_change_reason, record.review) == (
            editor,
            "bulk approve",
            "approved",
        )
        assert {"review", "reviewed_at", "reviewed_by"} <= set(record.diff_against(record.prev_record).changed_fields)
    rows = history_rows(editor_client.get(reverse("admin:newsmap_article_change", args=[article.pk])).content.decode())
    assert sum("editor bulk approve" in row and "review: proposed → approved" in row for row in rows) == 2


def test_re_extraction_refreshes_and_withdrawals_are_on_record(editor_client, article, scripted_extraction):
    scripted_extraction.proposals = [Proposal(**{**US.__dict__, "status": "planned"})]
    editor_client.post(
        reverse("admin:newsmap_article_changelist"),
        {"action": "rerun_extraction", "_selected_action": [article.pk]},
    )
    rows = history_rows(editor_client.get(reverse("admin:newsmap_article_change", args=[article.pk])).content.decode())
    # The editor who ran it, and the action.
    assert any("editor re-extraction US → PL" in row and "status: present → planned" in row for row in rows)
    assert any("editor re-extraction: withdrawn GB → EE" in row and "deleted" in row for row in rows)
    assert Figure.history.filter(history_type="-", contributor_id="GB").exists()


def test_a_re_extraction_that_finds_the_same_figures_writes_nothing(article):
    before = Figure.history.count()
    outcome = run_extraction(article)
    assert (outcome.unchanged, outcome.updated) == (2, 0)
    assert Figure.history.count() == before


def test_an_import_is_on_record(editor_client, editor, scripted_extraction, django_capture_on_commit_callbacks):
    scripted_extraction.proposals = [GB]
    line = '{"title": "Estonia", "text": "Britain sent 800 troops to Estonia."}\n'
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            "/admin/newsmap/article/import/", {"files": [SimpleUploadedFile("a.jsonl", line.encode())]}, follow=True
        )
    article = Article.objects.get()
    record = article.history.get()
    assert (record.history_user, record.history_change_reason) == (editor, "import")
    # The background extraction ran here in the test (eager callbacks run the task's enqueue only).
    from newsmap.tasks import extract_article

    extract_article.call(article.pk, "import")
    assert article.figures.get().history.get().history_change_reason == "import"
