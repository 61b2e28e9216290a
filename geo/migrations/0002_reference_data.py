from __future__ import annotations

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from geo.reference import load_reference_data

    load_reference_data(
        apps.get_model("geo", "Prefecture"), apps.get_model("geo", "DesignatedCity")
    )


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
