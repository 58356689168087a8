"""Phrase cases: formations (cases/formations.json)."""

import pytest

from .phrases import check, load


@pytest.mark.parametrize("case", load("formations"))
def test_formations(case):
    check(case)
