"""Deployment-figure extraction for NewsMap (pure Python, no Django).

    from newsmap.extraction import analyse, extract
    figures = extract(text, published=datetime.date(2022, 3, 4))
    analysis = analyse(text, published)  # .figures and .candidates

See tests/data/eval/GUIDELINES.md for the contract (what a figure is and the
meaning of every field) and README.md in this folder for how it is found.
"""

from .extractor import (
    EXTRACTOR_VERSION,
    KINDS,
    MEASURES,
    QUALIFIERS,
    STATUSES,
    Analysis,
    Candidate,
    Figure,
    analyse,
    analyse_many,
    extract,
)
from .gazetteer import load_country_data

__all__ = [
    "EXTRACTOR_VERSION",
    "KINDS",
    "MEASURES",
    "QUALIFIERS",
    "STATUSES",
    "Analysis",
    "Candidate",
    "Figure",
    "analyse",
    "analyse_many",
    "extract",
    "load_country_data",
]
