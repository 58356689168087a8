"""The article-level merge (GUIDELINES, "The unit: one figure"): within one
article the same (contributor, hosts, count) is listed once — its surest
statement, the first on a tie — and a figure without a number only when no
figure with a number has the same contributor and hosts."""

from __future__ import annotations


def merge(figures: list) -> list:
    best: dict[tuple, object] = {}
    order: list[tuple] = []
    for figure in figures:
        key = figure.key
        if key not in best:
            best[key] = figure
            order.append(key)
        elif figure.confidence > best[key].confidence:
            best[key] = figure
    numbered_pairs = {(k[0], k[1]) for k in order if k[2] is not None}
    return [best[k] for k in order if k[2] is not None or (k[0], k[1]) not in numbered_pairs]
