"""The editors' review desk: every proposed figure in one queue, decided from the keyboard.

Admin views (FigureAdmin.get_urls wires them behind the admin's login and permission
checks). One template, admin/newsmap/figure/review.html, serves the page and each
fragment htmx swaps in: the queue, a figure's row, its edit form, a possible figure.
Every decision goes through newsmap/review.py, so it is on the figure's record and
refused over a change the editor did not see.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.contrib.admin.widgets import AutocompleteSelect
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from newsmap import review
from newsmap.dashboard.evidence import highlighted_sentence
from newsmap.extraction.mentions import sentence_mentions
from newsmap.extraction.numbers import find_numbers
from newsmap.extraction.signals import PLACE_KINDS, SENDER_KINDS, possible_count
from newsmap.forms import QueueDecisionForm, ReviewQueueFilters
from newsmap.models import FIGURE_FIELDS, Candidate, CandidateState, Country, Figure, Review

TEMPLATE = "admin/newsmap/figure/review.html"
PAGE_SIZE = 50
CANDIDATES_SHOWN = 30
# The words before a name that make it the place forces go to or are in, rather than their sender.
HOST_WORDS = re.compile(r"\b(?:to|in|into|across|at|on|inside|towards?|throughout|within)\s+(?:the\s+)?$", re.I)
# What joins a name to the host named before it ("to Lithuania and Latvia").
LIST_WORDS = re.compile(r"(?:,|\band)\s*$")
# The word before a name that makes it neither the forces' place nor their sender ("allies near Russia").
OTHER_WORDS = re.compile(r"\b(?:near|from|against|by|of|with|over|between)\s+(?:the\s+)?$", re.I)


@dataclass
class QueueRow:
    """A proposed figure as the queue shows it."""

    figure: Figure
    evidence: str
    proposed: dict[str, str]  # the extractor's value of each field an editor corrected
    hosts: str
    message: str = ""
    stale: bool = False  # a decision was refused: the figure changed after the queue was loaded

    @property
    def decided(self) -> bool:
        return self.figure.review != Review.PROPOSED


def country_names() -> dict[str, str]:
    return dict(Country.objects.values_list("code", "name"))


def queue_row(figure: Figure, names: dict[str, str] | None = None, message: str = "", stale=False) -> QueueRow:
    names = names if names is not None else country_names()
    hosts = ", ".join(f"{names.get(code, code)} ({code})" for code in figure.hosts_key.split(",") if code)
    return QueueRow(
        figure=figure,
        evidence=highlighted_sentence(figure),
        proposed=review.proposed_values(figure) if figure.edited else {},
        hosts=hosts,
        message=message,
        stale=stale,
    )


def filter_widgets(form: ReviewQueueFilters, admin_site) -> None:
    """The article and country filters as the admin's autocomplete boxes (ranked by title for articles)."""
    for name, field_name in (("article", "article"), ("contributor", "contributor"), ("host", "hosts")):
        widget = AutocompleteSelect(Figure._meta.get_field(field_name), admin_site, attrs={"data-allow-clear": "true"})
        widget.choices = form.fields[name].choices
        form.fields[name].widget = widget


