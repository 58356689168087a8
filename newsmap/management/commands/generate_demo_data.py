"""Fill the database with made-up articles and figures for demos and the benchmarks.

    manage.py generate_demo_data --articles 100000 --figures 300000 [--seed 1] [--replace]

Each (contributor, hosts) pair follows a deployment history: a level that holds for
weeks and then moves, always within half and twice its starting size. Articles report
it as totals (present, planned ahead, ended), increases and decreases, some without a
number; figures are in every review state (mostly approved, some proposed, rejected or
corrected by an editor). Everything it creates is marked with the outlet
"NewsMap demo" so that --replace removes only demo data. Written in chunks, so memory
stays flat whatever the size.
"""

import random
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from newsmap import estimates
from newsmap.models import Article, Country, Figure, content_hash

DEMO_OUTLET = "NewsMap demo"
CHUNK = 5000  # articles written at a time

CONTRIBUTORS = ["US", "GB", "DE", "FR", "CA", "NL", "ES", "IT", "NO", "DK", "BE", "SE", "NATO", "PL", None]
HOSTS = [
    ("PL",),
    ("LT",),
    ("LV",),
    ("EE",),
    ("RO",),
    ("BG",),
    ("SK",),
    ("HU",),
    ("DE",),
    ("FI",),
    ("NO",),
    ("IS",),
    ("CY",),
    ("MT",),
    ("LU",),
    ("TR",),
    ("EE", "LT", "LV"),
    ("PL", "RO"),
    ("EASTERN_FLANK",),
    ("EUROPE",),
]
KINDS = ["troops"] * 8 + ["aircraft", "ships"]
MEASURES = ["total"] * 7 + ["increase"] * 2 + ["decrease"]
STATUSES = ["present"] * 7 + ["planned"] * 2 + ["ended"]
QUALIFIERS = ["exact"] * 5 + ["approx"] * 3 + ["at_least", "at_most"]
# (review, edited, weight): every state an editor can leave a figure in.
REVIEWS = [("approved", False, 80), ("proposed", False, 10), ("rejected", False, 5), ("approved", True, 5)]
BASE_LEVELS = [150, 300, 800, 1000, 1500, 3000, 5000, 10000]
VERBS = {
    "total": "has about {n} {kind} stationed in {host}",
    "increase": "is sending {n} more {kind} to {host}",
    "decrease": "is withdrawing {n} {kind} from {host}",
}


