"""The editors' workspace: articles in, figures reviewed."""

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from newsmap.dashboard import highlighted_sentence
from newsmap.forms import ArticleForm, FigureForm, ImportForm, check_article, import_documents
from newsmap.ingest import run_extraction
from newsmap.models import FIGURE_FIELDS, Article, Country, Figure, Review
from newsmap.tasks import extract_article

# Above this many articles, re-extraction goes to the background worker.
INLINE_EXTRACTION_LIMIT = 20


def set_review(request, queryset, review: str) -> int:
    return queryset.update(review=review, reviewed_by=request.user, reviewed_at=timezone.now())


def record_review(request, figure: Figure, changed: list[str]) -> None:
    """Note who decided what on a figure saved through a form."""
    if any(name in FIGURE_FIELDS for name in changed):
        figure.edited = True
    if changed:
        figure.reviewed_by = request.user
        figure.reviewed_at = timezone.now()
    figure.set_hosts(figure.hosts.values_list("code", flat=True))
    figure.save()


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "alpha3", "kind", "nato_accession"]
    list_filter = ["kind", ("nato_accession", admin.EmptyFieldListFilter)]
    search_fields = ["code", "alpha3", "name"]
    ordering = ["kind", "name"]


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
                ]
            },
        )
    ]
    readonly_fields = ["evidence", "edited"]
    autocomplete_fields = ["contributor", "hosts"]
    show_change_link = True
    classes = ["figure-review"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("contributor", "hosts"):
            # Countries are reference data: no add/change/delete buttons beside them.
            for flag in ("can_add_related", "can_change_related", "can_delete_related", "can_view_related"):
                setattr(field.widget, flag, False)
        return field

    def has_add_permission(self, request, obj=None):
        return False  # a missed figure is added from the figure list, quoting its sentence

    @admin.display(description="evidence sentence")
    def evidence(self, figure):
        return highlighted_sentence(figure)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    inlines = [FigureInline]
    list_display = ["title", "outlet", "published", "extraction_state", "proposed", "approved", "entered_at"]
    list_filter = ["extraction_state", "published", "outlet"]
    search_fields = ["title", "outlet", "url", "body"]
    date_hierarchy = "published"
    readonly_fields = ["entered_by", "entered_at", "extraction_state", "extraction_error", "extracted_at"]
    fieldsets = [
        (None, {"fields": ["title", "outlet", "url", "published", "body", "upload"]}),
        (
            "Extraction",
            {"fields": ["extraction_state", "extraction_error", "extracted_at", "entered_by", "entered_at"]},
        ),
    ]
    actions = ["rerun_extraction", "approve_proposals", "reject_proposals"]
    change_list_template = "admin/newsmap/article/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                proposed_count=Count("figures", filter=Q(figures__review=Review.PROPOSED)),
                approved_count=Count("figures", filter=Q(figures__review=Review.APPROVED)),
            )
        )

    @admin.display(ordering="proposed_count", description="to review")
    def proposed(self, article):
        return article.proposed_count

    @admin.display(ordering="approved_count")
    def approved(self, article):
        return article.approved_count

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        changed = {f.instance.pk: f.changed_data for f in formset.forms if f.instance.pk and f.has_changed()}
        formset.save()
        for figure in formset.queryset.filter(pk__in=changed):
            record_review(request, figure, changed[figure.pk])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change or "body" in form.changed_data or "upload" in form.changed_data:
            outcome = run_extraction(form.instance)
            level = messages.SUCCESS if outcome.ok else messages.ERROR
            self.message_user(request, f"Extraction: {outcome}", level)

    @admin.action(description="Re-run extraction (keeps every editor decision)")
    def rerun_extraction(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        if len(ids) > INLINE_EXTRACTION_LIMIT:
            for pk in ids:
                extract_article.enqueue(pk)
            self.message_user(request, f"Queued extraction of {len(ids)} articles for the background worker.")
            return
        for article in Article.objects.filter(pk__in=ids):
            outcome = run_extraction(article)
            level = messages.SUCCESS if outcome.ok else messages.ERROR
            self.message_user(request, f"{article.title}: {outcome}", level)

    @admin.action(description="Approve all proposed figures of these articles")
    def approve_proposals(self, request, queryset):
        count = set_review(request, Figure.objects.proposed().filter(article__in=queryset), Review.APPROVED)
        self.message_user(request, f"Approved {count} figure(s).")

    @admin.action(description="Reject all proposed figures of these articles")
    def reject_proposals(self, request, queryset):
        count = set_review(request, Figure.objects.proposed().filter(article__in=queryset), Review.REJECTED)
        self.message_user(request, f"Rejected {count} figure(s).")

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="newsmap_article_import"),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            imported, problems = 0, []
            for document in import_documents(form.cleaned_data["files"]):
                if isinstance(document, str):
                    problems.append(document)
                    continue
                errors = check_article(document.title, document.body, document.url, document.published)
                if errors:
                    reasons = " ".join(str(m) for messages_ in errors.values() for m in messages_)
                    problems.append(format_html("{}: {}", document.source, reasons))
                    continue
                with transaction.atomic():
                    article = Article.objects.create(
                        title=document.title[:500],
                        outlet=document.outlet[:200],
                        url=document.url,
                        published=document.published,
                        body=document.body,
                        entered_by=request.user,
                    )
                    transaction.on_commit(lambda pk=article.pk: extract_article.enqueue(pk))
                imported += 1
            if imported:
                self.message_user(
                    request, f"Imported {imported} article(s); their figures are being extracted in the background."
                )
            for problem in problems:
                self.message_user(request, format_html("Not imported: {}", problem), messages.ERROR)
            if not problems:
                return redirect(reverse("admin:newsmap_article_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Import articles",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/newsmap/article/import.html", context)


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    form = FigureForm
    list_display = [
        "__str__",
        "article",
        "qualifier",
        "measure",
        "status",
        "kind",
        "exercise",
        "review",
        "edited",
    ]
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
    readonly_fields = ["evidence", "rule", "extractor_version", "reviewed_by", "reviewed_at", "edited"]
    actions = ["approve", "reject"]

    def get_fields(self, request, obj=None):
        fields = ["article", *FigureForm.Meta.fields]
        return fields + self.readonly_fields if obj else fields

    @admin.display(description="evidence sentence")
    def evidence(self, figure):
        return highlighted_sentence(figure)

    def save_model(self, request, obj, form, change):
        if not change:
            # An editor's own figure: its offsets come from the quoted sentence.
            obj.sentence_start = obj.article.body.index(obj.sentence)
            obj.sentence_end = obj.sentence_start + len(obj.sentence)
            obj.rule = "editor"
            obj.edited = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        figure = form.instance
        record_review(request, figure, form.changed_data if change else ["review"])
        if not change:
            figure.extracted_key = figure.key
            figure.save(update_fields=["extracted_key"])

    @admin.action(description="Approve selected figures")
    def approve(self, request, queryset):
        self.message_user(request, f"Approved {set_review(request, queryset, Review.APPROVED)} figure(s).")

    @admin.action(description="Reject selected figures")
    def reject(self, request, queryset):
        self.message_user(request, f"Rejected {set_review(request, queryset, Review.REJECTED)} figure(s).")
