"""Install pg_trgm, which the Local Offer search uses to correct misspelt words
(`localoffer.spelling`), where the server offers it and lets us install it.

The embedded PostgreSQL of `make run` (pgserver) has no pg_trgm, and a server may refuse
CREATE EXTENSION to a role without the privilege; in both cases the search works without it,
so this migration then does nothing rather than fail. Reversing it leaves the extension, as
other applications of the database may use it.
"""

from django.db import DatabaseError, migrations, transaction
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def install_trigram(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError:
            return


class Migration(migrations.Migration):
    dependencies = [("localoffer", "0004_points_at_organisation")]

    operations = [migrations.RunPython(install_trigram, migrations.RunPython.noop, elidable=True)]
