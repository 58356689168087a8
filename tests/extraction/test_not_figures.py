"""Phrase cases: not figures (cases/not_figures.json)."""

import pytest

from .phrases import check, load


@pytest.mark.parametrize("case", load("not_figures"))
def test_not_figures(case):
    check(case)
