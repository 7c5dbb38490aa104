from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from common.forms import QuickSelect, QuickTextInput
from organisation.models import Setting, SettingPhase

# The range the model allows (organisation.Setting.last_year_of_phase's validators).
_LAST_YEAR_VALIDATORS = Setting._meta.get_field("last_year_of_phase").validators
LAST_YEAR_LOWEST: int = max(
    v.limit_value for v in _LAST_YEAR_VALIDATORS if isinstance(v, MinValueValidator)
)
LAST_YEAR_HIGHEST: int = min(
    v.limit_value for v in _LAST_YEAR_VALIDATORS if isinstance(v, MaxValueValidator)
)


QUEUE_PAGE_SIZES = (25, 50, 100)
QUEUE_FIELDS = [
    "area",
    "overdue_step",
    "overdue_for",
    "state",
    "phase_transfer",
    "ncy",
    "primary_need",
    "school",
    "assigned",
    "volunteer",
]


def queue_form(
    form: forms.Form, areas: list[Any], volunteers: list[Any], *, sort: str, size: int
) -> forms.Form:
    """The queue's filter form (a GET form), limited to what the queue offers.

    Rendered with plain GOV.UK markup (workbench/queue_filters.html) rather than crispy
    forms, and its selects made in Python (common.forms.QuickSelect): the queue is the
    busiest page, and each halved its rendering time.
    """
    for name in list(form.fields):
        if name not in QUEUE_FIELDS:
            del form.fields[name]
    form.fields["area"].widget = forms.Select(
        choices=[("", "All your areas"), *((a.name, a.name) for a in areas)]
    )
    form.fields["phase_transfer"].widget = forms.Select(
        choices=[("", "Any"), ("true", "Phase transfer this year")]
    )
    form.fields["ncy"].widget = forms.TextInput(attrs={"inputmode": "numeric"})
    # Typed or picked from the area's schools (workbench/queue_filters.html's datalist).
    form.fields["school"].widget = forms.TextInput(
        attrs={"list": "queue-schools", "autocomplete": "off", "spellcheck": "false"}
    )
    form.fields["volunteer"].widget = forms.Select(
        choices=[("", "Any volunteer"), *((v.pk, v.full_name) for v in volunteers)]
    )
    form.fields["sort"] = forms.ChoiceField(
        label="Sort by",
        choices=[
            ("priority", "Priority"),
            ("due_on", "Due date"),
            ("days_overdue", "Days overdue"),
        ],
        initial=sort,
        required=False,
    )
    form.fields["size"] = forms.ChoiceField(
        label="Reviews per page",
        choices=[(str(n), str(n)) for n in QUEUE_PAGE_SIZES],
        initial=str(size),
        required=False,
    )
    for name, field in form.fields.items():
        if type(field.widget) is forms.Select:
            field.widget = QuickSelect(attrs=field.widget.attrs, choices=field.widget.choices)
        elif type(field.widget) is forms.TextInput:
            field.widget = QuickTextInput(attrs=field.widget.attrs)
        kind = "govuk-select" if isinstance(field.widget, forms.Select) else "govuk-input"
        width = (
            ""
            if kind == "govuk-select"
            else " govuk-!-width-full"
            if name == "school"
            else " govuk-input--width-10"
        )
        error = f" {kind}--error" if name in form.errors else ""
        field.widget.attrs["class"] = f"{kind}{width}{error}"
    return form


class SettingSearchForm(forms.Form):
    """The managers' list of settings: find one by name or URN, or list one phase."""

    q = forms.CharField(label="Name or URN", required=False, max_length=200)
    phase = forms.ChoiceField(
        label="Phase", required=False, choices=[("", "All phases"), *SettingPhase.choices]
    )


class SettingLastYearForm(forms.Form):
    """The last year group before a setting's children transfer; blank for its phase's."""

    last_year = forms.IntegerField(
        label="Last year group before children move on",
        required=False,
        min_value=LAST_YEAR_LOWEST,
        max_value=LAST_YEAR_HIGHEST,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter the last year group as a whole number, like 6",
            "min_value": f"The last year group must be {LAST_YEAR_LOWEST} (the nursery year) "
            "or later",
            "max_value": f"The last year group must be Year {LAST_YEAR_HIGHEST} or earlier",
        },
    )

    def __init__(self, *args: Any, usual: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["last_year"].help_text = (
            f"A national curriculum year: {LAST_YEAR_LOWEST} is the nursery year, 0 Reception, "
            f"6 Year 6. Leave it blank for the usual year of the setting's phase: {usual}."
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("last_year", field_width=2, label_size=Size.SMALL),
            Button("submit", "Save and recompute deadlines"),
        )