def review_queue(request: HttpRequest, model_admin):
    """The queue page, or (to htmx) the queue alone: proposed figures in the chosen order and filters."""
    form = ReviewQueueFilters(request.GET)
    filter_widgets(form, model_admin.admin_site)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Review proposed figures",
        "opts": model_admin.model._meta,
        "form": form,
        "media": model_admin.media + form.media,
        "can_add": model_admin.has_add_permission(request),
    }
    status = 200
    if form.is_valid():
        order = form.cleaned_data["order"] or "confidence"
        waiting = Figure.objects.review_queue(order).filtered(**form.filters()).select_related("article", "contributor")
        page = Paginator(waiting, PAGE_SIZE).get_page(form.cleaned_data["page"] or 1)
        names = country_names()
        query = {k: v for k, v in request.GET.items() if k != "page" and v}
        filters = form.filters()
        candidates = (
            Candidate.objects.open()
            .of_articles(filters["article"], filters["batch"], filters["start"], filters["end"])
            .select_related("article")
            .order_by("-article__published", "article_id", "sentence_start")
        )
        context.update(
            page=page,
            rows=[queue_row(figure, names) for figure in page.object_list],
            page_query=urlencode(query),
            candidates=[candidate_row(c) for c in candidates[:CANDIDATES_SHOWN]],
            candidates_total=candidates.count(),
            # A possible figure names no contributor or host: those filters leave it out.
            candidates_filtered_out=bool(filters["contributor"] or filters["host"]),
        )
    else:
        status = 400
        # The boxes show what was asked only when it is a valid choice (they look values up to label them).
        form.data = form.data.copy()
        for name in form.errors:
            form.data.pop(name, None)
    partial = "#queue" if request.htmx and not request.htmx.history_restore_request else ""
    return TemplateResponse(request, TEMPLATE + partial, context, status=status)


def waiting(request) -> int | None:
    """How many figures wait under the filters of the queue the request came from (htmx sends its URL)."""
    current = request.htmx.current_url if request.htmx else None
    if not current:
        return None
    form = ReviewQueueFilters(QueryDict(urlsplit(current).query))
    if not form.is_valid():
        return None
    return Figure.objects.review_queue().filtered(**form.filters()).count()


def _row_response(request, figure, message="", status=200, stale=False):
    row = queue_row(figure, message=message, stale=stale)
    context = {"row": row, "waiting": waiting(request)}
    return TemplateResponse(request, TEMPLATE + "#decided", context, status=status)


def _gone(request, pk):
    return TemplateResponse(request, TEMPLATE + "#gone", {"pk": pk})


@require_POST
def decide(request: HttpRequest, model_admin, pk: int):
    """Approve, reject or undo one figure from the queue: its row, as it is now."""
    if not Figure.objects.filter(pk=pk).exists():
        return _gone(request, pk)
    form = QueueDecisionForm(request.POST)
    if not form.is_valid():
        figure = Figure.objects.select_related("article", "contributor").get(pk=pk)
        return _row_response(request, figure, "That decision could not be read; nothing was changed.", status=400)
    decision, version = form.cleaned_data["decision"], form.cleaned_data["version"]
    reason = review.REVIEW_QUEUE_UNDO if decision == Review.PROPOSED else review.REVIEW_QUEUE
    outcome = review.decide(Figure.objects.filter(pk=pk), decision, request.user, reason, {pk: version})
    figure = Figure.objects.select_related("article", "contributor").filter(pk=pk).first()
    if figure is None:
        return _gone(request, pk)
    if outcome.stale:
        message = (
            f"Nothing was changed: this figure was {outcome.stale[0][1]}, after the queue was loaded. "
            "It is shown as it is now; decide again."
        )
        return _row_response(request, figure, message, stale=True)
    return _row_response(request, figure)


def edit(request: HttpRequest, model_admin, pk: int):
    """A figure's row as a form (GET), or the correction saved (POST), approved if the editor chose so."""
    figure = Figure.objects.select_related("article", "contributor").filter(pk=pk).first()
    if figure is None:
        return _gone(request, pk)
    if request.method == "POST" and "cancel" in request.POST:
        return _row_response(request, figure)
    Form = model_admin.get_form(request, figure, change=True, fields=[*FIGURE_FIELDS, "seen_version"])
    prefix = f"figure-{pk}"
    if request.method != "POST":
        form = Form(instance=figure, prefix=prefix)
        return TemplateResponse(request, TEMPLATE + "#edit", {"row": queue_row(figure), "form": form})
    with transaction.atomic():
        form = Form(request.POST, instance=figure, prefix=prefix)
        if form.is_valid():
            changed = [name for name in form.changed_data if name != "seen_version"]
            approve = "approve" in request.POST
            if approve and figure.review != Review.APPROVED:
                figure.review = Review.APPROVED
                changed.append("review")
            if changed:
                review.record_decision(figure, request.user, changed, review.REVIEW_QUEUE)
                form.save()
            figure = Figure.objects.select_related("article", "contributor").get(pk=pk)
            if not changed:
                message = "Nothing changed."
            elif approve:
                message = "Saved and approved."
            else:
                message = "Saved; still proposed."
            return _row_response(request, figure, message)
    stored = Figure.objects.select_related("article", "contributor").get(pk=pk)
    return TemplateResponse(request, TEMPLATE + "#edit", {"row": queue_row(stored), "form": form})


