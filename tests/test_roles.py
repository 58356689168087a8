"""Roles: what an Editor, a Reviewer, a staff user with every permission and a superuser may do."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from newsmap.models import Article, Country, Figure, Review
from tests.admin_forms import confirm_bulk
from tests.dashboard.conftest import make_figure

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def published():
    """An article with an approved figure, and one with only a proposal."""
    approved = make_figure("US", ["PL"], 3000, date(2025, 1, 1))
    proposed = make_figure("GB", ["EE"], 800, date(2025, 1, 2), review="proposed")
    return approved, proposed


@pytest.fixture
def staff_with_every_permission(django_user_model):
    user = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="newsmap"))
    return user


def test_the_groups_hold_their_permissions(editor, reviewer):
    assert editor.has_perms(["newsmap.add_article", "newsmap.change_article", "newsmap.change_figure"])
    assert not editor.has_perm("newsmap.delete_figure") and not editor.has_perm("newsmap.change_country")
    assert reviewer.has_perms(["newsmap.view_article", "newsmap.change_figure"])
    for permission in ("add_article", "change_article", "delete_article", "add_figure", "delete_figure"):
        assert not reviewer.has_perm(f"newsmap.{permission}"), permission


def test_an_editor_adds_and_changes_articles_and_reviews(editor, published):
    approved, proposed = published
    client = logged_in(editor)
    assert client.get(reverse("admin:newsmap_article_add")).status_code == 200
    assert client.get(reverse("admin:newsmap_article_import")).status_code == 200
    assert client.get(reverse("admin:newsmap_article_change", args=[proposed.article_id])).status_code == 200
    confirm_bulk(
        client, reverse("admin:newsmap_figure_changelist"), {"action": "approve", "_selected_action": [proposed.pk]}
    )
    assert Figure.objects.get(pk=proposed.pk).review == Review.APPROVED


def test_a_reviewer_reviews_only(reviewer, published):
    approved, proposed = published
    client = logged_in(reviewer)
    assert client.get(reverse("admin:newsmap_article_add")).status_code == 403
    assert client.get(reverse("admin:newsmap_article_import")).status_code == 302  # back to the index
    assert client.post(reverse("admin:newsmap_figure_add"), {}).status_code == 403
    # The article page is read-only for a reviewer; its figures are reviewed from the figure list.
    page = client.get(reverse("admin:newsmap_article_change", args=[proposed.article_id])).content.decode()
    assert 'name="title"' not in page
    confirm_bulk(
        client, reverse("admin:newsmap_figure_changelist"), {"action": "reject", "_selected_action": [proposed.pk]}
    )
    assert Figure.objects.get(pk=proposed.pk).review == Review.REJECTED
    actions = client.get(reverse("admin:newsmap_article_changelist")).content.decode()
    assert "approve_proposals" in actions and "rerun_extraction" not in actions and "delete_selected" not in actions
    # No deleting of any kind.
    for url in (
        reverse("admin:newsmap_article_delete", args=[proposed.article_id]),
        reverse("admin:newsmap_figure_delete", args=[proposed.pk]),
    ):
        assert client.post(url, {"post": "yes"}).status_code == 403
    assert Article.objects.count() == 2 and Figure.objects.count() == 2


@pytest.mark.parametrize("who", ["editor", "staff_with_every_permission"])
def test_countries_are_read_only_below_superuser(who, request):
    client = logged_in(request.getfixturevalue(who))
    url = reverse("admin:newsmap_country_change", args=["PL"])
    assert client.get(url).status_code == 200  # viewable
    assert 'name="name"' not in client.get(url).content.decode()
    assert client.post(url, {"code": "PL", "name": "Renamed", "kind": "state"}).status_code == 403
    assert client.post(reverse("admin:newsmap_country_delete", args=["PL"]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:newsmap_country_add")).status_code == 403
    changelist = reverse("admin:newsmap_country_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": ["PL"], "post": "yes"})
    assert Country.objects.get(code="PL").name == "Poland"


def test_a_superuser_may_change_countries(superuser):
    client = logged_in(superuser)
    page = client.get(reverse("admin:newsmap_country_change", args=["PL"])).content.decode()
    assert 'name="name"' in page


@pytest.mark.parametrize("who", ["editor", "staff_with_every_permission"])
def test_deleting_published_work_is_refused_below_superuser(who, request, published):
    approved, proposed = published
    client = logged_in(request.getfixturevalue(who))
    assert (
        client.post(reverse("admin:newsmap_article_delete", args=[approved.article_id]), {"post": "yes"}).status_code
        == 403
    )
    response = client.post(
        reverse("admin:newsmap_article_changelist"),
        {"action": "delete_selected", "_selected_action": [approved.article_id, proposed.article_id], "post": "yes"},
    )
    assert "has approved figures" in response.content.decode()
    assert Article.objects.count() == 2
    # An article with nothing published may go, with its proposals.
    response = client.post(reverse("admin:newsmap_article_delete", args=[proposed.article_id]), {"post": "yes"})
    assert response.status_code == 302
    assert list(Article.objects.values_list("pk", flat=True)) == [approved.article_id]
    assert Figure.objects.filter(pk=approved.pk).exists()


def test_a_staff_user_with_every_permission_cannot_delete_an_approved_figure(staff_with_every_permission, published):
    approved, _ = published
    client = logged_in(staff_with_every_permission)
    assert client.post(reverse("admin:newsmap_figure_delete", args=[approved.pk]), {"post": "yes"}).status_code == 403
    assert Figure.objects.filter(pk=approved.pk).exists()


def test_a_superuser_may_delete_published_work(superuser, published):
    approved, _ = published
    client = logged_in(superuser)
    response = client.post(reverse("admin:newsmap_article_delete", args=[approved.article_id]), {"post": "yes"})
    assert response.status_code == 302
    assert not Figure.objects.filter(pk=approved.pk).exists()
    assert Figure.history.filter(id=approved.pk, history_type="-").exists()  # even that is on record


HTMX = {"HX-Request": "true", "HX-Target": "results"}


def test_the_dashboard_may_require_login(settings, client, published, reviewer):
    approved, _ = published
    settings.DASHBOARD_LOGIN_REQUIRED = True
    urls = ["/", "/?format=csv", "/?format=json", "/countries/PL/", f"/articles/{approved.article_id}/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next="), url
    fragment = client.get("/?status=present", headers=HTMX)
    assert fragment.status_code == 200 and fragment["HX-Redirect"].startswith("/accounts/login/")
    assert "map-data" not in fragment.content.decode()
    panel = client.get("/countries/PL/", headers={**HTMX, "HX-Target": "panel"})
    assert panel["HX-Redirect"].startswith("/accounts/login/")

    login = client.get(response["Location"])
    assert login.status_code == 200 and 'name="password"' in login.content.decode()
    client.force_login(reviewer)
    for url in urls:
        assert client.get(url).status_code == 200, url

    settings.DASHBOARD_LOGIN_REQUIRED = False
    client.logout()
    assert client.get("/").status_code == 200


def test_a_non_staff_analyst_logs_in_through_the_login_page(settings, client, django_user_model, published):
    settings.DASHBOARD_LOGIN_REQUIRED = True
    django_user_model.objects.create_user("analyst", password="correct horse battery")
    response = client.post(
        "/accounts/login/", {"username": "analyst", "password": "correct horse battery", "next": "/countries/PL/"}
    )
    assert response.status_code == 302 and response["Location"] == "/countries/PL/"
    assert client.get("/countries/PL/").status_code == 200
    assert client.get("/admin/").status_code == 302  # not staff: no admin
