"""The review desk in a real browser: the queue driven by the keyboard, possible figures, bulk confirmation."""

import pytest

from newsmap.models import Figure, Review
from tests.browser.admin_pages import log_in, seed_article

# Transactional: the live server runs in another thread and must see the test's rows.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CURRENT = "[data-queue-row].current"


@pytest.fixture
def article(editor):
    return seed_article()


def row_of(page, figure):
    return page.locator(f"#queue-figure-{figure.pk}")


def test_the_queue_is_reviewed_with_the_keyboard(watched, live_server, article, editor):
    page = watched.page
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/admin/newsmap/figure/review/?order=article&article={article.pk}")
    figures = list(Figure.objects.review_queue("article").filter(article=article))
    assert len(figures) >= 4
    first, second, third, fourth = figures[:4]
    assert page.locator(CURRENT).get_attribute("id") == f"queue-figure-{first.pk}"

    page.keyboard.press("a")  # approve the first: the next one waiting becomes current
    page.wait_for_selector(f"#queue-figure-{first.pk}[data-state=approved]")
    page.wait_for_selector(f"#queue-figure-{second.pk}.current")
    page.keyboard.press("r")
    page.wait_for_selector(f"#queue-figure-{second.pk}[data-state=rejected]")
    page.wait_for_selector(f"#queue-figure-{third.pk}.current")
    page.keyboard.press("j")
    page.wait_for_selector(f"#queue-figure-{fourth.pk}.current")
    page.keyboard.press("k")
    page.wait_for_selector(f"#queue-figure-{third.pk}.current")

    page.keyboard.press("e")  # edit: the count has the focus; Enter saves and approves
    count = page.locator(f"#id_figure-{third.pk}-count")
    count.wait_for()
    assert page.evaluate("() => document.activeElement.id") == f"id_figure-{third.pk}-count"
    old = third.count
    count.fill(str((old or 0) + 1))
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#queue-figure-{third.pk}[data-state=approved]")
    row = row_of(page, third).inner_text()
    assert "Saved and approved." in row
    if old is not None:
        assert f"extractor proposed: {old:,}" in row
        # The highlight still marks the sentence's own number.
        assert row_of(page, third).locator("mark.figure-number").inner_text().replace(",", "") == str(old)

    page.wait_for_selector(f"#queue-figure-{fourth.pk}.current")
    page.keyboard.press("u")  # nothing to undo on a proposed figure: the key does nothing
    page.keyboard.press("k")
    page.wait_for_selector(f"#queue-figure-{third.pk}.current")
    page.keyboard.press("u")
    page.wait_for_selector(f"#queue-figure-{third.pk}[data-state=proposed]")

    for figure in (first, second, third):
        figure.refresh_from_db()
    assert (first.review, second.review, third.review) == (Review.APPROVED, Review.REJECTED, Review.PROPOSED)
    assert third.edited and third.count == (old or 0) + 1
    reasons = list(third.history.values_list("history_change_reason", "review", "history_user__username"))
    assert reasons[:2] == [("review queue: undone", "proposed", "editor"), ("review queue", "approved", "editor")]
    assert first.history.first().history_change_reason == "review queue"
    assert second.history.first().history_user == editor
    assert not watched.errors and not watched.foreign
