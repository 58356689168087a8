from django.db import migrations


def load_countries(apps, schema_editor):
    from newsmap.countries import sync_countries

    sync_countries(apps.get_model("newsmap", "Country"))


class Migration(migrations.Migration):
    """The United Arab Emirates as "the UAE" and Côte d'Ivoire as "Ivory Coast"."""

    dependencies = [("newsmap", "0008_kosovo")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
