"""NewsMap's data: countries, articles and the deployment figures they report.

Field values follow ../shared/eval/GUIDELINES.md (copied in tests/data/eval/).
"""

import functools
import hashlib
import re
from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from newsmap import counting


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


# Code -> name of every place: the small reference table, read once a process and again when a code is missing.
_place_names: dict[str, str] = {}


def place_name(code: str) -> str:
    if code not in _place_names:
        _place_names.update(Country.objects.values_list("code", "name"))
    return _place_names.get(code, code)


def places_label(codes) -> str:
    """ "Estonia, Latvia & Lithuania" for "EE,LT,LV": a group's name as the dashboard writes it."""
    names = [place_name(code) for code in codes if code]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" & {names[-1]}"


class ExtractionState(models.TextChoices):
    PENDING = "pending", "pending"
    DONE = "done", "done"
    FAILED = "failed", "failed"


# Memoised for the last few texts: a form checks a text and the article then stores it, and both
# need these; only a few, as a text may be a megabyte.
@functools.lru_cache(maxsize=4)
def normalise_text(text: str) -> str:
    """Article text with line endings unified and trailing spaces dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


@functools.lru_cache(maxsize=4)
def content_hash(text: str) -> str:
    """Hash that treats texts differing only in whitespace as the same article."""
    return hashlib.sha256(re.sub(r"\s+", " ", text).strip().encode()).hexdigest()


class ImportBatch(models.Model):
    """One run of *Import articles*: what it took and refused, and its articles, counted on its progress page."""

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    files = models.CharField(max_length=1000, blank=True, help_text="The names of the files imported")
    imported = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    # [{"where": "file:line", "message": HTML, "duplicate": bool}]; each message is built by
    # format_html from escaped parts (newsmap/forms.py), so it is shown as the HTML it is.
    problems = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name_plural = "import batches"

    def __str__(self):
        return f"import of {self.started_at:%d %b %Y %H:%M} ({self.files or 'no files'})"

    def progress(self) -> dict[str, int]:
        """How many of its articles are pending, done and failed."""
        counts = dict(
            self.articles.order_by()
            .values_list("extraction_state")
            .annotate(n=models.Count("pk"))
            .values_list("extraction_state", "n")
        )
        return {state: counts.get(state, 0) for state in ExtractionState.values}


class Article(models.Model):
    title = models.CharField(max_length=500)
    outlet = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True, default="")
    published = models.DateField(null=True, blank=True, db_index=True)
    # An import whose source gave no date takes the feed's date or the import day: counted, but flagged.
    date_assumed = models.BooleanField(
        default=False,
        verbose_name="date assumed",
        help_text="The source gave no publication date: this one was taken from the feed or the day of "
        "the import. Check it and untick.",
    )
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
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles", editable=False
    )

    # Who changed what and when; the body is up to a megabyte, so its history keeps only its hash.
    history = HistoricalRecords(excluded_fields=["body"])

    class Meta:
        ordering = ["-published", "-entered_at"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="article_url_unique"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.prepare()
        super().save(*args, **kwargs)
        moved = self.figures.exclude(published=self.published)
        changes = [
            ((kind, contributor or "", hosts_key), day)
            for kind, contributor, hosts_key, day in moved.approved().values_list(
                "kind", "contributor", "hosts_key", "published"
            )
        ]
        moved.update(published=self.published)
        if changes:
            # Imported here: newsmap.estimates imports this module.
            from newsmap import estimates

            estimates.refresh([*changes, *((pair, self.published) for pair, _ in changes)])

    def prepare(self) -> None:
        """The body as stored (line endings unified) and its hash: what save() does, for bulk inserts too."""
        self.body = normalise_text(self.body)
        self.content_hash = content_hash(self.body)


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


def hosts_key_includes(codes) -> Q:
    """A hosts_key (sorted codes, comma-separated) that holds one of `codes`: read from the key
    itself, without joining the hosts table."""
    wanted = Q(pk__in=[])
    for code in codes:
        wanted |= (
            Q(hosts_key=code)
            | Q(hosts_key__startswith=f"{code},")
            | Q(hosts_key__endswith=f",{code}")
            | Q(hosts_key__contains=f",{code},")
        )
    return wanted


class FigureQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(review=Review.APPROVED)

    def proposed(self):
        return self.filter(review=Review.PROPOSED)

    def decided(self):
        """Figures an editor has acted on: a later extraction run never touches them."""
        return self.filter(Q(edited=True) | ~Q(review=Review.PROPOSED))

    # --- The editors' review queue (newsmap/admin.py) ---------------------------------

    QUEUE_ORDERS = {
        # Least sure first; an editor's own proposals (no confidence) last.
        "confidence": (models.F("confidence").asc(nulls_last=True), "article_id", "sentence_start", "pk"),
        "newest": ("-created_at", "-pk"),
        "article": (models.F("published").desc(nulls_last=True), "article_id", "sentence_start", "pk"),
    }

    def review_queue(self, order: str = "confidence"):
        """The proposed figures waiting for a decision, in the queue's `order` (a QUEUE_ORDERS key)."""
        return self.proposed().order_by(*self.QUEUE_ORDERS[order])

    def filtered(self, contributor=None, host=None, article=None, batch=None, start=None, end=None):
        """The figures of one contributor, host, article, import and article dates; None leaves a filter out."""
        qs = self
        if batch is not None:
            qs = qs.filter(article__import_batch=batch)
        if contributor is not None:
            qs = qs.filter(contributor=contributor)
        if host is not None:
            qs = qs.hosted_in_any([host.pk])
        if article is not None:
            qs = qs.filter(article=article)
        return qs.reported_between(start, end)

    # --- Dashboard queries (newsmap/dashboard/queries.py) ---------------------------------

    def hosted_in_any(self, codes):
        """Figures whose hosts include at least one of `codes` (a group counts for each member)."""
        return self.filter(hosts_key_includes(codes))

    def reported_between(self, start=None, end=None):
        """Figures whose article was published in [start, end]; either bound may be None."""
        qs = self
        if start is not None:
            qs = qs.filter(published__gte=start)
        if end is not None:
            qs = qs.filter(published__lte=end)
        return qs

    def latest_reported(self, limit=50, window=400):
        """The `limit` figures of the latest articles, newest first, without sorting every figure.

        Looks among the `window` most recent articles first (an index scan), and only
        falls back to sorting all the matching figures when they hold too few.
        """
        ordering = ("-published", "-article_id", "-pk")
        Article = self.model._meta.get_field("article").related_model
        recent = Article.objects.filter(published__isnull=False).order_by("-published", "-pk")[:window]
        found = list(self.filter(article__in=recent.values("pk")).order_by(*ordering)[:limit])
        if len(found) == limit:
            return found
        return list(self.order_by(*ordering)[:limit])

    def headline(self):
        """Approved-figure counts for the dashboard's headline, in two queries."""
        numbers = self.aggregate(
            figures=models.Count("pk"),
            articles=models.Count("article", distinct=True),
            latest=models.Max("published"),
        )
        through = self.model.hosts.through
        numbers["countries"] = (
            through.objects.filter(figure__in=self.values("pk"), country__kind="state")
            .values("country")
            .distinct()
            .count()
        )
        return numbers

    def estimates(self, as_of=None):
        """The counting rule, run by the database over the figures in this queryset.

        The definition the dashboard's kept estimates (`EstimateSeries`, newsmap/counting.py)
        are checked against: `manage.py refresh_estimates --check` and the tests compare them.

        For each (contributor, hosts) pair -- pass figures of one kind: counts of
        troops and aircraft do not add -- the *present* estimate at `as_of` (default:
        no limit) is its latest `total` figure with status present reported at or
        before that date, plus the `increase` figures reported after it, minus the
        `decrease` figures (planned changes excluded). With no present total the
        changes alone are summed from zero. Estimates never go below zero.

        Planned figures are kept apart: the latest planned `total` reported after the
        present total (if any), and the planned increases minus decreases reported
        after that (or after the present total when there is no planned total).

        Ties on a date go to the figure entered later (higher id). Figures without a
        count or whose article has no date are ignored. Plain SQL that SQLite and
        PostgreSQL both run. Returns one dict per pair; `contributor` is None when the text named no contributor.
        """
        from django.db import connections
        from django.db.models.functions import Coalesce

        connection = connections[self.db]
        base = self.filter(count__isnull=False, published__isnull=False)
        if as_of is not None:
            base = base.filter(published__lte=as_of)
        base = base.order_by().values(
            "hosts_key",
            "measure",
            "status",
            fid=models.F("pk"),
            n=models.F("count"),
            day=models.F("published"),
            who=Coalesce("contributor_id", models.Value("")),
        )
        base_sql, params = base.query.sql_with_params()
        figure = self.model._meta.db_table
        # Aggregates and joins on the small per-pair tables rather than window
        # functions over every figure: several times faster in SQLite.
        sql = f"""
        WITH base AS MATERIALIZED ({base_sql}),
        anchor AS (
            SELECT who, hosts_key, MAX(day) AS total_day FROM base
            WHERE measure = 'total' AND status = 'present' GROUP BY who, hosts_key
        ),
        anchor_row AS (
            SELECT b.who, b.hosts_key, MAX(b.fid) AS total_id
            FROM base b JOIN anchor a ON a.who = b.who AND a.hosts_key = b.hosts_key AND b.day = a.total_day
            WHERE b.measure = 'total' AND b.status = 'present' GROUP BY b.who, b.hosts_key
        ),
        planned_anchor AS (
            SELECT b.who, b.hosts_key, MAX(b.day) AS planned_day
            FROM base b LEFT JOIN anchor a ON a.who = b.who AND a.hosts_key = b.hosts_key
            WHERE b.measure = 'total' AND b.status = 'planned' AND (a.total_day IS NULL OR b.day > a.total_day)
            GROUP BY b.who, b.hosts_key
        ),
        planned_row AS (
            SELECT b.who, b.hosts_key, MAX(b.fid) AS planned_id
            FROM base b JOIN planned_anchor p ON p.who = b.who AND p.hosts_key = b.hosts_key AND b.day = p.planned_day
            WHERE b.measure = 'total' AND b.status = 'planned' GROUP BY b.who, b.hosts_key
        ),
        counts AS (
            SELECT who, hosts_key, COUNT(*) AS figures, MAX(day) AS last_reported FROM base GROUP BY who, hosts_key
        ),
        -- Changes summed per pair, day and status first: far fewer rows to compare with the totals' dates.
        changes AS (
            SELECT who, hosts_key, day, status = 'planned' AS planned,
                   SUM(CASE measure WHEN 'increase' THEN n ELSE -n END) AS n
            FROM base WHERE measure <> 'total' GROUP BY who, hosts_key, day, status = 'planned'
        ),
        sums AS (
            SELECT c.who, c.hosts_key, c.figures, c.last_reported,
                   COALESCE(SUM(CASE WHEN NOT d.planned AND (a.total_day IS NULL OR d.day > a.total_day)
                                     THEN d.n END), 0) AS change,
                   COALESCE(SUM(CASE WHEN d.planned AND ((p.planned_day IS NULL AND a.total_day IS NULL)
                                                         OR d.day > COALESCE(p.planned_day, a.total_day))
                                     THEN d.n END), 0) AS planned_change
            FROM counts c
            LEFT JOIN anchor a ON a.who = c.who AND a.hosts_key = c.hosts_key
            LEFT JOIN planned_anchor p ON p.who = c.who AND p.hosts_key = c.hosts_key
            LEFT JOIN changes d ON d.who = c.who AND d.hosts_key = c.hosts_key
            GROUP BY c.who, c.hosts_key, c.figures, c.last_reported
        )
        SELECT s.who, s.hosts_key, s.figures, s.last_reported, a.total_day AS total_date, tf.count AS total,
               ar.total_id, s.change, p.planned_day AS planned_date, pf.count AS planned_total, s.planned_change
        FROM sums s
        LEFT JOIN anchor a ON a.who = s.who AND a.hosts_key = s.hosts_key
        LEFT JOIN anchor_row ar ON ar.who = s.who AND ar.hosts_key = s.hosts_key
        LEFT JOIN {figure} tf ON tf.id = ar.total_id
        LEFT JOIN planned_anchor p ON p.who = s.who AND p.hosts_key = s.hosts_key
        LEFT JOIN planned_row pr ON pr.who = s.who AND pr.hosts_key = s.hosts_key
        LEFT JOIN {figure} pf ON pf.id = pr.planned_id
        ORDER BY s.hosts_key, s.who
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            columns = [column[0] for column in cursor.description]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        for row in rows:
            row["contributor"] = row.pop("who") or None
            for key in ("figures", "change", "planned_change"):  # PostgreSQL's SUM gives Decimal
                row[key] = int(row[key])
            for key in ("last_reported", "total_date", "planned_date"):
                if isinstance(row[key], str):
                    row[key] = date.fromisoformat(row[key][:10])
            row["present"] = max(0, (row["total"] or 0) + row["change"])
            row["planned"] = (
                None if row["planned_total"] is None else max(0, row["planned_total"] + row["planned_change"])
            )
            row["has_total"] = row["total"] is not None
        return rows


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
    # The report's date: its article's publication date, copied here (Article.save
    # keeps it in step) so that the dashboard filters and orders figures by date
    # from one index, without joining every figure to its article.
    published = models.DateField(null=True, blank=True, editable=False)

    sentence = models.TextField(help_text="The evidence sentence, verbatim from the article")
    sentence_start = models.PositiveIntegerField()
    sentence_end = models.PositiveIntegerField()
    extractor_version = models.CharField(max_length=32, blank=True)
    rule = models.CharField(max_length=100, blank=True)
    confidence = models.FloatField(
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="How sure the extractor was of its proposal, 0 to 1 (newsmap/extraction/README.md); "
        "empty for figures editors added.",
    )
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
    # Raised by every write: a form that was filled in from an older version is refused (newsmap/review.py).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = FigureQuerySet.as_manager()
    # Every change, by whom and through which action (the change reason); the hosts are
    # on record through hosts_key.
    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "sentence_start", "id"]
        indexes = [
            models.Index(fields=["review", "status", "kind"]),
            # Covers the dashboard's reads of approved figures (counting rule,
            # timeline, headline): SQLite answers them from the index alone.
            models.Index(
                fields=[
                    "review",
                    "kind",
                    "exercise",
                    "published",
                    "contributor",
                    "hosts_key",
                    "measure",
                    "status",
                    "count",
                    "article",
                ],
                name="figure_dashboard_idx",
            ),
            # One pair's approved figures in date order: what refreshing its kept estimates reads.
            models.Index(fields=["kind", "contributor", "hosts_key", "published"], name="figure_pair_idx"),
        ]

    def __str__(self):
        count = f"{self.count:,}" if self.count is not None else "unnumbered"
        contributor = place_name(self.contributor_id) if self.contributor_id else "?"
        return f"{contributor} → {self.hosts_label or '?'}: {count} {self.kind}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            if self.published is None:
                self.published = self.article.published
        else:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        figure = super().from_db(db, field_names, values, *args, **kwargs)
        figure.counted_as = figure.counting_state()
        return figure

    def counting_state(self) -> tuple | None:
        """What the kept estimates read of this figure: (pair, day, values), or None if they do not count it.

        Kept from when the figure was loaded (`counted_as`), so that a save or delete
        refreshes the pair and days it counted for before as well as after.
        """
        if self.review != Review.APPROVED or "review" in self.get_deferred_fields():
            return None
        return (
            (self.kind, self.contributor_id or "", self.hosts_key),
            self.published,
            (self.count, self.measure, self.status, self.exercise),
        )

    @property
    def key(self) -> str:
        return figure_key(self.contributor_id, self.hosts_key.split(",") if self.hosts_key else [], self.count)

    @property
    def hosts_label(self) -> str:
        return places_label(self.hosts_key.split(",")) if self.hosts_key else ""

    @property
    def count_label(self) -> str:
        """ "about 3,000", "1,000–1,200", "up to 500": the count as the dashboard writes it."""
        if self.count is None:
            return "unnumbered"
        text = f"{self.count:,}" + (f"–{self.count_max:,}" if self.count_max else "")
        if self.qualifier in (Qualifier.EXACT, Qualifier.RANGE):
            return text
        return f"{self.get_qualifier_display()} {text}"

    def set_hosts(self, codes):
        codes = sorted(set(codes))
        self.hosts_key = ",".join(codes)
        if self.pk:
            self.hosts.set(codes)


# A figure's fields as GUIDELINES.md defines them: what the extractor proposes and an editor may correct.
FIGURE_FIELDS = ("contributor", "hosts", "count", "count_max", "qualifier", "measure", "status", "kind", "exercise")


def figure_key(contributor: str | None, hosts, count: int | None) -> str:
    """The guidelines' identity of a figure within an article: (contributor, hosts, count)."""
    return f"{contributor or '-'}|{','.join(sorted(hosts))}|{'' if count is None else count}"


