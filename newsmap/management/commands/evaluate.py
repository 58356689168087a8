"""python manage.py evaluate GOLD.jsonl ARTICLES.jsonl [--errors]

Runs the extractor over ARTICLES and scores it against GOLD exactly like
tests/data/eval/score.py: precision, recall and F1 on (contributor, hosts,
count) and the accuracy of every other field. Uses no database.
"""

import json as json_module

from django.core.management.base import BaseCommand, CommandError

from newsmap.extraction import EXTRACTOR_VERSION
from newsmap.extraction.io import predict, read_articles
from newsmap.extraction.scoring import format_report, load_jsonl, score


class Command(BaseCommand):
    help = "Score the extractor on ARTICLES against GOLD (precision, recall, F1, attribute accuracy)."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("gold", help="gold figures, JSON Lines")
        parser.add_argument("articles", nargs="+", help="articles: .jsonl/.txt files or - for stdin")
        parser.add_argument("--errors", action="store_true", help="list every missed and spurious figure")
        parser.add_argument("--json", action="store_true", help="print the scores as JSON")
        parser.add_argument("--numbered-only", action="store_true", help="score only figures that have a count")

    def handle(self, *args, gold, articles, errors, json: bool, numbered_only, **options):
        try:
            gold_figures = load_jsonl(gold, numbered_only)
            predicted = predict(read_articles(articles))
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        if numbered_only:
            predicted = {k: [f for f in v if f.get("count") is not None] for k, v in predicted.items()}
        result = score(gold_figures, predicted)
        if json:
            self.stdout.write(json_module.dumps(result.as_dict() | {"extractor_version": EXTRACTOR_VERSION}, indent=2))
            return
        for line in format_report(result, errors=errors):
            self.stdout.write(line)
