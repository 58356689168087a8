"""Editors' decisions on figures: on record with who, when and how, and never lost to a concurrent change.

Every figure carries a version that each write raises. A form remembers the version
it was filled in from; saving it when the figure has moved on since is a conflict:
nothing is saved and the editor is shown who changed what, and when. Rows are locked
in one order (the article, then its figures) by every writer, extraction included.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.utils import bulk_update_with_history

from newsmap import estimates
from newsmap.models import FIGURE_FIELDS, Article, Figure, Review

# The change reasons history records carry: which action made each change.
INLINE_EDIT = "inline edit"
CHANGE_PAGE = "change page"
REVIEW_QUEUE = "review queue"
REVIEW_QUEUE_UNDO = "review queue: undone"
FROM_CANDIDATE = "added from a possible figure"
ADDED_BY_EDITOR = "added by an editor"
BULK_APPROVE = "bulk approve"
BULK_REJECT = "bulk reject"
SEED_APPROVAL = "seed approval"
EXTRACTION = "extraction"
RE_EXTRACTION = "re-extraction"
IMPORT = "import"
SEED = "seed"
# Figures these wrote hold what the extractor proposed.
EXTRACTOR_REASONS = (EXTRACTION, RE_EXTRACTION, IMPORT, SEED)

# What a history entry shows of a figure, in this order; the rest is bookkeeping.
SHOWN_FIELDS = {
    "review": "review",
    "contributor": "contributor",
    "hosts_key": "hosts",
    "count": "count",
    "count_max": "count max",
    "qualifier": "qualifier",
    "measure": "measure",
    "status": "status",
    "kind": "kind",
    "exercise": "exercise",
    "sentence": "sentence",
    "edited": "edited",
}


def lock_article(article_id) -> None:
    """Lock the article row first, as extraction does, so that writers never wait on each other in a cycle."""
    if article_id and transaction.get_connection().in_atomic_block:
        list(Article.objects.select_for_update().filter(pk=article_id).values_list("pk", flat=True))


def current_figure(pk) -> Figure | None:
    """The figure as stored now, locked until the transaction ends when there is one."""
    figures = Figure.objects.filter(pk=pk).select_related("contributor")
    if transaction.get_connection().in_atomic_block:
        figures = figures.select_for_update(of=("self",))
    return figures.first()


def last_change(figure: Figure) -> tuple[str, object]:
    """Who made the figure's latest change, and when."""
    record = figure.history.select_related("history_user").first()
    if record is None:
        return "someone", None
    if record.history_user is not None:
        return record.history_user.get_username(), record.history_date
    return ("the extractor" if record.history_change_reason in EXTRACTOR_REASONS else "someone"), record.history_date


