"""NewsMap's data: countries, articles and the deployment figures they report.

Field values follow ../shared/eval/GUIDELINES.md (copied in tests/data/eval/).
"""

import hashlib
import re
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Country(models.Model):
    """A state from ISO 3166-1, or a non-state place or actor the guidelines name.

    Non-state rows let figures refer to everything through one table: NATO itself
    as a contributor, and the regions Europe and the eastern flank as hosts.
    """

    class Kind(models.TextChoices):
        STATE = "state", "state"
        ALLIANCE = "alliance", "alliance"
        REGION = "region", "region"

    code = models.CharField(max_length=16, primary_key=True, help_text="ISO 3166-1 alpha-2, NATO or a region code")
    alpha3 = models.CharField(max_length=3, blank=True)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=8, choices=Kind, default=Kind.STATE)
    aliases = models.JSONField(default=list, blank=True, help_text="Other names the extractor recognises")
    demonyms = models.JSONField(default=list, blank=True)
    nato_accession = models.DateField(null=True, blank=True, help_text="Date the state joined NATO")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    def is_nato_member(self, on: date | None = None) -> bool:
        on = on or date.today()
        return self.nato_accession is not None and self.nato_accession <= on


class ExtractionState(models.TextChoices):
    PENDING = "pending", "pending"
    DONE = "done", "done"
    FAILED = "failed", "failed"


def normalise_text(text: str) -> str:
    """Article text with line endings unified and trailing spaces dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def content_hash(text: str) -> str:
    """Hash that treats texts differing only in whitespace as the same article."""
    return hashlib.sha256(re.sub(r"\s+", " ", text).strip().encode()).hexdigest()


class Article(models.Model):
    title = models.CharField(max_length=500)
    outlet = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True, default="")
    published = models.DateField(null=True, blank=True, db_index=True)
    body = models.TextField()
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now, editable=False)
    extraction_state = models.CharField(
        max_length=8, choices=ExtractionState, default=ExtractionState.PENDING, db_index=True
    )
    extraction_error = models.TextField(blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published", "-entered_at"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="article_url_unique"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = normalise_text(self.body)
        self.content_hash = content_hash(self.body)
        super().save(*args, **kwargs)


class Qualifier(models.TextChoices):
    EXACT = "exact", "exact"
    APPROX = "approx", "about"
    AT_LEAST = "at_least", "at least"
    AT_MOST = "at_most", "up to"
    RANGE = "range", "range"
    VAGUE = "vague", "vague"


class Measure(models.TextChoices):
    TOTAL = "total", "total"
    INCREASE = "increase", "increase"
    DECREASE = "decrease", "decrease"


class Status(models.TextChoices):
    PLANNED = "planned", "planned"
    PRESENT = "present", "present"
    ENDED = "ended", "ended"


class Kind(models.TextChoices):
    TROOPS = "troops", "troops"
    AIRCRAFT = "aircraft", "aircraft"
    SHIPS = "ships", "ships"
    OTHER = "other", "other"


class Review(models.TextChoices):
    PROPOSED = "proposed", "proposed"
    APPROVED = "approved", "approved"
    REJECTED = "rejected", "rejected"


class FigureQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(review=Review.APPROVED)

    def proposed(self):
        return self.filter(review=Review.PROPOSED)

    def decided(self):
        """Figures an editor has acted on: a later extraction run never touches them."""
        return self.filter(Q(edited=True) | ~Q(review=Review.PROPOSED))


class Figure(models.Model):
    """One deployment figure reported by an article (GUIDELINES.md, "the unit")."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="figures")
    contributor = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributed_figures",
        help_text="The state whose forces move, or NATO; empty when the text names no sender",
    )
    hosts = models.ManyToManyField(Country, related_name="hosted_figures")
    # Sorted host codes joined by commas: the group's identity, so that a figure
    # for "Poland and Romania" can be grouped and compared in the database.
    hosts_key = models.CharField(max_length=200, db_index=True, editable=False)
    count = models.PositiveIntegerField(null=True, blank=True)
    count_max = models.PositiveIntegerField(null=True, blank=True)
    qualifier = models.CharField(max_length=8, choices=Qualifier, default=Qualifier.EXACT)
    measure = models.CharField(max_length=8, choices=Measure, default=Measure.TOTAL)
    status = models.CharField(max_length=8, choices=Status, default=Status.PRESENT)
    kind = models.CharField(max_length=8, choices=Kind, default=Kind.TROOPS)
    exercise = models.BooleanField(default=False)

    sentence = models.TextField(help_text="The evidence sentence, verbatim from the article")
    sentence_start = models.PositiveIntegerField()
    sentence_end = models.PositiveIntegerField()
    extractor_version = models.CharField(max_length=32, blank=True)
    rule = models.CharField(max_length=100, blank=True)
    # The key the extractor first proposed, kept when an editor corrects the
    # figure so that re-running extraction recognises it and proposes nothing new.
    extracted_key = models.CharField(max_length=300, blank=True, db_index=True, editable=False)

    review = models.CharField(max_length=8, choices=Review, default=Review.PROPOSED, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    edited = models.BooleanField(default=False, help_text="An editor changed what the extractor proposed")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["article", "sentence_start", "id"]
        indexes = [models.Index(fields=["review", "status", "kind"])]

    def __str__(self):
        count = f"{self.count:,}" if self.count is not None else "unnumbered"
        return f"{self.contributor_id or '?'} → {self.hosts_key or '?'}: {count} {self.kind}"

    @property
    def key(self) -> str:
        return figure_key(self.contributor_id, self.hosts_key.split(",") if self.hosts_key else [], self.count)

    def set_hosts(self, codes):
        codes = sorted(set(codes))
        self.hosts_key = ",".join(codes)
        if self.pk:
            self.hosts.set(codes)


def figure_key(contributor: str | None, hosts, count: int | None) -> str:
    """The guidelines' identity of a figure within an article: (contributor, hosts, count)."""
    return f"{contributor or '-'}|{','.join(sorted(hosts))}|{'' if count is None else count}"
