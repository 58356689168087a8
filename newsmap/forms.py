"""Forms for editors' input. Every rule about what an article may be lives here."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from newsmap import review
from newsmap.documents import Document, DocumentError, from_upload
from newsmap.models import (
    FIGURE_FIELDS,
    Article,
    Candidate,
    Country,
    Figure,
    ImportBatch,
    Qualifier,
    Review,
    content_hash,
    normalise_text,
)


class KnownArticles:
    """Which stored article already has a text (by its hash) or a URL: asked of the database one at a time.

    A bulk import passes its own (newsmap/importing.py), answered from one query per batch.
    """

    def with_text(self, text_hash: str, instance=None) -> tuple[int | None, str] | None:
        return self._first(Article.objects.filter(content_hash=text_hash), instance)

    def with_url(self, url: str, instance=None) -> tuple[int | None, str] | None:
        return self._first(Article.objects.filter(url=url), instance)

    def _first(self, articles, instance):
        if instance is not None and instance.pk:
            articles = articles.exclude(pk=instance.pk)
        return articles.values_list("pk", "title").first()


DUPLICATE = "duplicate"  # the code of the errors that make a document a duplicate rather than bad


def _duplicate(message: str, found: tuple[int | None, str]) -> ValidationError:
    pk, title = found
    if pk is None:  # earlier in the same import, not saved yet
        link = format_html("{} (earlier in this import)", title)
    else:
        link = format_html('<a href="{}">{}</a>', reverse("admin:newsmap_article_change", args=[pk]), title)
    return ValidationError(format_html(message, link), code=DUPLICATE)


def check_article(
    title: str, body: str, url: str = "", published=None, instance: Article | None = None, known=None
) -> dict[str, list[ValidationError]]:
    """Problems with an article's fields, by field name; empty when it may be saved.

    A duplicate (the same text, or the same URL, as a stored article) has the code DUPLICATE.
    """
    known = known or KnownArticles()
    errors: dict[str, list[ValidationError]] = {}

    def add(name, message):
        errors.setdefault(name, []).append(
            message if isinstance(message, ValidationError) else ValidationError(message)
        )

    body = normalise_text(body or "")
    if not body:
        add("body", "The article has no text: paste the body or upload a file.")
    elif len(body) > settings.MAX_ARTICLE_CHARS:
        add(
            "body",
            f"The text is {len(body):,} characters; an article may have at most "
            f"{settings.MAX_ARTICLE_CHARS:,}. Is this really one article?",
        )
    elif "\x00" in body:
        add("body", "The text contains NUL characters; paste plain text.")
    if not (title or "").strip():
        add("title", "Give the article a title.")
    if published and published > timezone.localdate():
        add("published", f"The publication date {published:%d %B %Y} is in the future.")
    if body and (found := known.with_text(content_hash(body), instance)):
        add("body", _duplicate("This text has already been imported as {}.", found))
    if url and (found := known.with_url(url, instance)):
        add("url", _duplicate("An article with this URL already exists: {}.", found))
    return errors


UNDATED_MESSAGE = (
    "Give the article's publication date (from the page, the feed or the print edition): "
    "a figure from an undated article counts in no estimate."
)


class ArticleForm(forms.ModelForm):
    upload = forms.FileField(
        required=False,
        help_text="Or upload the article as a UTF-8 .txt (first line is the title) or an .html page; "
        "its text replaces the body.",
    )

    class Meta:
        model = Article
        fields = ["title", "outlet", "url", "published", "date_assumed", "body"]
        labels = {"url": "URL"}
        error_messages = {"published": {"required": UNDATED_MESSAGE}}

    def __init__(self, *args, known: KnownArticles | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.known = known
        for name in ("title", "body"):
            if name in self.fields:  # not on a read-only view
                self.fields[name].required = False  # either typed or taken from the upload
        if "published" in self.fields:
            # Checked in clean(): an upload may bring the date.
            self.fields["published"].required = False

    def validate_constraints(self):
        # Its one constraint (a URL once) is check_article's rule, which names the article that has it;
        # the database still enforces it on save. Skipping Django's own check saves a query an article.
        pass

    def clean(self):
        cleaned = super().clean()
        # The article before its figures, in the order extraction locks them.
        review.lock_article(self.instance.pk)
        upload = cleaned.get("upload")
        if upload:
            try:
                documents = from_upload(upload.read(), upload.name)
            except DocumentError as error:
                raise ValidationError({"upload": str(error)}) from None
            if len(documents) != 1:
                raise ValidationError({"upload": "This file holds several articles: use “Import articles”."})
            document = documents[0]
            if isinstance(document, DocumentError):
                raise ValidationError({"upload": str(document)})
            cleaned["body"] = document.body
            for name in ("title", "outlet", "url", "published"):
                if not cleaned.get(name) and getattr(document, name):
                    cleaned[name] = getattr(document, name)
        # A new article, or one whose date an editor would clear, is asked for it; an article already
        # undated (from before dates were asked for) can still have its figures reviewed, with a warning.
        undated = "published" in self.fields and not cleaned.get("published") and "published" not in self.errors
        if undated and (self.instance.pk is None or self.instance.published is not None):
            self.add_error("published", UNDATED_MESSAGE)
        for name, messages in check_article(
            cleaned.get("title", ""),
            cleaned.get("body", ""),
            cleaned.get("url", ""),
            cleaned.get("published"),
            self.instance,
            self.known,
        ).items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class ImportForm(forms.Form):
    files = MultipleFileField(
        help_text="UTF-8 .txt files (first line is the title), .html pages, .jsonl files with one "
        'article a line ({"title", "text", "date", "url", "outlet"}), .csv files with those columns, '
        "or RSS/Atom feeds (.rss, .atom, .xml)."
    )


def document_form(document: Document, known: KnownArticles | None = None) -> ArticleForm:
    """The article form filled from an imported document: every import obeys exactly the form's rules."""
    data = {name: getattr(document, name) for name in ("title", "outlet", "url", "published")}
    if document.published is None:
        # Imported in bulk, nobody is there to ask: the feed's date, else the import day, flagged for a check.
        data["published"] = document.fallback_date or timezone.localdate()
        data["date_assumed"] = True
    return ArticleForm(data={**data, "body": document.body}, known=known)


