"""Phrase cases: changes (cases/changes.json)."""

import pytest

from .phrases import check, load


@pytest.mark.parametrize("case", load("changes"))
def test_changes(case):
    check(case)