class CandidateState(models.TextChoices):
    OPEN = "open", "open"
    DISMISSED = "dismissed", "dismissed"
    USED = "used", "made a figure"


class CandidateQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=CandidateState.OPEN)

    def of_articles(self, article=None, batch=None, start=None, end=None):
        """The candidates of one article, of one import, or of the articles published from `start` to `end`."""
        qs = self
        if article is not None:
            qs = qs.filter(article=article)
        if batch is not None:
            qs = qs.filter(article__import_batch=batch)
        if start is not None:
            qs = qs.filter(article__published__gte=start)
        if end is not None:
            qs = qs.filter(article__published__lte=end)
        return qs


class Candidate(models.Model):
    """A sentence the extractor thought may hold a figure but proposed none for (a "possible figure").

    An editor makes a figure from it or dismisses it; either choice is kept when the
    article is extracted again (newsmap/ingest.py matches candidates by their sentence).
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="candidates")
    sentence = models.TextField()
    sentence_start = models.PositiveIntegerField()
    sentence_end = models.PositiveIntegerField()
    state = models.CharField(max_length=9, choices=CandidateState, default=CandidateState.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    figure = models.ForeignKey(Figure, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["article", "sentence_start", "pk"]
        indexes = [models.Index(fields=["state", "article"], name="candidate_state_idx")]

    def __str__(self):
        return self.sentence[:80]


LAST_MONTH = date(9999, 12, 1)  # the last month whose next one a date can hold


def next_month(day: date) -> date:
    """The first day of the month after `day`'s."""
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


