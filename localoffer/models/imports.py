"""Files of services uploaded to the Local Offer, checked and then imported by a worker
(localoffer.importing)."""

from django.db import models

from common.models import UploadJob


class ServiceImportStatus(models.TextChoices):
    """Where an uploaded file of services stands; the worker does each step."""

    CHECKING = "checking", "Checking the file"
    CHECKED = "checked", "Checked: waiting for your confirmation"
    IMPORTING = "importing", "Importing the services"
    IMPORTED = "imported", "Services imported"
    FAILED = "failed", "Nothing was imported"


class ServiceImportJob(UploadJob):
    """One uploaded file of services, its preview and, once confirmed, its import (common
    .models.UploadJob). The file is never read in the web request: a worker moves the job
    checking -> checked (the uploader confirms) -> importing -> imported, or failed."""

    status = models.CharField(
        max_length=16, choices=ServiceImportStatus.choices, default=ServiceImportStatus.CHECKING
    )
    outcomes = models.JSONField(
        default=list, help_text="Each row: [row, service name, outcome, messages]."
    )

    class Meta(UploadJob.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ServiceImportStatus.values),
                name="service_import_status_valid",
            ),
        ]
