from typing import Any

from django.db import migrations

from localoffer.taxonomy import TAXONOMIES, TERMS, taxonomy_id, term_id


def create_taxonomies(apps: Any, schema_editor: Any) -> None:
    Taxonomy = apps.get_model("localoffer", "Taxonomy")
    TaxonomyTerm = apps.get_model("localoffer", "TaxonomyTerm")
    for code, (name, description) in TAXONOMIES.items():
        taxonomy, _ = Taxonomy.objects.update_or_create(
            id=taxonomy_id(code),
            defaults={"code": code, "name": name, "description": description, "version": "1"},
        )
        for position, (term_code, term_name, term_description) in enumerate(TERMS[code]):
            TaxonomyTerm.objects.update_or_create(
                id=term_id(code, term_code),
                defaults={
                    "taxonomy": taxonomy,
                    "code": term_code,
                    "name": term_name,
                    "description": term_description,
                    "position": position,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("localoffer", "0001_initial")]

    operations = [migrations.RunPython(create_taxonomies, migrations.RunPython.noop)]
