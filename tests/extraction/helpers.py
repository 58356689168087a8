"""Small helpers shared by the extraction tests."""

import datetime as dt

from newsmap.extraction import extract


def keys(text, published=dt.date(2024, 6, 1)):
    """The (contributor, hosts, count) keys extract() proposes for ``text``."""
    return {(f.contributor, f.hosts, f.count) for f in extract(text, published)}


def one(text, published=dt.date(2024, 6, 1)):
    """The single figure in ``text`` (fails if there is not exactly one)."""
    figures = extract(text, published)
    assert len(figures) == 1, figures
    return figures[0]
