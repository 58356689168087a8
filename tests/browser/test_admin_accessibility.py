"""axe-core (tests/browser/vendor) finds no critical or serious violation on the admin pages NewsMap adds or changes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from newsmap.models import Figure, ImportBatch
from tests.browser.admin_pages import axe_violations, log_in, seed_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def article(editor):
    return seed_article()


@pytest.fixture
def batch(editor):
    client = Client()
    client.force_login(editor)
    line = b'{"title": "Estonia", "text": "Britain sent 800 troops to Estonia."}\n{"text": "Bad.", "url": "x"}\n'
    client.post("/admin/newsmap/article/import/", {"files": [SimpleUploadedFile("a.jsonl", line)]})
    return ImportBatch.objects.get()


def test_no_serious_violation(watched, live_server, article, batch):
    page = watched.page
    log_in(page, live_server, "editor")
    figure = Figure.objects.filter(article=article).first()
    pages = {
        "article list": "/admin/newsmap/article/",
        "article change page": f"/admin/newsmap/article/{article.pk}/change/",
        "article add page": "/admin/newsmap/article/add/",
        "import": "/admin/newsmap/article/import/",
        "import progress": f"/admin/newsmap/article/import/{batch.pk}/",
        "figure list": "/admin/newsmap/figure/",
        "figure change page": f"/admin/newsmap/figure/{figure.pk}/change/",
        "figure add page": "/admin/newsmap/figure/add/",
        "figure history": f"/admin/newsmap/figure/{figure.pk}/history/",
        "article history": f"/admin/newsmap/article/{article.pk}/history/",
        "review queue": "/admin/newsmap/figure/review/",
    }
    found = {}
    for name, path in pages.items():
        page.goto(live_server.url + path)
        found[name] = axe_violations(page)
    # The queue with a figure open for editing.
    page.goto(f"{live_server.url}/admin/newsmap/figure/review/")
    page.keyboard.press("e")
    page.wait_for_selector('.queue-row.editing input[name$="-count"]')
    found["review queue, editing"] = axe_violations(page)
    # A bulk decision's confirmation page.
    page.goto(f"{live_server.url}/admin/newsmap/article/")
    page.check(f"input[name=_selected_action][value='{article.pk}']")
    page.select_option("select[name=action]", "approve_proposals")
    page.click("button[name=index]")
    page.wait_for_selector("input[name=confirmed]", state="attached")
    found["bulk confirmation"] = axe_violations(page)
    assert not any(found.values()), {name: v for name, v in found.items() if v}
