"""Seed the catalogue so it exists in every database, test databases included."""

from django.db import migrations


def seed(apps, schema_editor):
    from catalogue.seeding import seed_catalogue

    seed_catalogue(apps)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