# --- Possible figures: the extractor's candidate sentences -----------------------------


@dataclass
class CandidateRow:
    candidate: Candidate
    add_url: str
    prefill: dict


def prefill(candidate: Candidate) -> dict:
    """What a new figure from this sentence starts with: the contributor, hosts and count the
    extractor's gazetteer and number reader find in it (the editor checks each one)."""
    text = candidate.sentence
    senders, hosts = [], []
    previous_was_host = False
    for mention in sentence_mentions(text, candidate.article.published):
        before = text[: mention.start]
        listed = previous_was_host and LIST_WORDS.search(before)  # "to Lithuania and Latvia"
        previous_was_host = mention.kind in PLACE_KINDS and bool(HOST_WORDS.search(before) or listed)
        if previous_was_host:
            hosts.extend(mention.codes)
        elif not OTHER_WORDS.search(before) and mention.kind in SENDER_KINDS:
            senders.extend(mention.codes)
    countries = list(Country.objects.filter(code__in=[*senders, *hosts]))
    kinds = {country.code: country.kind for country in countries}
    # Only NATO and its members send forces that make a figure (GUIDELINES.md).
    members = {c.code for c in countries if c.kind == Country.Kind.ALLIANCE or c.nato_accession is not None}
    contributor = next((code for code in senders if code in members), None)
    hosts = sorted({code for code in hosts if kinds.get(code, Country.Kind.ALLIANCE) != Country.Kind.ALLIANCE})
    count = next((n.value for n in find_numbers(text) if possible_count(n) and n.value), None)
    values = {"contributor": contributor, "hosts": [code for code in hosts if code != contributor], "count": count}
    return {name: value for name, value in values.items() if value}


def candidate_row(candidate: Candidate) -> CandidateRow:
    values = prefill(candidate)
    query = {"article": candidate.article_id, "sentence": candidate.sentence, "candidate": candidate.pk}
    if "contributor" in values:
        query["contributor"] = values["contributor"]
    if "hosts" in values:
        query["hosts"] = ",".join(values["hosts"])
    if "count" in values:
        query["count"] = values["count"]
    return CandidateRow(
        candidate=candidate, add_url=f"{reverse('admin:newsmap_figure_add')}?{urlencode(query)}", prefill=values
    )


@require_POST
def decide_candidate(request: HttpRequest, model_admin, pk: int):
    """Dismiss a possible figure (remembered through later extractions), or list it again."""
    candidate = get_object_or_404(Candidate.objects.select_related("article"), pk=pk)
    state = request.POST.get("state")
    message = ""
    if state not in (CandidateState.OPEN, CandidateState.DISMISSED):
        message = "That choice could not be read; nothing was changed."
    elif candidate.state == CandidateState.USED:
        message = "A figure was made from this sentence already."
    elif candidate.state != state:
        candidate.state, candidate.decided_by, candidate.decided_at = state, request.user, timezone.now()
        candidate.save(update_fields=["state", "decided_by", "decided_at"])
    return TemplateResponse(
        request,
        TEMPLATE + "#candidate",
        {"entry": candidate_row(candidate), "message": message, "can_add": model_admin.has_add_permission(request)},
        status=400 if message.startswith("That choice") else 200,
    )
