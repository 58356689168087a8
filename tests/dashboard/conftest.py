"""Fixtures for the dashboard's tests: hand-made articles and figures."""

import itertools
from datetime import date

import pytest

from newsmap.models import Article, Figure

_serial = itertools.count(1)


def make_article(published=date(2025, 1, 1), body=None, **fields):
    number = next(_serial)
    return Article.objects.create(
        title=fields.pop("title", f"Article {number}"),
        outlet=fields.pop("outlet", "Test Times"),
        url=fields.pop("url", f"https://news.example/{number}"),
        published=published,
        body=body if body is not None else f"Article {number} body.",
        **fields,
    )


def make_figure(
    contributor="US",
    hosts=("PL",),
    count=1000,
    published=date(2025, 1, 1),
    *,
    article=None,
    sentence=None,
    review="approved",
    **fields,
):
    """An approved troops figure, present total by default, in its own article unless one is given."""
    if sentence is None:
        sentence = f"{contributor or 'Someone'} has {count:,} troops in {' and '.join(hosts)}." if count else "Troops."
    if article is None:
        article = make_article(published, body=f"Report {next(_serial)}. {sentence} More to follow.")
    start = article.body.find(sentence)
    figure = Figure(
        article=article,
        contributor_id=contributor,
        count=count,
        sentence=sentence,
        sentence_start=max(start, 0),
        sentence_end=max(start, 0) + len(sentence),
        review=review,
        **fields,
    )
    figure.set_hosts(hosts)
    figure.save()
    figure.set_hosts(hosts)
    return figure


@pytest.fixture
def figure_factory(db):
    return make_figure


@pytest.fixture
def article_factory(db):
    return make_article
