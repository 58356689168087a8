from django.db import migrations


def load_countries(apps, schema_editor):
    from newsmap.countries import sync_countries

    sync_countries(apps.get_model("newsmap", "Country"))


class Migration(migrations.Migration):
    """Kosovo (XK), which pycountry lacks: the extractor names it as a host (KFOR)."""

    dependencies = [("newsmap", "0007_figure_confidence")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
