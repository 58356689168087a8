"""Phrase cases: hosts (cases/hosts.json)."""

import pytest

from .phrases import check, load


@pytest.mark.parametrize("case", load("hosts"))
def test_hosts(case):
    check(case)