class EstimateSeriesQuerySet(models.QuerySet):
    """The dashboard's reads of the kept estimates; each answers from a few rows per pair."""

    def family(self, kind: str, exercises: bool):
        return self.filter(kind=kind, with_exercises=bool(exercises))

    def hosted_in_any(self, codes):
        """Series whose hosts include one of `codes` (a group counts for each member)."""
        return self.filter(hosts_key_includes(codes))

    def estimates(self, start: date | None = None, end: date | None = None, status: str = "both") -> list[dict]:
        """The counting rule over the figures reported from `start` to `end`, per pair: rows as
        `FigureQuerySet.estimates` gives them, from two steps per pair."""
        steps = EstimateStep.objects.filter(series=models.OuterRef("pk")).order_by("-day").values("pk")
        qs = self.annotate(last_step=models.Subquery((steps.filter(day__lte=end) if end else steps)[:1]))
        if start is not None:
            qs = qs.annotate(before_start=models.Subquery(steps.filter(day__lt=start)[:1]))
        series = list(
            qs.filter(last_step__isnull=False).values(
                "contributor", "hosts_key", "last_step", *(["before_start"] if start else [])
            )
        )
        found = EstimateStep.objects.in_bulk(
            [s["last_step"] for s in series] + [s["before_start"] for s in series if s.get("before_start")]
        )
        rows = []
        for entry in series:
            before = found[entry["before_start"]].as_step() if entry.get("before_start") else None
            row = counting.estimate(found[entry["last_step"]].as_step(), before, start, status)
            if row is not None:
                rows.append({"contributor": entry["contributor"] or None, "hosts_key": entry["hosts_key"], **row})
        rows.sort(key=lambda row: (row["hosts_key"], row["contributor"] or ""))
        return rows

    def timeline(self, start: date | None = None, end: date | None = None, status: str = "both", by: str = "host"):
        """Per line (hosts_key or contributor), month and status: the largest total reported, and how many.

        Only `total` figures with status present or planned are plotted; `month` is "YYYY-MM" text.
        The months the dates cover whole are read from the monthly rollups, the days of a month
        they cut from the steps.
        """
        if start is not None and start >= LAST_MONTH:
            return []  # no article is dated that late (a date in the future is refused)
        if end is not None and end >= LAST_MONTH:
            end = None
        line = "series__hosts_key" if by == "host" else "series__contributor"
        series = self.values("pk")
        first = None if start is None else start if start.day == 1 else next_month(start)
        after = None if end is None else next_month(end) if (end + timedelta(days=1)).day == 1 else end.replace(day=1)
        spans = []  # (first day, last day) read from the steps
        whole_months = not (first is not None and after is not None and first >= after)
        if not whole_months:
            spans = [(start, end)]
        else:
            if start is not None and start < first:
                spans.append((start, first - timedelta(days=1)))
            if end is not None and after <= end:
                spans.append((after, end))
        sums = ("largest_present", "present_totals", "largest_planned", "planned_totals")
        months: dict[tuple[str, str], list] = {}

        def merge(month, key, values):
            entry = months.setdefault((month, key), [None, 0, None, 0])
            for index, value in enumerate(values):
                if value is None:
                    continue
                if index % 2:
                    entry[index] += value
                else:
                    entry[index] = value if entry[index] is None else max(entry[index], value)

        if whole_months:
            whole = EstimateMonth.objects.filter(series__in=series)
            if first is not None:
                whole = whole.filter(month__gte=first)
            if after is not None:
                whole = whole.filter(month__lt=after)
            for month, key, *values in (
                whole.values("month", line=models.F(line))
                .annotate(*(models.Max(name) if name.startswith("largest") else models.Sum(name) for name in sums))
                .values_list(
                    "month", "line", *(f"{name}__{'max' if name.startswith('largest') else 'sum'}" for name in sums)
                )
            ):
                merge(month.strftime("%Y-%m"), key, values)
        for low, high in spans:
            for month, key, *values in (
                EstimateStep.objects.filter(series__in=series, day__gte=low, day__lte=high)
                .annotate(month=models.functions.Substr(models.functions.Cast("day", models.CharField()), 1, 7))
                .values("month", line=models.F(line))
                .annotate(*(models.Max(name) if name.startswith("largest") else models.Sum(name) for name in sums))
                .values_list(
                    "month", "line", *(f"{name}__{'max' if name.startswith('largest') else 'sum'}" for name in sums)
                )
            ):
                merge(month, key, values)
        rows = []
        for (month, key), (present, present_totals, planned, planned_totals) in sorted(months.items()):
            for kind, largest, totals in (("present", present, present_totals), ("planned", planned, planned_totals)):
                if totals and status in ("both", kind):
                    rows.append(
                        {"month": month, "series": key, "status": kind, "largest": largest, "figures": int(totals)}
                    )
        return rows


