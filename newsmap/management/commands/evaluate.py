"""python manage.py evaluate GOLD.jsonl ARTICLES.jsonl [--errors]

Runs the extractor over ARTICLES and scores it against GOLD exactly like
tests/data/eval/score.py: precision, recall and F1 on (contributor, hosts,
count) and the accuracy of every other field; then precision and recall of the
figures at confidence 0.5, 0.8 and 0.9, and how many gold figures' sentences an
editor sees (as a figure's sentence or a candidate). Uses no database and needs
no secrets (manage.py runs it offline).
"""

import json as json_module

from django.core.management.base import BaseCommand, CommandError

from newsmap.extraction import EXTRACTOR_VERSION
from newsmap.extraction.io import read_articles, records
from newsmap.extraction.scoring import CONFIDENCE_LEVELS, at_confidence, coverage, format_report, load_jsonl, score


class Command(BaseCommand):
    help = "Score the extractor on ARTICLES against GOLD (precision, recall, F1, attribute accuracy, confidence)."
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
            output = {r["id"]: r for r in records(read_articles(articles))}
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        predicted = {k: r["figures"] for k, r in output.items()}
        if numbered_only:
            predicted = {k: [f for f in v if f.get("count") is not None] for k, v in predicted.items()}
        result = score(gold_figures, predicted)
        levels = {level: at_confidence(gold_figures, predicted, level) for level in CONFIDENCE_LEVELS}
        seen = coverage(gold_figures, output)
        if json:
            report = result.as_dict() | {
                "extractor_version": EXTRACTOR_VERSION,
                "at_confidence": {
                    str(level): {
                        "precision": round(s.precision, 4),
                        "recall": round(s.recall, 4),
                        "figures": s.true_positives + s.false_positives,
                    }
                    for level, s in levels.items()
                },
                "sentences_seen": round(seen.share, 4),
                "candidates_per_article": round(seen.candidates_per_article, 2),
            }
            self.stdout.write(json_module.dumps(report, indent=2))
            return
        for line in format_report(result, errors=errors):
            self.stdout.write(line)
        for level, s in levels.items():
            self.stdout.write(
                f"confidence >= {level}: precision {s.precision:.3f}  recall {s.recall:.3f}  "
                f"({s.true_positives + s.false_positives} figures)"
            )
        self.stdout.write(
            f"gold sentences seen as a figure or a candidate: {seen.covered}/{seen.gold_sentences} "
            f"({seen.share:.3f}); candidates per article {seen.candidates_per_article:.2f}"
        )
