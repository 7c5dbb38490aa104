"""The professional's advice: text, files, or both."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from contributions.advice import ADVICE_FILES_MAX
from contributions.advice_models import ADVICE_TEXT_MAX_CHARS
from documents.filenames import document_filename_safe


class _ManyFilesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _ManyFilesField(forms.FileField):
    """Several files from one input (Django's documented pattern); none is allowed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _ManyFilesInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class AdviceForm(forms.Form):
    advice = forms.CharField(
        label="Your advice",
        help_text="Leave this empty if your advice is in the files you attach.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=ADVICE_TEXT_MAX_CHARS,
        error_messages={"max_length": "Your advice must be %(limit_value)s characters or fewer"},
    )
    attachments = _ManyFilesField(
        label="Attach files (optional)",
        help_text=f"Up to {ADVICE_FILES_MAX} files: PDF, Word document (.docx), JPEG or PNG, "
        f"each smaller than {settings.DOCUMENT_MAX_BYTES // 1_000_000} MB.",
        required=False,
        error_messages={"empty": "The selected file is empty", "invalid": "Select a file"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.MEDIUM
        self.helper.layout = Layout(
            Field.textarea("advice", rows=10, max_characters=ADVICE_TEXT_MAX_CHARS),
            Field("attachments"),
            Button("submit", "Send your advice"),
        )

    def clean_attachments(self) -> list[UploadedFile]:
        uploads: list[UploadedFile] = self.cleaned_data["attachments"]
        for upload in uploads:
            upload.name = document_filename_safe(upload.name or "")
        return uploads