class EstimateSeries(models.Model):
    """One (contributor, hosts) pair's kept estimates, for one kind of force, with or without exercises.

    Its steps hold the counting rule's state on each day the pair had an approved
    figure (newsmap/counting.py); newsmap/estimates.py rewrites them in the transaction
    that changes one of its figures, so the dashboard never recounts the figures.
    """

    kind = models.CharField(max_length=8, choices=Kind)
    with_exercises = models.BooleanField()
    contributor = models.CharField(max_length=16, blank=True, help_text="Country code; empty when none was named")
    hosts_key = models.CharField(max_length=200)

    objects = EstimateSeriesQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "estimate series"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "with_exercises", "contributor", "hosts_key"], name="estimate_series_unique"
            )
        ]

    def __str__(self):
        exercises = ", with exercises" if self.with_exercises else ""
        return f"{self.contributor or '?'} → {self.hosts_key} ({self.kind}{exercises})"


class EstimateStep(models.Model):
    """A series' state at the end of a day: the fields of `counting.Step`."""

    series = models.ForeignKey(EstimateSeries, on_delete=models.CASCADE, related_name="steps")
    day = models.DateField()
    figures = models.PositiveIntegerField()
    planned_figures = models.PositiveIntegerField()
    last_unplanned = models.DateField(null=True)
    last_planned = models.DateField(null=True)
    total_day = models.DateField(null=True)
    total = models.PositiveIntegerField(null=True)
    total_id = models.BigIntegerField(null=True)
    change = models.BigIntegerField()
    change_at_total = models.BigIntegerField()
    planned_change_at_total = models.BigIntegerField()
    planned_day = models.DateField(null=True)
    planned_total = models.PositiveIntegerField(null=True)
    planned_id = models.BigIntegerField(null=True)
    planned_change = models.BigIntegerField()
    planned_change_at_planned = models.BigIntegerField()
    largest_present = models.PositiveIntegerField(null=True)
    present_totals = models.PositiveIntegerField()
    largest_planned = models.PositiveIntegerField(null=True)
    planned_totals = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "day"], name="estimate_step_unique")]

    def __str__(self):
        return f"{self.series} on {self.day}"

    def as_step(self) -> counting.Step:
        return counting.Step(**{name: getattr(self, name) for name in counting.STEP_FIELDS})


