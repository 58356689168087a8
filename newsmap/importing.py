"""Bulk import: documents in, checked by exactly the article form's rules, saved a batch at a time.

The `import_articles` command and the admin's *Import articles* page both feed an
`Importer`. Each document goes through `forms.document_form` (the one set of input
rules); a duplicate (same text or URL as a stored article, or as one earlier in the
import) is skipped and counted, any other problem is reported with its file and line
and the rest goes in. Each batch is one transaction: its articles, their history
records ("import") and either their extraction (`extract=True`) or the tasks that
queue it for the workers. Only a batch is held in memory.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from newsmap import review
from newsmap.documents import Document, DocumentError
from newsmap.forms import KnownArticles, document_form, form_problems, is_duplicate
from newsmap.ingest import run_extractions
from newsmap.models import Article, ImportBatch, content_hash, normalise_text
from newsmap.tasks import extract_articles

BATCH_SIZE = 100  # articles a transaction
TASK_SIZE = 25  # articles a background task: small enough for several workers to share an import


@dataclass
class ImportReport:
    imported: int = 0
    duplicates: int = 0
    refused: int = 0
    extracted: int = 0
    extraction_failed: int = 0
    figures: int = 0

    def summary(self) -> str:
        text = f"{self.imported:,} imported, {self.duplicates:,} duplicate(s) skipped, {self.refused:,} refused"
        if self.extracted or self.extraction_failed:
            text += f"; {self.figures:,} figure(s) proposed, extraction failed for {self.extraction_failed:,}"
        return text


class BatchKnown(KnownArticles):
    """The stored articles with a batch's texts or URLs, from one query, and the batch's own as they are accepted."""

    def __init__(self, documents: list[Document]):
        hashes = {content_hash(normalise_text(document.body)) for document in documents}
        urls = {document.url for document in documents if document.url}
        self.texts, self.urls = {}, {}
        for pk, title, text_hash, url in Article.objects.filter(
            Q(content_hash__in=hashes) | Q(url__in=urls)
        ).values_list("pk", "title", "content_hash", "url"):
            self.texts[text_hash] = (pk, title)
            if url:
                self.urls[url] = (pk, title)

    def with_text(self, text_hash, instance=None):
        return self.texts.get(text_hash)

    def with_url(self, url, instance=None):
        return self.urls.get(url)

    def accept(self, article: Article) -> None:
        self.texts[article.content_hash] = (None, article.title)
        if article.url:
            self.urls[article.url] = (None, article.title)


# (where, message, is a duplicate): where a problem goes; the message may hold HTML links.
ProblemHandler = Callable[[str, str, bool], None]


class Importer:
    """Collects documents and saves them a batch at a time; `close()` saves the last batch."""

    def __init__(
        self,
        *,
        user=None,
        extract: bool = False,
        batch_size: int = BATCH_SIZE,
        on_problem: ProblemHandler | None = None,
        reason: str = review.IMPORT,
        batch: ImportBatch | None = None,
    ):
        self.user, self.extract, self.batch_size, self.reason = user, extract, batch_size, reason
        self.batch = batch  # the articles are counted on its progress page
        self.on_problem = on_problem or (lambda where, message, duplicate: None)
        self.report = ImportReport()
        self.pending: list[Document] = []

    def add(self, item: Document | DocumentError) -> None:
        if isinstance(item, DocumentError):
            self.report.refused += 1
            self.on_problem("", str(item), False)
            return
        self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            self.flush()

    def close(self) -> ImportReport:
        self.flush()
        return self.report

    def flush(self) -> None:
        documents, self.pending = self.pending, []
        if not documents:
            return
        known = BatchKnown(documents)
        accepted = []
        for document in documents:
            article = self.accepted(document, known)
            if article is not None:
                known.accept(article)
                accepted.append((document, article))
        if not accepted:
            return
        try:
            self.save([article for _, article in accepted])
        except IntegrityError:
            # Another import stored one of these texts or URLs since they were checked: one at a time.
            for document, _ in accepted:
                article = self.accepted(document, KnownArticles())
                if article is not None:
                    try:
                        self.save([article])
                    except IntegrityError:
                        self.report.duplicates += 1
                        self.on_problem(document.source, "This article was stored meanwhile by another import.", True)

    def accepted(self, document: Document, known: KnownArticles) -> Article | None:
        """The document as an unsaved article, if it obeys the article form's rules; else its problem is reported."""
        form = document_form(document, known)
        if form.is_valid():
            article = form.save(commit=False)
            article.entered_by = self.user
            article.import_batch = self.batch
            article.prepare()
            return article
        duplicate = is_duplicate(form)
        if duplicate:
            self.report.duplicates += 1
        else:
            self.report.refused += 1
        self.on_problem(document.source, form_problems(form), duplicate)
        return None

    def save(self, articles: list[Article]) -> None:
        with transaction.atomic():
            saved = bulk_create_with_history(
                articles, Article, default_user=self.user, default_change_reason=self.reason
            )
            if self.extract:
                outcomes = run_extractions(saved, self.reason)
            else:
                ids = [article.pk for article in saved]
                for start in range(0, len(ids), TASK_SIZE):
                    extract_articles.enqueue(ids[start : start + TASK_SIZE], self.reason)
        self.report.imported += len(saved)
        if self.extract:
            self.report.extracted += sum(outcome.ok for outcome in outcomes)
            self.report.extraction_failed += sum(not outcome.ok for outcome in outcomes)
            self.report.figures += sum(outcome.added for outcome in outcomes)
