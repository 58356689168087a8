"""An evidence sentence with its number marked, and an article with its figures' sentences marked.

All text is escaped here; shared by the dashboard's pages and the editors' admin.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

NUMBER = re.compile(r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?!\d)|\d+(?:\.\d+)?(?:\s*(?:thousand|million))?", re.IGNORECASE)


def _number_value(text: str) -> float | None:
    text = text.lower()
    scale = 1
    if "thousand" in text:
        scale, text = 1000, text.replace("thousand", "")
    elif "million" in text:
        scale, text = 1_000_000, text.replace("million", "")
    digits = re.sub(r"[,\u00a0\u202f ]", "", text.strip())
    try:
        return float(digits) * scale
    except ValueError:
        return None


def figure_span(sentence: str, count: int | None, count_max: int | None = None) -> tuple[int, int] | None:
    """Where the figure's number is written in its sentence, if it is written in digits."""
    wanted = {value for value in (count, count_max) if value is not None}
    for match in NUMBER.finditer(sentence):
        if _number_value(match.group()) in wanted:
            return match.span()
    return None


def extracted_count(figure) -> int | None:
    """The count the extractor first proposed, read from the figure's extracted key ("who|hosts|count")."""
    count = (getattr(figure, "extracted_key", "") or "").rpartition("|")[2]
    return int(count) if count.isdigit() else None


def highlighted_sentence(figure) -> SafeString:
    """The evidence sentence, escaped, with the figure's number marked.

    A corrected count is often not the sentence's own number ("5,000" corrected to 4,000):
    then the number the extractor read in it is marked.
    """
    span = figure_span(figure.sentence, figure.count, figure.count_max) or figure_span(
        figure.sentence, extracted_count(figure)
    )
    if span is None:
        return escape(figure.sentence)
    start, end = span
    return mark_safe(
        escape(figure.sentence[:start])
        + '<mark class="figure-number">'
        + escape(figure.sentence[start:end])
        + "</mark>"
        + escape(figure.sentence[end:])
    )


def sentence_bounds(article, figure) -> tuple[int, int] | None:
    body = article.body
    start, end = figure.sentence_start, figure.sentence_end
    if 0 <= start < end <= len(body) and body[start:end] == figure.sentence:
        return start, end
    found = body.find(figure.sentence) if figure.sentence else -1
    return (found, found + len(figure.sentence)) if found >= 0 else None


def highlighted_article(article, figures) -> SafeString:
    """The article body, escaped, with each figure's sentence marked (overlaps merged)."""
    spans: list[tuple[int, int, list[int]]] = []
    for figure in sorted(figures, key=lambda f: (f.sentence_start, f.pk)):
        bounds = sentence_bounds(article, figure)
        if bounds is None:
            continue
        start, end = bounds
        if spans and start < spans[-1][1]:
            last = spans[-1]
            spans[-1] = (last[0], max(last[1], end), [*last[2], figure.pk])
        else:
            spans.append((start, end, [figure.pk]))
    spans.sort()
    parts, position = [], 0
    for start, end, ids in spans:
        if start < position:
            continue
        parts.append(escape(article.body[position:start]))
        anchors = "".join(f'<span id="figure-{pk}"></span>' for pk in ids)
        parts.append(f'{anchors}<mark class="evidence">{escape(article.body[start:end])}</mark>')
        position = end
    parts.append(escape(article.body[position:]))
    return mark_safe("".join(parts))
