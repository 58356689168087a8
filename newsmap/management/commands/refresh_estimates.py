"""python manage.py refresh_estimates [--check]

Rebuilds the kept estimates (newsmap/estimates.py) from the approved figures. Reviews
keep them current by themselves; this is for after a restore or a bulk change made
around the application (SQL, a fixture). With --check, nothing is written: the kept
estimates are compared with the counting rule run over the figures, and every
difference is printed (exit status 1 if there is one).
"""

from django.core.management.base import BaseCommand, CommandError

from newsmap import estimates


class Command(BaseCommand):
    help = "Rebuild the kept estimates from the approved figures, or --check them against the counting rule."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare only; change nothing")

    def handle(self, *args, check, **options):
        if check:
            differences = estimates.differences()
            for line in differences:
                self.stdout.write(line)
            if differences:
                raise CommandError(f"{len(differences)} kept estimate(s) differ from the counting rule")
            self.stdout.write("The kept estimates agree with the counting rule.")
            return
        pairs = estimates.rebuild()
        self.stdout.write(f"Rebuilt the kept estimates of {pairs} pair(s).")
