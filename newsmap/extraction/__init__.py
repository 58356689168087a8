"""Deployment-figure extraction for NewsMap (pure Python, no Django).

    from newsmap.extraction import extract
    figures = extract(text, published=datetime.date(2022, 3, 4))

See /work/shared/eval/GUIDELINES.md (copied to tests/data/eval/) for the
contract: what a figure is and the meaning of every field.
"""

from .extractor import EXTRACTOR_VERSION, KINDS, MEASURES, QUALIFIERS, STATUSES, Figure, extract
from .gazetteer import load_country_data

__all__ = [
    "EXTRACTOR_VERSION",
    "KINDS",
    "MEASURES",
    "QUALIFIERS",
    "STATUSES",
    "Figure",
    "extract",
    "load_country_data",
]
