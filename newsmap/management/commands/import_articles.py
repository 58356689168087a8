"""python manage.py import_articles PATH ... [--extract] [--batch-size 100] [--user NAME]

Imports files, or folders of them (searched recursively): .txt (first line is the
title), .html pages (trafilatura), .jsonl (one {"title", "text", "date", "url",
"outlet"} object a line), .csv (columns title, url, date, outlet, text) and RSS/Atom
feeds (.rss, .atom, .xml). Every document obeys the article form's rules
(newsmap/importing.py); duplicates are skipped and counted, every other bad file,
line or entry is reported with its reason while the rest goes in. Commits a batch at
a time and reads one line at a time, so memory stays flat whatever the input's size.
With --extract the figures are extracted here, in each batch's transaction;
otherwise the extraction is queued for the `db_worker` processes.
"""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.html import strip_tags
from tqdm import tqdm

from newsmap.documents import SUFFIXES, read_file
from newsmap.importing import BATCH_SIZE, Importer


class Command(BaseCommand):
    help = "Import articles from files or folders (.txt, .html, .jsonl, .csv, RSS/Atom feeds)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--extract", action="store_true", help="extract the figures here, not in the workers")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="articles a transaction")
        parser.add_argument("--user", help="the account the articles are entered by (default: none)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, paths, extract, batch_size, user, no_progress, verbosity, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        entered_by = None
        if user:
            entered_by = get_user_model().objects.filter(username=user).first()
            if entered_by is None:
                raise CommandError(f"No user named {user!r}")
        files, missing = self.files(paths)
        stream = getattr(self.stderr, "_out", self.stderr)  # tqdm redraws its line: no added line endings
        bar = tqdm(
            total=sum(path.stat().st_size for path, _ in files),
            unit="B",
            unit_scale=True,
            desc="import",
            file=stream,
            disable=no_progress,
            mininterval=0.5,
            dynamic_ncols=True,
        )

        def say(message):
            if no_progress:
                self.stderr.write(message)
            else:
                bar.write(message, file=stream)

        def on_problem(where, message, duplicate):
            if not duplicate or verbosity > 1:
                say(f"{'skipped' if duplicate else 'refused'}: {where + ': ' if where else ''}{strip_tags(message)}")

        for problem in missing:
            say(f"refused: {problem}")
        importer = Importer(user=entered_by, extract=extract, batch_size=batch_size, on_problem=on_problem)
        started = time.monotonic()
        report = importer.report
        for path, name in files:
            with path.open("rb") as file:
                for document in read_file(file, name, path.stat().st_size, on_read=bar.update):
                    importer.add(document)
                    rate = report.imported / max(time.monotonic() - started, 1e-6)
                    bar.set_postfix_str(
                        f"{report.imported:,} imported, {report.duplicates:,} duplicates, {report.refused:,} refused, "
                        f"{rate:,.0f} articles/s",
                        refresh=False,
                    )
        importer.close()
        bar.close()
        seconds = time.monotonic() - started
        report.refused += len(missing)
        where = "done here" if extract else "queued for the background workers"
        self.stdout.write(
            f"{report.summary()} in {seconds:.1f} s ({report.imported / max(seconds, 1e-6):,.0f} articles/s); "
            f"extraction {where}."
        )
        if report.refused:
            raise CommandError(f"{report.refused:,} file(s), line(s) or entries could not be imported (see above)")

    def files(self, paths) -> tuple[list[tuple[Path, str]], list[str]]:
        """(path, name shown in messages) of every file to read, and the paths that are not there or not readable."""
        found, missing = [], []
        for path in paths:
            if path.is_dir():
                for child in sorted(p for p in path.rglob("*") if p.is_file()):
                    if child.suffix.lower() in SUFFIXES:
                        found.append((child, str(child)))
            elif path.is_file():
                if path.suffix.lower() in SUFFIXES:
                    found.append((path, str(path)))
                else:
                    missing.append(f"{path}: not a file this command reads (use {', '.join(SUFFIXES)})")
            else:
                missing.append(f"{path}: no such file or folder")
        return found, missing
