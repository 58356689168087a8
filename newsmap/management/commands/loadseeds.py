"""Load every document in seeds/ as an article, once."""

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.html import strip_tags

from newsmap import review
from newsmap.documents import DocumentError, from_upload
from newsmap.forms import document_form, form_problems
from newsmap.ingest import run_extraction
from newsmap.models import Article, Figure, Review, content_hash, normalise_text

SEED_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")


class Command(BaseCommand):
    help = "Load the articles in seeds/ (idempotent: an article already loaded is skipped) and extract their figures."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=settings.BASE_DIR / "seeds")
        parser.add_argument(
            "--approve",
            action="store_true",
            help="approve the proposals of newly loaded seed articles (demo data for the dashboard)",
        )

    def handle(self, *args, dir: Path, approve: bool, **options):
        if not dir.is_dir():
            raise CommandError(f"{dir} is not a directory")
        index_file = dir / "index.json"
        index = json.loads(index_file.read_text(encoding="utf-8")) if index_file.exists() else {}
        loaded = skipped = failed = 0
        for path in sorted(p for p in dir.iterdir() if p.suffix.lower() in SEED_SUFFIXES):
            try:
                documents = from_upload(path.read_bytes(), path.name)
            except DocumentError as error:
                self.stderr.write(f"{path.name}: {error}")
                failed += 1
                continue
            meta = index.get(path.name, {})
            for document in documents:
                if isinstance(document, DocumentError):
                    self.stderr.write(str(document))
                    failed += 1
                    continue
                document.published = (
                    date.fromisoformat(meta["published"]) if meta.get("published") else document.published
                )
                document.outlet = meta.get("outlet", document.outlet)
                document.url = meta.get("url", document.url)
                document.title = meta.get("title", document.title)
                if Article.objects.filter(content_hash=content_hash(normalise_text(document.body))).exists():
                    skipped += 1
                    continue
                form = document_form(document)
                if not form.is_valid():
                    self.stderr.write(f"{document.source}: {strip_tags(form_problems(form))}")
                    failed += 1
                    continue
                with transaction.atomic():
                    article = form.save(commit=False)
                    article._change_reason = "seed"
                    article.save()
                    outcome = run_extraction(article, reason="seed")
                    if approve and outcome.ok:
                        review.decide(article.figures.proposed(), Review.APPROVED, None, review.SEED_APPROVAL)
                self.stdout.write(f"{path.name}: {article.title} — {outcome}")
                loaded += 1
        approved = Figure.objects.approved().count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeds: {loaded} loaded, {skipped} already present, {failed} failed; {approved} approved figures."
            )
        )
        if failed:
            raise CommandError(f"{failed} seed document(s) could not be loaded")
