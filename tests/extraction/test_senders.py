"""Phrase cases: senders (cases/senders.json)."""

import pytest

from .phrases import check, load


@pytest.mark.parametrize("case", load("senders"))
def test_senders(case):
    check(case)
