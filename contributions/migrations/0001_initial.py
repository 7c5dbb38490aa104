# The app's first migration holds nothing, so that each kind of contribution (reports,
# advice, views) adds its own tables in a migration of its own.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies: list[tuple[str, str]] = []
    operations: list[migrations.operations.base.Operation] = []
