from typing import Any

from django.db import migrations

from localoffer.taxonomy import taxonomies_install


def create_taxonomies(apps: Any, schema_editor: Any) -> None:
    taxonomies_install(apps.get_model("localoffer", "Taxonomy"), apps.get_model("localoffer", "TaxonomyTerm"))


class Migration(migrations.Migration):
    dependencies = [("localoffer", "0001_initial")]

    operations = [migrations.RunPython(create_taxonomies, migrations.RunPython.noop)]
