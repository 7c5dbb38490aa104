"""API tokens moved to django-rest-knox, which keeps only digests (docs/decisions/0007).

The old table of DRF tokens held every key in plain text; it is dropped rather than left
behind. Everyone asks for a new token once.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [
        migrations.RunSQL(
            "DROP TABLE IF EXISTS authtoken_token CASCADE",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
