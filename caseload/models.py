"""The caseload's import jobs: an uploaded file, its check, the officer's confirmation, its import."""

from django.db import models

from common.models import UploadJob


class ImportStatus(models.TextChoices):
    """Where an uploaded caseload file stands; each step runs in a Celery task."""

    CHECKING = "checking", "Checking the file"
    CHECKED = "checked", "Checked: waiting for your confirmation"
    IMPORTING = "importing", "Importing"
    IMPORTED = "imported", "Imported"
    FAILED = "failed", "Could not be imported"


class ImportJob(UploadJob):
    """One uploaded caseload file, its preview and, once confirmed, its import (common.models
    .UploadJob). A worker moves it checking -> checked (the officer confirms) -> importing ->
    imported, or failed; the row-by-row report stays for the officer to download."""

    status = models.CharField(
        max_length=16, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    progress = models.PositiveSmallIntegerField(default=0)
    save_valid_rows = models.BooleanField(default=False)
    outcomes = models.JSONField(
        default=list, help_text="Each row: [row, plan_ref, outcome, messages]."
    )

    class Meta(UploadJob.Meta):
        db_table = "casework_importjob"  # its table since before the move from casework
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ImportStatus.values), name="import_status_valid"
            ),
        ]