class EstimateMonth(models.Model):
    """A series' month for the timeline: the largest total reported in it, and how many, present and planned."""

    series = models.ForeignKey(EstimateSeries, on_delete=models.CASCADE, related_name="months")
    month = models.DateField(help_text="Its first day")
    largest_present = models.PositiveIntegerField(null=True)
    present_totals = models.PositiveIntegerField()
    largest_planned = models.PositiveIntegerField(null=True)
    planned_totals = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "month"], name="estimate_month_unique")]

    def __str__(self):
        return f"{self.series} in {self.month:%Y-%m}"


# ReportDay's day for approved figures whose article has no date: counted only when no dates are chosen.
UNDATED = date.min


class ReportDayQuerySet(models.QuerySet):
    def headline(self, kind: str, exercises: bool, status: str, start: date | None, end: date | None) -> dict:
        """Approved figures and the articles reporting them, under the filters that are not about pairs."""
        days = self.filter(kind=kind)
        if start is not None or end is not None:
            days = days.exclude(day=UNDATED).filter(day__gte=start or UNDATED, day__lte=end or date.max)
        suffix = f"{status}{'_x' if exercises else ''}"
        numbers = days.aggregate(figures=models.Sum(f"figures_{suffix}"), articles=models.Sum(f"articles_{suffix}"))
        return {name: int(value or 0) for name, value in numbers.items()}


