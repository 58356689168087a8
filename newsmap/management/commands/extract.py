"""python manage.py extract [PATH ...] — deployment figures as JSON Lines.

Reads .txt files (id = file name stem), JSON Lines files of articles
({"id", "text", "date"?}) or '-' for stdin, and writes one line per article,
{"id": ..., "figures": [...], "candidates": [...]}: the figures in the
GUIDELINES format plus start, end, rule and confidence; the candidates are the
sentences an editor should check ({"sentence", "start", "end"}). Uses no
database and needs no secrets (manage.py runs it offline).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from newsmap.extraction import EXTRACTOR_VERSION
from newsmap.extraction.io import read_articles, records


class Command(BaseCommand):
    help = "Extract deployment figures from articles (.txt, .jsonl or - for stdin) and print JSON Lines."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", default=["-"], help=".txt or .jsonl files; - reads JSON Lines from stdin"
        )

    def handle(self, *args, paths, **options):
        try:
            for record in records(read_articles(paths)):
                self.stdout.write(json.dumps(record, ensure_ascii=False))
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        if options.get("verbosity", 1) > 1:
            self.stderr.write(f"extractor version {EXTRACTOR_VERSION}")
