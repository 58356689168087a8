"""Phrase cases: articles (cases/articles.json)."""

import pytest

from .phrases import check, load


@pytest.mark.parametrize("case", load("articles"))
def test_articles(case):
    check(case)
