"""An import in a real browser: its progress page follows the background worker until 'done', without a reload."""

import json

import pytest

from newsmap.models import Article, ImportBatch
from tests.browser.admin_pages import log_in
from tests.test_worker_faults import start_worker, stop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLES = [
    {
        "title": "Estonia",
        "text": "Britain is sending 800 more troops to Estonia, the ministry said.",
        "date": "2022-02-20",
    },
    {"title": "Poland", "text": "The US has moved 3,000 troops to Poland this week.", "date": "2022-02-21"},
    {"title": "Romania", "text": "France will send 500 soldiers to Romania.", "date": "2022-02-22"},
]


def test_the_progress_page_reaches_done(watched, live_server, editor, tmp_path):
    page = watched.page
    log_in(page, live_server, "editor")
    upload = tmp_path / "batch.jsonl"
    upload.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES) + '{"text": "Bad.", "url": "x"}\n')
    page.goto(f"{live_server.url}/admin/newsmap/article/import/")
    page.set_input_files("#id_files", str(upload))
    page.click("input[type=submit][value=Import]")
    batch = ImportBatch.objects.get()
    page.wait_for_url(f"**/admin/newsmap/article/import/{batch.pk}/")
    assert page.inner_text(".import-state") == "running"
    assert page.inner_text(".count-pending") == "3"
    assert "batch.jsonl line 4" in page.inner_text(".import-problems")
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))

    worker = start_worker()
    try:
        page.wait_for_selector(".import-state[data-state=done]", timeout=120_000)
    finally:
        output = stop(worker)
    assert not navigations, navigations  # htmx swapped the counts in: the page was never reloaded
    assert (page.inner_text(".count-pending"), page.inner_text(".count-done"), page.inner_text(".count-failed")) == (
        "0",
        "3",
        "0",
    ), output
    assert set(Article.objects.values_list("extraction_state", flat=True)) == {"done"}
    page.get_by_role("link", name="Review them in the queue").click()
    page.wait_for_selector("[data-queue-row]")
    assert page.locator("[data-queue-row]").count() >= 3
    assert not watched.errors and not watched.foreign