def round50(value: float) -> int:
    return max(50, int(value) // 50 * 50)


def deployment_history(rng: random.Random, days: int) -> list[int]:
    """A pair's level on each day: steady for weeks, then a move, bounded by half and twice its start."""
    base = rng.choice(BASE_LEVELS)
    level, levels = base, []
    for _ in range(days):
        if rng.random() < 0.02:
            level = round50(min(2 * base, max(base / 2, level * rng.uniform(0.75, 1.35))))
        levels.append(level)
    return levels


class Command(BaseCommand):
    help = "Generate made-up articles and deployment figures (demo and benchmark data)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=500)
        parser.add_argument("--figures", type=int, default=None, help="default: three per article")
        parser.add_argument("--pairs", type=int, default=45, help="(contributor, hosts) pairs reported")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--start", type=date.fromisoformat, default=date(2022, 1, 1))
        parser.add_argument("--days", type=int, default=4 * 365)
        parser.add_argument("--replace", action="store_true", help="Delete earlier demo data first")

    def handle(self, *args, articles, figures, pairs, seed, start, days, replace, **options):
        figures = 3 * articles if figures is None else figures
        if articles < 1 or figures < 0 or days < 1 or pairs < 1:
            raise CommandError("--articles, --days and --pairs must be at least 1 and --figures at least 0")
        names = dict(Country.objects.values_list("code", "name"))
        missing = {c for c in CONTRIBUTORS if c} | {c for group in HOSTS for c in group}
        missing -= set(names)
        if missing:
            raise CommandError(f"Country rows missing (run migrate first): {', '.join(sorted(missing))}")
        possible = sum(1 for c in CONTRIBUTORS for h in HOSTS if c not in h)
        if pairs > possible:
            raise CommandError(f"--pairs can be at most {possible}")
        rng = random.Random(seed)
        histories = self.make_pairs(rng, pairs, days)
        url_base = f"https://demo.invalid/{seed}/{start:%Y%m%d}"
        if not replace and Article.objects.filter(url__startswith=url_base + "/").exists():
            raise CommandError("Demo data from this --seed and --start is already there: add --replace")
        with transaction.atomic(), estimates.deferred():
            if replace:
                Article.objects.filter(outlet=DEMO_OUTLET).delete()
            made = 0
            for first in range(0, articles, CHUNK):
                size = min(CHUNK, articles - first)
                share = figures * (first + size) // articles - figures * first // articles
                made += self.make_chunk(rng, first, size, share, histories, names, start, days, url_base)
                if options["verbosity"] > 1:
                    self.stdout.write(f"{first + size:,} articles, {made:,} figures")
        self.stdout.write(f"Created {articles} articles and {made} figures.")
        estimates.rebuild()

    def make_pairs(self, rng, count, days):
        pairs = set()
        while len(pairs) < count:
            contributor, hosts = rng.choice(CONTRIBUTORS), rng.choice(HOSTS[: rng.choice([6, 10, len(HOSTS)])])
            if contributor not in hosts:
                pairs.add((contributor, hosts))
        return {pair: deployment_history(rng, days) for pair in sorted(pairs, key=str)}

    def make_chunk(self, rng, first, size, count, histories, names, start, days, url_base) -> int:
        offsets = [rng.randrange(days) for _ in range(size)]
        reports: list[list[dict]] = [[] for _ in range(size)]
        pairs = list(histories)
        for _ in range(count):
            index = rng.randrange(size)
            pair = rng.choice(pairs)
            reports[index].append(self.make_figure(rng, pair, histories[pair], offsets[index], names))
        batch = []
        for index in range(size):
            number = first + index + 1
            title = f"Deployment update #{number}"
            text, position = f"{title}.\n\n", len(title) + 3
            for report in reports[index]:
                report["sentence_start"], report["sentence_end"] = position, position + len(report["sentence"])
                text += report["sentence"] + " "
                position += len(report["sentence"]) + 1
            body = f"{text}\n\n(Demo text {number}, {rng.random():.12f}.)".strip()
            batch.append(
                Article(
                    title=title,
                    outlet=DEMO_OUTLET,
                    url=f"{url_base}/{number}",
                    published=start + timedelta(days=offsets[index]),
                    body=body,
                    content_hash=content_hash(body),
                    extraction_state="done",
                )
            )
        created = Article.objects.bulk_create(batch, batch_size=1000)
        figures, host_sets = [], []
        now = timezone.now()
        for article, article_reports in zip(created, reports, strict=True):
            for report in article_reports:
                hosts = report.pop("hosts")
                figures.append(
                    Figure(
                        article=article,
                        published=article.published,
                        reviewed_at=now if report["review"] != "proposed" else None,
                        **report,
                    )
                )
                host_sets.append(sorted(hosts))
        Figure.objects.bulk_create(figures, batch_size=1000)
        through = Figure.hosts.through
        through.objects.bulk_create(
            [
                through(figure_id=figure.pk, country_id=code)
                for figure, codes in zip(figures, host_sets, strict=True)
                for code in codes
            ],
            batch_size=2000,
        )
        return len(figures)

    def make_figure(self, rng, pair, levels: list[int], day: int, names) -> dict:
        """A figure's fields, reporting the pair's level on the article's day (a plan: the level to come)."""
        contributor, hosts = pair
        measure, status, kind = rng.choice(MEASURES), rng.choice(STATUSES), rng.choice(KINDS)
        review, edited, _ = rng.choices(REVIEWS, weights=[w for *_, w in REVIEWS])[0]
        if measure == "total":
            count = levels[min(day + rng.randint(30, 120), len(levels) - 1)] if status == "planned" else levels[day]
        else:
            count = round50(levels[day] * rng.uniform(0.05, 0.25))
        numbered = rng.random() > 0.02
        host = " and ".join(names[c] for c in hosts)
        subject = names[contributor] if contributor else "The alliance"
        sentence = f"{subject} {VERBS[measure].format(n=f'{count:,}' if numbered else 'some', kind=kind, host=host)}."
        if status == "planned":
            sentence = sentence.replace(" has ", " plans to have ").replace(" is ", " plans to be ")
        return {
            "contributor_id": contributor,
            "hosts": hosts,
            "hosts_key": ",".join(sorted(hosts)),
            "count": count if numbered else None,
            "qualifier": rng.choice(QUALIFIERS) if numbered else "vague",
            "measure": measure,
            "status": status,
            "kind": kind,
            "exercise": rng.random() < 0.08,
            "sentence": sentence,
            "review": review,
            "edited": edited,
            "extractor_version": "demo",
            "rule": "demo",
        }