def is_duplicate(form: forms.BaseForm) -> bool:
    """The form's only problems are that its article is already stored (its text, its URL)."""
    codes = [error.code for errors in form.errors.as_data().values() for error in errors]
    return bool(codes) and all(code == DUPLICATE for code in codes)


def form_problems(form: forms.BaseForm):
    """A bound form's errors on one line, each with its field's label, for a report of many articles."""
    return format_html_join(
        " ",
        "{}{}",
        (
            (f"{form.fields[name].label}: " if name in form.fields else "", message)
            for name, messages in form.errors.items()
            for message in messages
        ),
    )


class PostedVersion(forms.HiddenInput):
    """The version a list row showed, posted beside the row's checkbox as `version-<id>` (see FigureAdmin)."""

    def __init__(self, figure_id, attrs=None):
        super().__init__(attrs)
        self.figure_id = figure_id

    def value_from_datadict(self, data, files, name):
        return data.get(f"version-{self.figure_id}")


class VersionedForm(forms.ModelForm):
    """A figure form that refuses to save over a change made after the form was filled in."""

    # The figure's version when the form was filled in (not the model field: that one is not editable).
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version
        self.fields["seen_version"].required = bool(self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        article_id = self.instance.article_id or getattr(cleaned.get("article"), "pk", None)
        review.lock_article(article_id)
        if not self.instance.pk:
            return cleaned
        current = review.current_figure(self.instance.pk)
        if current is None:
            raise ValidationError("This figure was deleted after you opened this page; nothing was saved.")
        if cleaned.get("seen_version") != current.version:
            raise ValidationError(review.conflict_message(current, cleaned))
        return cleaned


class FigureForm(VersionedForm):
    """An editor's correction of a figure, checked against the guidelines' rules."""

    # On the add page: the possible figure (candidate sentence) this figure is made from.
    candidate = forms.ModelChoiceField(Candidate.objects.open(), required=False, widget=forms.HiddenInput)

    class Meta:
        model = Figure
        fields = ["review", *FIGURE_FIELDS, "sentence"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.edited:
            # A correction keeps its context: what the extractor proposed, beside each field changed since.
            for name, proposed in review.proposed_values(self.instance).items():
                if name in self.fields:
                    self.fields[name].help_text = f"extractor proposed: {proposed}"
        if "contributor" in self.fields:
            self.fields["contributor"].queryset = Country.objects.exclude(kind=Country.Kind.REGION)
        if "hosts" in self.fields:
            self.fields["hosts"].queryset = Country.objects.exclude(kind=Country.Kind.ALLIANCE)

    def clean(self):
        cleaned = super().clean()
        hosts = list(cleaned.get("hosts") or [])
        contributor = cleaned.get("contributor")
        if "hosts" in self.fields and not hosts:
            self.add_error("hosts", "A figure needs at least one host country or region.")
        if contributor and contributor in hosts:
            self.add_error("hosts", "Forces at home are not a deployment: the host cannot be the contributor.")
        if any(h.kind == Country.Kind.REGION for h in hosts) and len(hosts) > 1:
            self.add_error("hosts", "A region is a host only when no country is named: choose one or the other.")
        count, count_max = cleaned.get("count"), cleaned.get("count_max")
        if count_max is not None and (count is None or count_max < count):
            self.add_error("count_max", "The upper bound must be at least the count.")
        if cleaned.get("qualifier") == Qualifier.RANGE and count_max is None:
            self.add_error("count_max", "A range needs an upper bound.")
        article = getattr(self.instance, "article", None) if self.instance.article_id else cleaned.get("article")
        sentence = cleaned.get("sentence")
        if article is not None and sentence and sentence not in article.body:
            self.add_error("sentence", "The evidence sentence must be quoted exactly from the article.")
        if hosts and not self.errors:
            # Stored with the first save, so that its history record already has the new hosts.
            self.instance.hosts_key = ",".join(sorted(host.code for host in hosts))
        return cleaned


class QueueForm(VersionedForm):
    """A row of the figure list: its review, saved only over the version the list showed."""

    class Meta:
        model = Figure
        fields = ["review"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].widget = PostedVersion(self.instance.pk)
        # The list's column heading is not a label: each row's box names its figure.
        self.fields["review"].widget.attrs["aria-label"] = f"Review of {self.instance}"


QUEUE_ORDERS = [
    ("confidence", "least confident first"),
    ("newest", "newest proposals first"),
    ("article", "by article, newest first, in reading order"),
]


class ReviewQueueFilters(forms.Form):
    """The review queue's query string: its order and filters (any may be left out)."""

    order = forms.ChoiceField(choices=QUEUE_ORDERS, required=False, label="Order")
    contributor = forms.ModelChoiceField(
        Country.objects.exclude(kind=Country.Kind.REGION), required=False, to_field_name="code", label="Contributor"
    )
    host = forms.ModelChoiceField(
        Country.objects.exclude(kind=Country.Kind.ALLIANCE), required=False, to_field_name="code", label="Host"
    )
    article = forms.ModelChoiceField(Article.objects.all(), required=False, label="Article")
    batch = forms.ModelChoiceField(ImportBatch.objects.all(), required=False, widget=forms.HiddenInput)
    start = forms.DateField(required=False, label="Published from", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, label="Published to", widget=forms.DateInput(attrs={"type": "date"}))
    page = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The last date is before the first.")
        return cleaned

    def filters(self) -> dict:
        """The valid form's filters, as FigureQuerySet.filtered takes them."""
        return {
            name: self.cleaned_data.get(name) for name in ("contributor", "host", "article", "batch", "start", "end")
        }


class QueueDecisionForm(forms.Form):
    """Approve or reject (or undo either) one figure from the queue, over the version the queue showed."""

    decision = forms.ChoiceField(choices=Review.choices)
    version = forms.IntegerField(min_value=1)
