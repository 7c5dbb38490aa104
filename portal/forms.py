"""Forms of the school's pages."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fluid, Layout, Size
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator

from accounts.models import SchoolJob
from contributions.models import (
    OUTCOMES_MAX,
    PLAN_SECTIONS,
    SHORT_TEXT_MAX_CHARS,
    TEXT_MAX_CHARS,
    Recommendation,
)
from documents.filenames import document_filename_safe


def _helper(*fields: Any, button: str) -> FormHelper:
    helper = FormHelper()
    helper.label_size = Size.SMALL
    helper.layout = Layout(*fields, Button("submit", button))
    return helper


class SchoolStaffAddForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter the full name"}
    )
    email = forms.EmailField(
        label="Email address",
        help_text="They sign in with it. Someone new is emailed a link to set a password.",
        error_messages={
            "required": "Enter the email address",
            "invalid": "Enter an email address in the correct format, like name@school.sch.uk",
        },
    )
    job = forms.ChoiceField(
        label="Their job at the school",
        choices=SchoolJob.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their job at the school"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.radios("job", legend_size=Size.SMALL),
            button="Add to the staff list",
        )

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


def _text(label: str, limit: int, *, required: bool = False, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[
            MaxLengthValidator(limit, message=f"{label} must be {limit:,} characters or fewer")
        ],
        error_messages={"required": f"Enter {label[0].lower()}{label[1:]}"},
    )


class ReportAttendeesForm(forms.Form):
    attendees = _text(
        "Who attended the meeting",
        TEXT_MAX_CHARS,
        required=True,
        hint="Their names and roles, one a line, like: Jo Smith, parent.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.textarea("attendees", label_size=Size.SMALL, max_characters=TEXT_MAX_CHARS),
            button="Save and return",
        )


class ReportViewsForm(forms.Form):
    child_views = _text("The child's views", TEXT_MAX_CHARS)
    child_views_not_obtained = _text(
        "If the child's views were not obtained, why not", SHORT_TEXT_MAX_CHARS
    )
    parent_views = _text("The parents' views", TEXT_MAX_CHARS)
    parent_views_not_obtained = _text(
        "If the parents' views were not obtained, why not", SHORT_TEXT_MAX_CHARS
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            *(
                Field.textarea(name, label_size=Size.SMALL, rows=4)
                for name in (
                    "child_views",
                    "child_views_not_obtained",
                    "parent_views",
                    "parent_views_not_obtained",
                )
            ),
            button="Save and return",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("child_views") or data.get("child_views_not_obtained")):
            self.add_error("child_views", "Enter the child's views, or why they were not obtained")
        if not (data.get("parent_views") or data.get("parent_views_not_obtained")):
            self.add_error(
                "parent_views", "Enter the parents' views, or why they were not obtained"
            )
        return data


class ReportOutcomeForm(forms.Form):
    outcome = _text("Outcome", SHORT_TEXT_MAX_CHARS, hint="As the plan's section E words it.")
    progress = _text("Progress towards it", TEXT_MAX_CHARS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("outcome")) != bool(data.get("progress")):
            missing = "progress" if data.get("outcome") else "outcome"
            self.add_error(missing, "Enter both the outcome and the progress towards it")
        return data


ReportOutcomeFormSet = forms.formset_factory(
    ReportOutcomeForm, extra=1, max_num=OUTCOMES_MAX, validate_max=True
)


class ReportRecommendationForm(forms.Form):
    recommendation = forms.ChoiceField(
        label="What does the school recommend?",
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the school's recommendation"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in PLAN_SECTIONS:
            self.fields[f"section_{key}"] = _text(label, TEXT_MAX_CHARS)
        self.helper = _helper(
            Field.radios("recommendation", legend_size=Size.SMALL),
            HTML(
                '<h2 class="govuk-heading-m">Proposed changes</h2>'
                '<p class="govuk-body">If the school recommends amending the plan, give the '
                "proposed change to each section that needs one. Leave the others empty.</p>"
            ),
            *(
                Field.textarea(f"section_{key}", label_size=Size.SMALL, rows=3)
                for key, _ in PLAN_SECTIONS
            ),
            button="Save and return",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        changes = {key: data.get(f"section_{key}") or "" for key, _ in PLAN_SECTIONS}
        if data.get("recommendation") == Recommendation.AMEND and not any(changes.values()):
            self.add_error(
                "section_B", "Enter the proposed change to at least one section of the plan"
            )
        data["changes"] = changes
        return data


class ReportAttachmentForm(forms.Form):
    """One file at a time, kept with the review through the documents' rules."""

    file = forms.FileField(
        label="Choose the file",
        help_text=f"A PDF, Word document (.docx), JPEG or PNG, smaller than "
        f"{settings.DOCUMENT_MAX_BYTES // 1_000_000} MB.",
        error_messages={
            "required": "Select a file to attach",
            "empty": "The selected file is empty",
            "invalid": "Select a file to attach",
        },
    )
    title = forms.CharField(
        label="Title (optional)",
        help_text="For example, 'Speech and language therapy report'. Left empty, the "
        "file's name is used.",
        max_length=200,
        required=False,
        error_messages={"max_length": "The title must be 200 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field("file"),
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            button="Attach the file",
        )

    def clean_file(self) -> UploadedFile:
        """Keep the file under its name made safe to show and to download."""
        upload: UploadedFile = self.cleaned_data["file"]
        upload.name = document_filename_safe(upload.name or "")
        return upload