def _shown(name: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def stored_values(figure: Figure) -> dict:
    """A figure's values as SHOWN_FIELDS names them (works for historical records too)."""
    return {name: getattr(figure, "contributor_id" if name == "contributor" else name) for name in SHOWN_FIELDS}


def form_values(cleaned: dict) -> dict:
    """What a figure form would store, by SHOWN_FIELDS name, for the fields it has."""
    values = {}
    for name, value in cleaned.items():
        if name == "hosts":
            values["hosts_key"] = ",".join(sorted(country.code for country in value))
        elif name == "contributor":
            values["contributor"] = value.code if value is not None else None
        elif name in SHOWN_FIELDS:
            values[name] = value
    return values


def conflict_message(current: Figure, cleaned: dict):
    """'Changed by X at T' with the editor's value and the stored one for every field that differs."""
    who, when = last_change(current)
    stored = stored_values(current)
    differences = [
        (SHOWN_FIELDS[name], _shown(name, value), _shown(name, stored[name]))
        for name, value in form_values(cleaned).items()
        if value != stored[name]
    ]
    when_text = timezone.localtime(when).strftime("%d %b %Y %H:%M:%S %Z") if when else "an unknown time"
    details = format_html_join("; ", "{}: yours {}, theirs {}", differences) or format_html(
        "{}", "the values you see are the same, but its review history moved on"
    )
    return format_html(
        "This figure was changed by {} at {} after you opened this page, so nothing was saved. {}. "
        "Reload the page to see the current figure, then make your change again.",
        who,
        when_text,
        details,
    )


def record_decision(figure: Figure, user, changed: list[str], reason: str) -> None:
    """Before a form's save: mark a correction as an edit, note who decided, and why (for the history)."""
    if any(name in FIGURE_FIELDS for name in changed):
        figure.edited = True
    if changed:
        figure.reviewed_by = user
        figure.reviewed_at = timezone.now()
    figure._change_reason = reason


@dataclass
class Decision:
    decided: list[Figure] = field(default_factory=list)
    unchanged: int = 0
    # (figure, why) for each figure that was left alone because someone else got there first.
    stale: list[tuple[Figure, str]] = field(default_factory=list)

    def summary(self, verb: str) -> str:
        text = f"{verb} {len(self.decided)} figure(s)."
        if self.unchanged:
            text += f" {self.unchanged} already {verb.lower()}."
        return text


def decide(figures, review: str, user, reason: str, seen_versions: dict[int, int] | None = None) -> Decision:
    """Approve or reject figures in bulk, each change on record.

    `seen_versions` maps a figure's id to the version the editor's list showed. A figure
    changed since is left alone and reported; a figure the editor never saw (all pages
    selected, or an article's figures) is decided only while it is still proposed.
    """
    seen_versions = seen_versions or {}
    outcome = Decision()
    now = timezone.now()
    with transaction.atomic():
        # By id from a subquery: the admin's queryset may be DISTINCT, which cannot be locked.
        locked = (
            Figure.objects.filter(pk__in=figures.values("pk"))
            .order_by("pk")
            .select_for_update(of=("self",))
            .select_related("contributor")
        )
        for figure in locked:
            if figure.pk in seen_versions and seen_versions[figure.pk] != figure.version:
                who, when = last_change(figure)
                outcome.stale.append((figure, f"changed by {who} at {timezone.localtime(when):%H:%M:%S}"))
                continue
            if figure.pk not in seen_versions and figure.review != Review.PROPOSED:
                continue
            if figure.review == review:
                outcome.unchanged += 1
                continue
            figure.review, figure.reviewed_by, figure.reviewed_at = review, user, now
            figure.version += 1
            outcome.decided.append(figure)
        bulk_update_with_history(
            outcome.decided,
            Figure,
            ["review", "reviewed_by", "reviewed_at", "version"],
            default_user=user,
            default_change_reason=reason,
        )
        estimates.figures_changed(outcome.decided)
    return outcome


def extractor_proposal(figure: Figure):
    """The extractor's latest proposal for this figure (a historical record), or None for an editor's own."""
    return figure.history.filter(history_change_reason__in=EXTRACTOR_REASONS).select_related("contributor").first()


def proposed_values(figure: Figure) -> dict[str, str]:
    """The extractor's value of each field an editor corrected, shown, by form field name."""
    proposal = extractor_proposal(figure)
    if proposal is None:
        return {}
    proposed, now = stored_values(proposal), stored_values(figure)
    return {
        "hosts" if name == "hosts_key" else name: _shown(name, proposed[name])
        for name in SHOWN_FIELDS
        if name not in ("review", "edited", "sentence") and proposed[name] != now[name]
    }


def corrections(figure: Figure) -> list[tuple[str, str, str]]:
    """(field, extractor's value, current value) for each field an editor corrected."""
    proposal = extractor_proposal(figure)
    if proposal is None:
        return []
    proposed, now = stored_values(proposal), stored_values(figure)
    return [
        (label, _shown(name, proposed[name]), _shown(name, now[name]))
        for name, label in SHOWN_FIELDS.items()
        if name not in ("review", "edited") and proposed[name] != now[name]
    ]


@dataclass
class HistoryEntry:
    when: object
    who: str
    action: str
    kind: str  # created, changed or deleted
    figure_id: int
    figure: str
    changes: list[tuple[str, str, str]]  # (field, old, new)


def history_entries(records) -> list[HistoryEntry]:
    """Entries for historical figure records, each with old → new per field, newest first.

    `records` may hold several figures' histories (an article's); each record is
    compared with the one before it of the same figure.
    """
    ordered = sorted(records, key=lambda r: (r.id, r.history_date, r.history_id))
    entries, previous = [], {}
    for record in ordered:
        values = stored_values(record)
        before = previous.get(record.id)
        if record.history_type == "+" or before is None:
            changes = [(SHOWN_FIELDS[n], "", _shown(n, v)) for n, v in values.items() if v not in (None, "", False)]
        elif record.history_type == "-":
            changes = []
        else:
            changes = [
                (SHOWN_FIELDS[n], _shown(n, before[n]), _shown(n, v)) for n, v in values.items() if before[n] != v
            ]
        previous[record.id] = values
        who = record.history_user.get_username() if record.history_user else ""
        if not who:
            who = "extractor" if record.history_change_reason in EXTRACTOR_REASONS else "—"
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=who,
                action=record.history_change_reason or "",
                kind={"+": "created", "~": "changed", "-": "deleted"}[record.history_type],
                figure_id=record.id,
                figure=f"{record.contributor_id or '?'} → {record.hosts_key or '?'}",
                changes=changes,
            )
        )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
