"""Fill the database with made-up articles and figures for demos and the dashboard benchmark.

    manage.py generate_demo_data --articles 10000 --figures 30000 [--seed 1] [--replace]

The figures follow realistic deployment histories (a base total per contributor
and host, then increases, decreases, new totals and plans), most of them approved.
Everything it creates is marked with the outlet "NewsMap demo" so that --replace
removes only demo data.
"""

import random
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from newsmap.models import Article, Country, Figure, content_hash

DEMO_OUTLET = "NewsMap demo"

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
VERBS = {
    "total": "has about {n} {kind} stationed in {host}",
    "increase": "is sending {n} more {kind} to {host}",
    "decrease": "is withdrawing {n} {kind} from {host}",
}


class Command(BaseCommand):
    help = "Generate made-up articles and deployment figures (demo and benchmark data)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=500)
        parser.add_argument("--figures", type=int, default=1500)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--start", type=date.fromisoformat, default=date(2022, 1, 1))
        parser.add_argument("--days", type=int, default=4 * 365)
        parser.add_argument("--replace", action="store_true", help="Delete earlier demo data first")

    def handle(self, *args, articles, figures, seed, start, days, replace, **options):
        if articles < 1 or figures < 0:
            raise CommandError("--articles must be at least 1 and --figures at least 0")
        names = dict(Country.objects.values_list("code", "name"))
        missing = {c for c in CONTRIBUTORS if c} | {c for group in HOSTS for c in group}
        missing -= set(names)
        if missing:
            raise CommandError(f"Country rows missing (run migrate first): {', '.join(sorted(missing))}")
        rng = random.Random(seed)
        with transaction.atomic():
            if replace:
                Article.objects.filter(outlet=DEMO_OUTLET).delete()
            made_articles = self.make_articles(rng, articles, start, days)
            made_figures = self.make_figures(rng, made_articles, figures, names)
        self.stdout.write(f"Created {len(made_articles)} articles and {made_figures} figures.")

    def make_articles(self, rng, count, start, days):
        batch = []
        for index in range(count):
            published = start + timedelta(days=rng.randrange(days))
            body = f"Demo article {index} ({rng.random():.12f}).\n\nNo text yet."
            batch.append(
                Article(
                    title=f"Deployment update #{index + 1}",
                    outlet=DEMO_OUTLET,
                    url=f"https://demo.invalid/articles/{index + 1}",
                    published=published,
                    body=body,
                    content_hash=content_hash(body),
                    extraction_state="done",
                )
            )
        return Article.objects.bulk_create(batch, batch_size=1000)

    def make_figures(self, rng, articles, count, names):
        # Each (contributor, hosts) pair has a level that drifts over time.
        pairs = set()
        while len(pairs) < 45:
            contributor, hosts = rng.choice(CONTRIBUTORS), rng.choice(HOSTS[: rng.choice([6, 10, len(HOSTS)])])
            if contributor not in hosts:
                pairs.add((contributor, hosts))
        pairs = sorted(pairs, key=str)
        levels = {pair: rng.choice([150, 300, 800, 1000, 1500, 3000, 5000, 10000]) for pair in pairs}
        sentences: dict[int, list[str]] = {article.pk: [] for article in articles}
        figures, host_sets = [], []
        for _ in range(count):
            article = rng.choice(articles)
            pair = rng.choice(pairs)
            contributor, hosts = pair
            measure, status = rng.choice(MEASURES), rng.choice(STATUSES)
            kind = rng.choice(KINDS)
            if measure == "total":
                levels[pair] = max(50, int(levels[pair] * rng.uniform(0.85, 1.2)) // 50 * 50)
                n = levels[pair]
            else:
                n = max(50, int(levels[pair] * rng.uniform(0.05, 0.3)) // 50 * 50)
            host = " and ".join(names[c] for c in hosts)
            subject = names[contributor] if contributor else "The alliance"
            sentence = f"{subject} {VERBS[measure].format(n=f'{n:,}', kind=kind, host=host)}."
            if status == "planned":
                sentence = sentence.replace(" has ", " plans to have ").replace(" is ", " plans to be ")
            sentences[article.pk].append(sentence)
            figures.append(
                Figure(
                    article=article,
                    published=article.published,
                    contributor_id=contributor,
                    hosts_key=",".join(sorted(hosts)),
                    count=n,
                    qualifier=rng.choice(QUALIFIERS),
                    measure=measure,
                    status=status,
                    kind=kind,
                    exercise=rng.random() < 0.08,
                    sentence=sentence,
                    sentence_start=0,
                    sentence_end=0,
                    review=rng.choices(["approved", "proposed", "rejected"], weights=[85, 10, 5])[0],
                    extractor_version="demo",
                    rule="demo",
                )
            )
            host_sets.append(sorted(hosts))
        # Write each article's body from its sentences and record the offsets.
        bodies, offsets = {}, {}
        for article in articles:
            text, position = f"{article.title}.\n\n", len(article.title) + 3
            for sentence in sentences[article.pk]:
                offsets.setdefault(article.pk, []).append((position, position + len(sentence)))
                text += sentence + " "
                position += len(sentence) + 1
            text += f"\n\n(Demo text {article.pk}.)"
            bodies[article.pk] = text.strip()
        for article in articles:
            article.body = bodies[article.pk]
            article.content_hash = content_hash(article.body)
        Article.objects.bulk_update(articles, ["body", "content_hash"], batch_size=1000)
        cursor = {pk: 0 for pk in offsets}
        for figure in figures:
            start, end = offsets[figure.article.pk][cursor[figure.article.pk]]
            cursor[figure.article.pk] += 1
            figure.sentence_start, figure.sentence_end = start, end
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
