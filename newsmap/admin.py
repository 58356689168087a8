"""The editors' workspace: articles in, figures reviewed, every change on record.

Who may do what is in newsmap/roles.py; deleting reference data and published work
is refused here below superuser. Saves go through newsmap/review.py, which records
each change with its action and refuses a form filled in from an older version.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, Count, Q, Value, When
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from newsmap import review, review_desk
from newsmap.dashboard.evidence import highlighted_sentence
from newsmap.documents import read_file
from newsmap.forms import UNDATED_MESSAGE, ArticleForm, FigureForm, ImportForm, QueueForm
from newsmap.importing import Importer
from newsmap.ingest import run_extraction
from newsmap.models import (
    Article,
    Candidate,
    CandidateState,
    Country,
    ExtractionState,
    Figure,
    ImportBatch,
    Review,
)
from newsmap.tasks import extract_article

# Above this many articles, re-extraction goes to the background worker.
INLINE_EXTRACTION_LIMIT = 20


def render_history(records) -> str:
    return render_to_string("admin/newsmap/figure_history.html", {"entries": review.history_entries(records)})


def render_corrections(figure: Figure) -> str:
    if not figure.pk or not figure.edited:
        return "—"
    return render_to_string(
        "admin/newsmap/figure_corrections.html",
        {"corrections": review.corrections(figure), "proposal": review.extractor_proposal(figure)},
    )


def report_decision(model_admin, request, outcome: review.Decision, verb: str) -> None:
    model_admin.message_user(request, outcome.summary(verb))
    for figure, why in outcome.stale:
        model_admin.message_user(
            request,
            f"Not {verb.lower()}: {figure} was {why}, after this list was loaded. Reload the list and decide again.",
            messages.WARNING,
        )


def posted_versions(request) -> dict[int, int]:
    """The version of each figure a list or confirmation page showed, posted as `version-<id>`."""
    versions = {}
    for name, value in request.POST.items():
        if name.startswith("version-") and name[8:].isdigit() and value.isdigit():
            versions[int(name[8:])] = int(value)
    return versions


IMPERATIVE = {Review.APPROVED: "approve", Review.REJECTED: "reject"}


def confirm_decision(model_admin, request, figures, decision: str, reason: str, verb: str):
    """A bulk decision in two steps: a page listing each figure with its sentence, every one ticked;
    then, confirmed, the decision for the figures still ticked, over the versions the page showed."""
    if request.POST.get("confirmed") == "yes":
        ticked = {int(pk) for pk in request.POST.getlist("figure") if pk.isdigit()}
        seen = {pk: version for pk, version in posted_versions(request).items() if pk in ticked}
        if not seen:
            model_admin.message_user(request, f"No figure was ticked: none {verb.lower()}.", messages.WARNING)
            return None
        outcome = review.decide(Figure.objects.filter(pk__in=seen), decision, request.user, reason, seen)
        report_decision(model_admin, request, outcome, verb)
        return None
    listed = list(figures.select_related("article", "contributor").order_by("article", "sentence_start", "pk"))
    if not listed:
        model_admin.message_user(request, f"No proposed figure among these: none {verb.lower()}.", messages.WARNING)
        return None
    # The versions the editor's list showed, where it posted them: a figure changed since is refused.
    shown = posted_versions(request)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"{IMPERATIVE[decision].capitalize()} these {len(listed)} figure(s)?",
        "imperative": IMPERATIVE[decision],
        "opts": model_admin.model._meta,
        "verb": verb,
        "decision": decision,
        "rows": [(figure, shown.get(figure.pk, figure.version), highlighted_sentence(figure)) for figure in listed],
        "action": request.POST.get("action", ""),
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "index": request.POST.get("index", "0"),
        "changelist_url": reverse(
            f"admin:{model_admin.model._meta.app_label}_{model_admin.model._meta.model_name}_changelist"
        ),
    }
    return TemplateResponse(request, "admin/newsmap/figure/confirm_decision.html", context)


def title_rank(term: str):
    """How well an article's title matches a search: the phrase itself scores above any word count."""
    words = list(dict.fromkeys(word for word in term.split() if word))
    phrase = Case(
        When(title__iexact=term.strip(), then=Value(2000)),
        When(title__istartswith=term.strip(), then=Value(1500)),
        When(title__icontains=term.strip(), then=Value(1000)),
        default=Value(0),
    )
    matched = [Case(When(title__icontains=word, then=Value(len(word))), default=Value(0)) for word in words]
    return sum(matched, phrase)


