"""Phrase cases kept as data (tests/extraction/cases/*.json, see its README), run through extract()."""

import datetime as dt
import json
from pathlib import Path

import pytest

from newsmap.extraction import extract

CASES = Path(__file__).resolve().parent / "cases"
DEFAULT_DATE = dt.date(2024, 6, 1)
KEY_FIELDS = ("contributor", "hosts", "count")


def load(name: str) -> list:
    """The cases of one file, as pytest parameters named by their text."""
    data = json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))
    return [
        pytest.param(case, id=case["text"][:70] + (f" @{case['date']}" if "date" in case else ""))
        for case in data["cases"]
    ]


def _key(figure: dict) -> tuple:
    return (figure["contributor"], tuple(figure["hosts"]), figure["count"])


def check(case: dict) -> None:
    published = dt.date.fromisoformat(case["date"]) if "date" in case else DEFAULT_DATE
    found = {f.key: f.to_dict() for f in extract(case["text"], published)}
    expected = {_key(f): f for f in case["figures"]}
    if case.get("contains"):
        assert expected.keys() <= found.keys(), (sorted(found), case.get("note", ""))
    else:
        assert found.keys() == expected.keys(), (sorted(found), case.get("note", ""))
    for key, figure in expected.items():
        for field, value in figure.items():
            if field not in KEY_FIELDS:
                assert found[key][field] == value, (key, field, found[key][field], value)
