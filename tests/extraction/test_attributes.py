"""Phrase cases: attributes (cases/attributes.json)."""

import pytest

from .phrases import check, load


@pytest.mark.parametrize("case", load("attributes"))
def test_attributes(case):
    check(case)