# The admin's autocomplete boxes lack accessible names; this script gives each its field's label.
LABELLED_AUTOCOMPLETE = forms.Media(js=["newsmap/admin/select2-labels.js"])


class OutletFilter(admin.AllValuesFieldListFilter):
    """The outlets, with articles that name none listed as such rather than as an empty link."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if not str(choice["display"]).strip():
                choice = {**choice, "display": "(no outlet)"}
            yield choice


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "alpha3", "kind", "nato_accession"]
    list_filter = ["kind", ("nato_accession", admin.EmptyFieldListFilter)]
    search_fields = ["code", "alpha3", "name"]
    ordering = ["kind", "name"]

    # Reference data from pycountry and the reviewed countries.json: read-only below superuser.
    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


def without_country_buttons(db_field, field):
    """Countries are reference data: no add/change/delete buttons beside a figure's contributor and hosts."""
    if db_field.name in ("contributor", "hosts"):
        for flag in ("can_add_related", "can_change_related", "can_delete_related", "can_view_related"):
            setattr(field.widget, flag, False)
    return field


class FigureInline(admin.StackedInline):
    model = Figure
    form = FigureForm
    extra = 0
    can_delete = False
    # The sentence first: the editor reads the evidence, then checks each field against it.
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "evidence",
                    ("review", "edited"),
                    ("contributor", "hosts"),
                    ("count", "count_max", "qualifier"),
                    ("measure", "status", "kind", "exercise"),
                    "extractor_proposal",
                    "seen_version",
                ]
            },
        )
    ]
    readonly_fields = ["evidence", "edited", "extractor_proposal"]
    autocomplete_fields = ["contributor", "hosts"]
    show_change_link = True
    classes = ["figure-review"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return without_country_buttons(db_field, super().formfield_for_dbfield(db_field, request, **kwargs))

    def has_add_permission(self, request, obj=None):
        return False  # a missed figure is added from the figure list, quoting its sentence

    @admin.display(description="evidence sentence")
    def evidence(self, figure):
        return highlighted_sentence(figure)

    @admin.display(description="the extractor proposed")
    def extractor_proposal(self, figure):
        return render_corrections(figure)


class DateSourceFilter(admin.SimpleListFilter):
    """Articles whose figures count in no estimate (undated), or whose date an import assumed."""

    title = "date"
    parameter_name = "dated"

    def lookups(self, request, model_admin):
        return [
            ("undated", "undated (its figures count in no estimate)"),
            ("assumed", "date assumed by an import"),
            ("source", "dated by its source or an editor"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "undated":
            return queryset.filter(published__isnull=True)
        if self.value() == "assumed":
            return queryset.filter(published__isnull=False, date_assumed=True)
        if self.value() == "source":
            return queryset.filter(published__isnull=False, date_assumed=False)
        return queryset


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleForm
    inlines = [FigureInline]
    list_display = ["title", "outlet", "date", "extraction_state", "proposed", "approved", "entered_at"]
    list_filter = [DateSourceFilter, "extraction_state", "published", ("outlet", OutletFilter)]
    search_fields = ["title", "outlet", "url", "body"]
    date_hierarchy = "published"
    readonly_fields = [
        "entered_by",
        "entered_at",
        "extraction_state",
        "extraction_error",
        "extracted_at",
        "figure_history",
    ]
    fieldsets = [
        (None, {"fields": ["title", "outlet", "url", "published", "date_assumed", "body", "upload"]}),
        (
            "Extraction",
            {"fields": ["extraction_state", "extraction_error", "extracted_at", "entered_by", "entered_at"]},
        ),
        ("History of its figures", {"fields": ["figure_history"], "classes": ["collapse"]}),
    ]
    actions = ["rerun_extraction", "approve_proposals", "reject_proposals"]
    change_list_template = "admin/newsmap/article/change_list.html"
    change_form_template = "admin/newsmap/article/change_form.html"

    @property
    def media(self):
        return super().media + LABELLED_AUTOCOMPLETE

    def change_view(self, request, object_id, form_url="", extra_context=None):
        candidates = Candidate.objects.filter(article_id=object_id if str(object_id).isdigit() else None)
        extra_context = {
            **(extra_context or {}),
            "possible_figures": [review_desk.candidate_row(c) for c in candidates.select_related("article")],
            "can_add_figure": request.user.has_perm("newsmap.add_figure"),
            "can_review": self.has_review_permission(request),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                proposed_count=Count("figures", filter=Q(figures__review=Review.PROPOSED)),
                approved_count=Count("figures", filter=Q(figures__review=Review.APPROVED)),
            )
        )

    @admin.display(ordering="published", description="published")
    def date(self, article):
        if article.published is None:
            return "undated"
        return f"{article.published:%-d %b %Y}{' (assumed)' if article.date_assumed else ''}"

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.resolver_match and request.resolver_match.url_name == "autocomplete":
            # A figure's article is looked up by its title: the title that holds the words typed comes
            # first, then titles with more of the words, then articles that have them only in their
            # text; the newest first among equals (and when nothing is typed).
            newest = ("-published", "-entered_at", "-pk")
            if search_term.strip():
                queryset = queryset.annotate(title_rank=title_rank(search_term)).order_by("-title_rank", *newest)
            else:
                queryset = queryset.order_by(*newest)
        return queryset, may_have_duplicates

    @admin.display(ordering="proposed_count", description="to review")
    def proposed(self, article):
        return article.proposed_count

    @admin.display(ordering="approved_count")
    def approved(self, article):
        return article.approved_count

    @admin.display(description="changes")
    def figure_history(self, article):
        if not article.pk:
            return "—"
        return render_history(Figure.history.filter(article_id=article.pk).select_related("history_user")[:500])

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not request.user.is_superuser and obj.figures.approved().exists():
            return False  # published work: only a superuser takes it down
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        # An article's figures go with it; what matters is whether any of them is published.
        perms_needed.discard(Figure._meta.verbose_name)
        if not request.user.is_superuser:
            published = Article.objects.filter(pk__in=[a.pk for a in objs], figures__review=Review.APPROVED)
            protected = [*protected, *(f"{a} (has approved figures)" for a in published.distinct())]
            if super().has_delete_permission(request):
                perms_needed.discard(Article._meta.verbose_name)  # refused as published, said above
        return deleted, model_count, perms_needed, protected

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)
        if obj.published is None:
            messages.warning(request, f"“{obj.title}” has no publication date. {UNDATED_MESSAGE}")

    def save_formset(self, request, form, formset, change):
        for figure_form in formset.forms:
            if figure_form.instance.pk and figure_form.has_changed():
                review.record_decision(figure_form.instance, request.user, figure_form.changed_data, review.INLINE_EDIT)
        formset.save()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change or "body" in form.changed_data or "upload" in form.changed_data:
            outcome = run_extraction(form.instance, review.EXTRACTION if not change else review.RE_EXTRACTION)
            level = messages.SUCCESS if outcome.ok else messages.ERROR
            self.message_user(request, f"Extraction: {outcome}", level)

    @admin.action(description="Re-run extraction (keeps every editor decision)", permissions=["change"])
    def rerun_extraction(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        if len(ids) > INLINE_EXTRACTION_LIMIT:
            for pk in ids:
                extract_article.enqueue(pk, review.RE_EXTRACTION)
            self.message_user(request, f"Queued extraction of {len(ids)} articles for the background worker.")
            return
        for article in Article.objects.filter(pk__in=ids):
            outcome = run_extraction(article, review.RE_EXTRACTION)
            level = messages.SUCCESS if outcome.ok else messages.ERROR
            self.message_user(request, f"{article.title}: {outcome}", level)

    @admin.action(description="Approve proposed figures of these articles (lists them first)", permissions=["review"])
    def approve_proposals(self, request, queryset):
        figures = Figure.objects.proposed().filter(article__in=queryset.values("pk"))
        return confirm_decision(self, request, figures, Review.APPROVED, review.BULK_APPROVE, "Approved")

    @admin.action(description="Reject proposed figures of these articles (lists them first)", permissions=["review"])
    def reject_proposals(self, request, queryset):
        figures = Figure.objects.proposed().filter(article__in=queryset.values("pk"))
        return confirm_decision(self, request, figures, Review.REJECTED, review.BULK_REJECT, "Rejected")

    def has_review_permission(self, request):
        return request.user.has_perm("newsmap.change_figure")

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="newsmap_article_import"),
            path(
                "import/<int:pk>/",
                self.admin_site.admin_view(self.import_progress_view),
                name="newsmap_article_import_progress",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            uploads = form.cleaned_data["files"]
            batch = ImportBatch.objects.create(
                started_by=request.user, files=", ".join(upload.name for upload in uploads)[:1000]
            )
            problems = []

            def on_problem(where, message, duplicate):
                # Kept as HTML: a form's messages are built escaped (with links to the stored
                # article); any other text is escaped here.
                problems.append({"where": where, "message": str(conditional_escape(message)), "duplicate": duplicate})

            importer = Importer(user=request.user, on_problem=on_problem, batch=batch)
            for upload in uploads:
                for document in read_file(upload.file, upload.name, upload.size):
                    importer.add(document)
            report = importer.close()
            batch.imported, batch.duplicates, batch.refused = report.imported, report.duplicates, report.refused
            batch.problems = problems
            batch.save(update_fields=["imported", "duplicates", "refused", "problems"])
            text = f"Imported {report.imported} article(s); their figures are being extracted in the background."
            if report.duplicates:
                text += f" {report.duplicates} duplicate(s) skipped."
            if report.refused:
                text += f" {report.refused} refused: see below."
            self.message_user(request, text, messages.WARNING if problems else messages.SUCCESS)
            return redirect("admin:newsmap_article_import_progress", batch.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Import articles",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/newsmap/article/import.html", context)

    def import_progress_view(self, request: HttpRequest, pk: int):
        """How far the background worker is with an import's articles: polled by htmx until none is pending."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        batch = get_object_or_404(ImportBatch, pk=pk)
        progress = batch.progress()
        total = sum(progress.values())
        context = {
            **self.admin_site.each_context(request),
            "title": "Import progress",
            "opts": self.model._meta,
            "batch": batch,
            "progress": progress,
            "total": total,
            "extracted": total - progress[ExtractionState.PENDING],
            "finished": progress[ExtractionState.PENDING] == 0,
            "failed": batch.articles.filter(extraction_state=ExtractionState.FAILED).order_by("pk")[:200],
            "figures": Figure.objects.filter(article__import_batch=batch).count(),
            "proposed": Figure.objects.proposed().filter(article__import_batch=batch).count(),
            "problems": [{**problem, "message": mark_safe(problem["message"])} for problem in batch.problems],
        }
        partial = "#progress" if request.htmx else ""
        return TemplateResponse(request, f"admin/newsmap/article/import_progress.html{partial}", context)


@admin.register(Figure)
class FigureAdmin(SimpleHistoryAdmin):
    """The figure list is the review queue: set each figure's review in place, or many at once."""

    form = FigureForm
    list_display = [
        "__str__",
        "article",
        "qualifier",
        "measure",
        "status",
        "kind",
        "exercise",
        "confidence",
        "review",
        "edited",
    ]
    list_editable = ["review"]
    list_filter = [
        "review",
        ("contributor", admin.RelatedOnlyFieldListFilter),
        ("hosts", admin.RelatedOnlyFieldListFilter),
        "status",
        "kind",
        "measure",
        "exercise",
        "edited",
    ]
    list_select_related = ["article", "contributor"]
    search_fields = ["sentence", "article__title", "hosts_key"]
    autocomplete_fields = ["article", "contributor", "hosts"]
    readonly_fields = [
        "evidence",
        "extractor_proposal",
        "confidence",
        "rule",
        "extractor_version",
        "reviewed_by",
        "reviewed_at",
        "edited",
        "changes",
    ]
    actions = ["approve", "reject"]
    change_form_template = "admin/newsmap/figure/change_form.html"

    @property
    def media(self):
        return super().media + LABELLED_AUTOCOMPLETE

    change_list_template = "admin/newsmap/figure/change_list.html"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return without_country_buttons(db_field, super().formfield_for_dbfield(db_field, request, **kwargs))

    def get_fields(self, request, obj=None):
        fields = ["article", *FigureForm.Meta.fields, "seen_version"]
        return fields + self.readonly_fields if obj else [*fields, "candidate"]

    def get_urls(self):
        def view(function):
            def checked(request, *args, **kwargs):
                if not self.has_change_permission(request):
                    raise PermissionDenied
                return function(request, self, *args, **kwargs)

            return self.admin_site.admin_view(checked)

        return [
            path("review/", view(review_desk.review_queue), name="newsmap_figure_review"),
            path("review/<int:pk>/decide/", view(review_desk.decide), name="newsmap_figure_review_decide"),
            path("review/<int:pk>/edit/", view(review_desk.edit), name="newsmap_figure_review_edit"),
            path(
                "review/possible/<int:pk>/decide/", view(review_desk.decide_candidate), name="newsmap_candidate_decide"
            ),
            *super().get_urls(),
        ]

    def get_changelist_form(self, request, **kwargs):
        return QueueForm

    def action_checkbox(self, figure):
        # The version the list shows goes with each row, so that a decision taken on a
        # stale list (in place or by an action) is refused for the figures that moved on.
        return format_html(
            '{}<input type="hidden" name="version-{}" value="{}">',
            super().action_checkbox(figure),
            figure.pk,
            figure.version,
        )

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        # Validating the queue's rows locks them: one transaction from the check to the save.
        with transaction.atomic():
            return super().changelist_view(request, extra_context)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.review == Review.APPROVED and not request.user.is_superuser:
            return False  # published: reject it, or ask a superuser
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if not request.user.is_superuser:
            protected = [*protected, *(f"{f} (approved)" for f in objs if f.review == Review.APPROVED)]
            if super().has_delete_permission(request):
                perms_needed.discard(Figure._meta.verbose_name)  # refused as approved, said above
        return deleted, model_count, perms_needed, protected

    @admin.display(description="evidence sentence")
    def evidence(self, figure):
        return highlighted_sentence(figure)

    @admin.display(description="the extractor proposed")
    def extractor_proposal(self, figure):
        return render_corrections(figure)

    @admin.display(description="history")
    def changes(self, figure):
        return render_history(figure.history.select_related("history_user"))

    def save_model(self, request, obj, form, change):
        changed = list(form.changed_data)
        # "Save and approve": a correction is published with it, unless the editor chose another review.
        if "_approve" in request.POST and obj.review == Review.PROPOSED:
            obj.review = Review.APPROVED
            changed.append("review")
        if change:
            reason = review.REVIEW_QUEUE if isinstance(form, QueueForm) else review.CHANGE_PAGE
            review.record_decision(obj, request.user, changed, reason)
        else:
            # An editor's own figure: its offsets come from the quoted sentence.
            candidate = form.cleaned_data.get("candidate")
            if candidate is not None and candidate.article_id == obj.article_id and candidate.sentence == obj.sentence:
                obj.sentence_start, obj.sentence_end = candidate.sentence_start, candidate.sentence_end
            else:
                candidate = None
                obj.sentence_start = obj.article.body.index(obj.sentence)
                obj.sentence_end = obj.sentence_start + len(obj.sentence)
            obj.rule = "editor"
            obj.extracted_key = obj.key
            reason = review.FROM_CANDIDATE if candidate else review.ADDED_BY_EDITOR
            review.record_decision(obj, request.user, ["review"], reason)
            obj.edited = True
        super().save_model(request, obj, form, change)
        if not change and candidate is not None:
            candidate.state, candidate.figure = CandidateState.USED, obj
            candidate.decided_by, candidate.decided_at = request.user, obj.reviewed_at
            candidate.save(update_fields=["state", "figure", "decided_by", "decided_at"])

    def response_change(self, request, obj):
        if obj.review == Review.PROPOSED and obj.edited and "_continue" not in request.POST:
            self.message_user(
                request,
                format_html(
                    "{} is still proposed: approve it with “Save and approve” or from the "
                    '<a href="{}">review queue</a>.',
                    obj,
                    reverse("admin:newsmap_figure_review"),
                ),
                messages.WARNING,
            )
        return super().response_change(request, obj)

    @admin.action(description="Approve selected figures (lists them first)", permissions=["change"])
    def approve(self, request, queryset):
        return confirm_decision(self, request, queryset, Review.APPROVED, review.BULK_APPROVE, "Approved")

    @admin.action(description="Reject selected figures (lists them first)", permissions=["change"])
    def reject(self, request, queryset):
        return confirm_decision(self, request, queryset, Review.REJECTED, review.BULK_REJECT, "Rejected")
