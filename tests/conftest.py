"""Fixtures shared by the application's tests."""

from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from django.core.cache import cache

from newsmap import extraction

ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLE = ROOT / "seeds" / "000_9525ceed15631607.txt"


@dataclass(frozen=True)
class Proposal:
    """A stand-in for the extractor's Figure, for tests that script what extraction returns."""

    contributor: str | None
    hosts: tuple[str, ...]
    count: int | None
    sentence: str
    start: int = 0
    end: int = 0
    count_max: int | None = None
    qualifier: str = "exact"
    measure: str = "total"
    status: str = "present"
    kind: str = "troops"
    exercise: bool = False
    rule: str = "scripted"
    confidence: float = 0.9


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """The dashboard caches rendered fragments and filter lists; a test must never see another's.

    The cache is the database's (or Redis with REDIS_URL), so only tests with a database have one.
    """
    if request.node.get_closest_marker("django_db") is None and not {"db", "transactional_db"} & set(
        request.fixturenames
    ):
        yield
        return
    request.getfixturevalue("_django_db_helper")  # the database is set up before the cache is cleared
    clear_cache()
    yield
    clear_cache()


def clear_cache():
    # With REDIS_URL set, Redis is shared with others: delete this site's keys (its prefix), never FLUSHDB.
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()


@pytest.fixture
def scripted_extraction(monkeypatch):
    """Make extraction return the proposals a test sets: `scripted_extraction.proposals = [...]`."""

    class Script:
        proposals: list[Proposal] = []
        candidates: list[str] = []  # the sentences it lists as possible figures
        error: Exception | None = None

        def __call__(self, text, published=None):
            if self.error:
                raise self.error
            located = []
            for proposal in self.proposals:
                start = text.find(proposal.sentence)
                located.append(replace(proposal, start=start, end=start + len(proposal.sentence)))
            return located

        def analyse(self, text, published=None):
            candidates = [
                extraction.Candidate(sentence, text.find(sentence), text.find(sentence) + len(sentence))
                for sentence in self.candidates
                if sentence in text
            ]
            return extraction.Analysis(self(text, published), candidates)

        def analyse_many(self, items):
            for text, published in items:
                yield self.analyse(text, published)

    script = Script()
    monkeypatch.setattr(extraction, "analyse", script.analyse, raising=False)
    monkeypatch.setattr(extraction, "analyse_many", script.analyse_many, raising=False)
    monkeypatch.setattr(extraction, "EXTRACTOR_VERSION", "scripted", raising=False)
    return script


def member_of(django_user_model, username: str, group: str):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username, password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(django_user_model):
    """A member of the Editors group, as `ensure_editor` makes one: staff, not superuser."""
    return member_of(django_user_model, "editor", "Editors")


@pytest.fixture
def reviewer(django_user_model):
    return member_of(django_user_model, "reviewer", "Reviewers")


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", password="correct horse battery")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def seed_text():
    return SEED_ARTICLE.read_text(encoding="utf-8")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put back the rows the migrations made after a transactional test's flush.

    Transactional tests end with a flush that also empties the Country table and the
    role groups that data migrations filled; tests that run later expect them.
    """
    result = yield
    # After the session's last test the test database is gone: nothing to restore then.
    marker = item.get_closest_marker("django_db")
    transactional = "transactional_db" in item.fixturenames or (marker and marker.kwargs.get("transaction"))
    if transactional and nextitem is not None:
        from django.contrib.auth.models import Group, Permission
        from pytest_django.plugin import blocking_manager_key

        from newsmap.countries import sync_countries
        from newsmap.models import Country
        from newsmap.roles import sync_roles

        with item.config.stash[blocking_manager_key].unblock():
            if not Country.objects.filter(code="PL").exists():
                sync_countries(Country)
            sync_roles(Group, Permission)
    return result
