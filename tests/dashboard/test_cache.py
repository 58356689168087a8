"""The dashboard's cache: keyed by the data version every review replaces, shared by every process.

Transactional tests: the version is replaced when a review commits, as in production.
"""

import os
import re
import subprocess
import sys
from datetime import date

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsmap import data_version
from newsmap.models import Figure
from tests.admin_forms import change_form_data, confirm_bulk
from tests.conftest import ROOT
from tests.test_tasks import database_url

from .conftest import make_figure

pytestmark = pytest.mark.django_db(transaction=True)


def estimate_of_poland(client) -> str:
    html = client.get("/").content.decode()
    return re.search(r">Poland</a>.*?<td class=\"num\"[^>]*>([\d,]+)</td>", html, re.S)[1]


def test_an_approval_shows_at_once(client, editor_client):
    make_figure("US", ["PL"], 10_000, date(2025, 1, 10))
    proposal = make_figure("US", ["PL"], 11_000, date(2025, 3, 1), review="proposed")
    assert estimate_of_poland(client) == "10,000"
    assert estimate_of_poland(client) == "10,000"  # now from the cache

    response = confirm_bulk(
        editor_client,
        reverse("admin:newsmap_figure_changelist"),
        {"action": "approve", "_selected_action": [proposal.pk], f"version-{proposal.pk}": proposal.version},
    )
    assert "Approved 1 figure" in response.content.decode()
    assert estimate_of_poland(client) == "11,000"


def test_a_corrected_count_shows_at_once(client, editor_client):
    figure = make_figure("US", ["PL"], 10_000, date(2025, 1, 10))
    assert estimate_of_poland(client) == "10,000"
    url = reverse("admin:newsmap_figure_change", args=[figure.pk])
    data = change_form_data(editor_client.get(url))
    data["count"] = "12500"
    assert editor_client.post(url, data).status_code == 302
    assert estimate_of_poland(client) == "12,500"
    # And its sentence, in the table of latest figures, when only that changes.
    data = change_form_data(editor_client.get(url))
    data["sentence"] = figure.sentence
    data["count"] = "12600"
    editor_client.post(url, data)
    assert "12,600" in client.get("/").content.decode()


def test_a_warm_page_reads_no_figures_and_counts_nothing(client):
    make_figure("US", ["PL"], 10_000, date(2025, 1, 10))
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [q["sql"] for q in queries if "newsmap_figure" in q["sql"] or "COUNT(" in q["sql"].upper()]


def test_a_review_in_another_process_shows_here_at_once(client):
    """What a worker or another web server commits reaches this process's cache: the version is shared."""
    make_figure("US", ["PL"], 10_000, date(2025, 1, 10))
    proposal = make_figure("US", ["PL"], 11_000, date(2025, 3, 1), review="proposed")
    assert estimate_of_poland(client) == "10,000"
    script = (
        "from newsmap import review; from newsmap.models import Figure; "
        f"review.decide(Figure.objects.filter(pk={proposal.pk}), 'approved', None, review.BULK_APPROVE)"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env={**environment, "DEBUG": "1", "DATABASE_URL": database_url()},
        check=True,
        timeout=120,
    )
    assert Figure.objects.get(pk=proposal.pk).review == "approved"
    assert estimate_of_poland(client) == "11,000"


@pytest.fixture
def redis_cache(settings):
    """The cache on Redis (db 15, a prefix of its own): what production runs with REDIS_URL set."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"newsmap-test-{os.getpid()}",
        }
    }
    cache = caches["default"]
    try:
        cache.get("probe")
    except Exception as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis at {url}: {error}")
    # Only this test's keys: Redis is shared, so never clear() (FLUSHDB) it.
    cache.delete_pattern("*")
    yield cache
    cache.delete_pattern("*")


def test_with_redis_an_approval_shows_at_once(client, editor, redis_cache):
    from newsmap import review

    make_figure("US", ["PL"], 10_000, date(2025, 1, 10))
    proposal = make_figure("US", ["PL"], 11_000, date(2025, 3, 1), review="proposed")
    assert estimate_of_poland(client) == "10,000"
    version = redis_cache.get(data_version.KEY)
    assert version is not None
    review.decide(Figure.objects.filter(pk=proposal.pk), "approved", editor, review.BULK_APPROVE)
    assert redis_cache.get(data_version.KEY) != version
    assert estimate_of_poland(client) == "11,000"


def test_a_cached_page_carries_each_answers_own_nonce(client):
    make_figure("US", ["PL"], 10_000, date(2025, 1, 10))
    nonces = []
    for _ in range(2):
        response = client.get("/")
        header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
        assert f'nonce="{header}"' in response.content.decode()
        nonces.append(header)
    assert nonces[0] != nonces[1]
    assert "__newsmap_nonce__" not in response.content.decode()
