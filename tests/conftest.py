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


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The dashboard caches rendered fragments and filter lists; a test must never see another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def scripted_extraction(monkeypatch):
    """Make extraction return the proposals a test sets: `scripted_extraction.proposals = [...]`."""

    class Script:
        proposals: list[Proposal] = []
        error: Exception | None = None

        def __call__(self, text, published=None):
            if self.error:
                raise self.error
            located = []
            for proposal in self.proposals:
                start = text.find(proposal.sentence)
                located.append(replace(proposal, start=start, end=start + len(proposal.sentence)))
            return located

    script = Script()
    monkeypatch.setattr(extraction, "extract", script, raising=False)
    monkeypatch.setattr(extraction, "EXTRACTOR_VERSION", "scripted", raising=False)
    return script


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", password="correct horse battery")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def seed_text():
    return SEED_ARTICLE.read_text(encoding="utf-8")
