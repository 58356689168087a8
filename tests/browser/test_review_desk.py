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

    waiting = len(figures)
    assert page.inner_text("#queue-count") == f"{waiting} proposed figures waiting"
    page.keyboard.press("a")  # approve the first: the next one waiting becomes current
    page.wait_for_selector(f"#queue-figure-{first.pk}[data-state=approved]")
    page.wait_for_selector(f"#queue-figure-{second.pk}.current")
    assert page.inner_text("#queue-count") == f"{waiting - 1} proposed figures waiting"
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
    page.wait_for_function(f"() => document.activeElement.id === 'id_figure-{third.pk}-count'")
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


def test_a_figure_is_made_from_a_possible_figure(watched, live_server, article, editor):
    page = watched.page
    log_in(page, live_server, "editor")
    candidate = article.candidates.first()
    assert candidate is not None, "the seed article has a sentence the extractor was unsure of"
    page.goto(f"{live_server.url}/admin/newsmap/figure/review/?article={article.pk}")
    listed = page.locator(f"#candidate-{candidate.pk}")
    assert candidate.sentence[:40] in listed.inner_text()
    listed.get_by_role("link", name="Make a figure").click()
    page.wait_for_url("**/admin/newsmap/figure/add/**")
    assert page.input_value("#id_sentence") == candidate.sentence
    # The extractor read no sender or host in it: the editor picks them in the autocomplete boxes.
    for field, name in (("contributor", "United Kingdom"), ("hosts", "Estonia")):
        page.click(f"#id_{field} + .select2-container")
        # type once the box's search field is open and focused (slow machines open it late)
        search = page.locator(".select2-container--open .select2-search__field")
        search.wait_for()
        search.press_sequentially(name)
        page.wait_for_selector(f".select2-results__option:has-text('{name}')")
        page.keyboard.press("Enter")
    page.fill("#id_count", "1000")
    page.click("input[name=_approve]")
    page.wait_for_url("**/admin/newsmap/figure/")
    figure = Figure.objects.get(rule="editor")
    assert (figure.contributor_id, figure.hosts_key, figure.count, figure.review) == ("GB", "EE", 1000, "approved")
    assert figure.history.get().history_change_reason == "added from a possible figure"
    candidate.refresh_from_db()
    assert candidate.state == "used" and candidate.figure == figure

    page.goto(f"{live_server.url}/admin/newsmap/article/{article.pk}/change/")
    assert "A figure was made from it" in page.locator(f"#candidate-{candidate.pk}").inner_text()
    assert not watched.errors and not watched.foreign


def test_a_bulk_approval_goes_through_its_confirmation_page(watched, live_server, article, editor):
    page = watched.page
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/admin/newsmap/article/")
    page.check(f"input[name=_selected_action][value='{article.pk}']")
    page.select_option("select[name=action]", "approve_proposals")
    page.click("button[name=index]")
    proposed = list(Figure.objects.proposed().filter(article=article).order_by("sentence_start", "pk"))
    page.wait_for_selector("text=Approve these")
    listed = page.locator("ol.bulk-figures > li")
    assert listed.count() == len(proposed)
    for figure in proposed:
        assert figure.sentence[:30] in page.locator(f"#bulk-figure-{figure.pk} ~ blockquote").inner_text()
    assert Figure.objects.approved().count() == 0  # nothing decided before the editor confirms
    wrong = proposed[-1]
    page.uncheck(f"#bulk-figure-{wrong.pk}")
    page.click("input[type=submit][value^='Yes, approve']")
    page.wait_for_selector(f"text=Approved {len(proposed) - 1} figure(s).")
    reviews = dict(Figure.objects.filter(article=article).values_list("pk", "review"))
    assert reviews[wrong.pk] == Review.PROPOSED
    assert all(reviews[f.pk] == Review.APPROVED for f in proposed[:-1])
    assert Figure.objects.approved().first().history.first().history_change_reason == "bulk approve"
    assert not watched.errors and not watched.foreign
