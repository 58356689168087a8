"""Phrase cases: ellipsis (cases/ellipsis.json)."""

import pytest

from .phrases import check, load


@pytest.mark.parametrize("case", load("ellipsis"))
def test_ellipsis(case):
    check(case)
