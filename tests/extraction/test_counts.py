"""Phrase cases: counts (cases/counts.json)."""

import pytest

from .phrases import check, load


@pytest.mark.parametrize("case", load("counts"))
def test_counts(case):
    check(case)
