"""The forms of the family's part in a review: their views before the meeting and their
questions, as the family fills them in (portal) and as an officer records them from paper,
a phone call or an advocate (workbench)."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator

from contributions.family_views_models import (
    ANSWER_MAX_CHARS,
    QUESTION_MAX_CHARS,
    VIEWS_ANSWER_MAX_CHARS,
    VIEWS_QUESTIONS,
    Channel,
)
from documents.filenames import document_filename_safe

# How a record an officer makes came to them: every way but online.
RECORDED_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.ONLINE]
FILE_HINT = (
    f"A photo or a drawing (JPEG or PNG), a recording (MP3 or M4A), a PDF or a Word "
    f"document, smaller than "
    f"{settings.DOCUMENT_MAX_BYTES // 1_000_000} MB."
)


def _textarea(label: str, hint: str, limit: int, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[MaxLengthValidator(limit, message=f"Use {limit:,} characters or fewer")],
        error_messages={"required": "Enter some words"},
    )


def _recorded_fields(form: forms.Form, *, who_label: str) -> None:
    form.fields["channel"] = forms.ChoiceField(
        label="How did it come to you?",
        choices=RECORDED_CHANNELS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how it came to you"},
    )
    form.fields["given_by_name"] = forms.CharField(
        label=who_label,
        help_text="For example, 'Sam's mother, by phone' or 'Jo Smith, advocate'.",
        max_length=200,
        required=False,
        error_messages={"max_length": "Use 200 characters or fewer"},
    )


class ViewsForm(forms.Form):
    """One person's views: the guided questions, and a file if they want to add one.
    `recorded`: an officer's form, which also asks how the views came."""

    def __init__(self, *args: Any, about: str, recorded: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.about = about
        self.question_names = [name for name, _, _ in VIEWS_QUESTIONS[about]]
        for name, question, hint in VIEWS_QUESTIONS[about]:
            self.fields[name] = _textarea(question, hint, VIEWS_ANSWER_MAX_CHARS)
        self.fields["file"] = forms.FileField(
            label="Add a file (if you want to)",
            help_text=FILE_HINT,
            required=False,
            error_messages={"empty": "The file you chose is empty", "invalid": "Choose a file"},
        )
        self.fields["file_title"] = forms.CharField(
            label="What is the file? (if you want to say)",
            help_text="For example, 'My drawing of my class'.",
            max_length=200,
            required=False,
            error_messages={"max_length": "Use 200 characters or fewer"},
        )
        layout: list[Any] = [Field.textarea(name) for name in self.question_names]
        if recorded:
            _recorded_fields(self, who_label="Who gave these views? (optional)")
            layout = [
                Field.radios("channel", legend_size=Size.SMALL),
                Field.text("given_by_name", field_width=Fluid.TWO_THIRDS),
                *layout,
            ]
        layout += [
            Field("file"),
            Field.text("file_title", field_width=Fluid.TWO_THIRDS),
        ]
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.layout = Layout(*layout, Button("submit", "Save"))

    def clean_file(self) -> UploadedFile | None:
        """Keep a file under its name made safe to show and to download."""
        upload: UploadedFile | None = self.cleaned_data.get("file")
        if upload is not None:
            upload.name = document_filename_safe(upload.name or "")
        return upload

    def answers(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in self.question_names}


class QuestionForm(forms.Form):
    """A question to the case officer. `recorded`: an officer records one that came by phone
    or on paper, and how."""

    text = _textarea(
        "Your question",
        "Your case officer will answer you here.",
        QUESTION_MAX_CHARS,
        required=True,
    )

    def __init__(self, *args: Any, recorded: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = "Enter your question"
        layout: list[Any] = [Field.textarea("text")]
        if recorded:
            self.fields["text"].label = "The question"
            self.fields["text"].help_text = "The family reads your answer online if they can."
            self.fields["text"].error_messages["required"] = "Enter the question"
            _recorded_fields(self, who_label="Who asked it? (optional)")
            layout = [
                Field.radios("channel", legend_size=Size.SMALL),
                Field.text("given_by_name", field_width=Fluid.TWO_THIRDS),
                *layout,
            ]
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            *layout, Button("submit", "Record the question" if recorded else "Send")
        )


class AnswerForm(forms.Form):
    answer = _textarea(
        "Your answer",
        "The family sees it when they sign in, and is told by email that it is there.",
        ANSWER_MAX_CHARS,
        required=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].error_messages["required"] = "Enter your answer"
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.textarea("answer"), Button("submit", "Send the answer"))