class ReportDay(models.Model):
    """For one kind of force and day: how many approved figures, and how many articles reporting them.

    An article has one date, so the articles of a range of days add up. Counted by
    status filter (both, present: not planned, planned) without exercises, and with
    them (`_x`); newsmap/estimates.py recounts a day when one of its figures changes.
    """

    kind = models.CharField(max_length=8, choices=Kind)
    day = models.DateField()
    figures_both = models.PositiveIntegerField(default=0)
    articles_both = models.PositiveIntegerField(default=0)
    figures_present = models.PositiveIntegerField(default=0)
    articles_present = models.PositiveIntegerField(default=0)
    figures_planned = models.PositiveIntegerField(default=0)
    articles_planned = models.PositiveIntegerField(default=0)
    figures_both_x = models.PositiveIntegerField(default=0)
    articles_both_x = models.PositiveIntegerField(default=0)
    figures_present_x = models.PositiveIntegerField(default=0)
    articles_present_x = models.PositiveIntegerField(default=0)
    figures_planned_x = models.PositiveIntegerField(default=0)
    articles_planned_x = models.PositiveIntegerField(default=0)

    objects = ReportDayQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "day"], name="report_day_unique")]

    def __str__(self):
        return f"{self.kind} on {self.day}"

    @staticmethod
    def counted() -> dict:
        """The aggregates that fill a row, over a day's approved figures of one kind."""
        planned = models.Q(status=Status.PLANNED)
        by_status = {"both": models.Q(), "present": ~planned, "planned": planned}
        aggregates = {}
        for status, chosen in by_status.items():
            for suffix, condition in (("", chosen & models.Q(exercise=False)), ("_x", chosen)):
                aggregates[f"figures_{status}{suffix}"] = models.Count("pk", filter=condition)
                aggregates[f"articles_{status}{suffix}"] = models.Count("article", filter=condition, distinct=True)
        return aggregates
