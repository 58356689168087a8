from django.db import migrations


def load_countries(apps, schema_editor):
    from newsmap.countries import sync_countries

    sync_countries(apps.get_model("newsmap", "Country"))


class Migration(migrations.Migration):
    dependencies = [("newsmap", "0001_initial")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
