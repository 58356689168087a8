"""Refresh the Country table after the reviewed data file or pycountry changed."""

from django.core.management.base import BaseCommand

from newsmap.countries import sync_countries
from newsmap.models import Country


class Command(BaseCommand):
    help = "Update every country from pycountry and newsmap/extraction/data/countries.json."

    def handle(self, *args, **options):
        self.stdout.write(f"{sync_countries(Country)} countries and places up to date.")
