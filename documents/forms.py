from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from documents.filenames import document_filename_safe
from documents.models import DocumentKind

UPLOAD_KINDS = [(k.value, k.label) for k in DocumentKind if k != DocumentKind.LETTER]


class DocumentUploadForm(forms.Form):
    """One file at a time: GOV.UK asks for one thing per page, and an error names one file."""

    file = forms.FileField(
        label="Choose the file",
        help_text=f"A PDF, Word document (.docx), JPEG or PNG, smaller than "
        f"{settings.DOCUMENT_MAX_BYTES // 1_000_000} MB.",
        error_messages={
            "required": "Select a file to upload",
            "empty": "The selected file is empty",
            "invalid": "Select a file to upload",
        },
    )
    kind = forms.ChoiceField(
        label="What is it?",
        choices=UPLOAD_KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the document is"},
    )
    title = forms.CharField(
        label="Title (optional)",
        help_text="For example, 'Educational psychologist advice, October 2026'. "
        "Left empty, the file's name is used.",
        max_length=200,
        required=False,
        error_messages={"max_length": "The title must be 200 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field("file"),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("title"),
            Button("submit", "Upload"),
        )

    def clean_file(self) -> UploadedFile:
        """Keep the file, under its name made safe to show and to download (any length)."""
        upload: UploadedFile = self.cleaned_data["file"]
        upload.name = document_filename_safe(upload.name or "")
        return upload
