from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from localoffer.models import SenReportItem
from localoffer.sen_reports import ITEM_GUIDANCE, URL_MAX_LENGTH, ComplianceStatus
from organisation.models import AreaTeam

URL_HELP = (
    "The address of the page or document on your school's website, as it appears in your "
    "browser, like https://www.school.kent.sch.uk/send. Leave it empty if the report is not "
    "published yet."
)
URL_INVALID = (
    "Enter the web address of the report as it appears in a browser, starting with "
    "https://, like https://www.school.kent.sch.uk/send"
)


class SenReportForm(forms.Form):
    """The school's own check of its published report against Schedule 1."""

    url = forms.URLField(
        label="Web address of your SEN information report",
        help_text=URL_HELP,
        required=False,
        max_length=URL_MAX_LENGTH,
        assume_scheme="https",
        # A text input: crispy-forms-gds gives GOV.UK styles to text inputs, not to type=url.
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "url"}),
        error_messages={
            "invalid": URL_INVALID,
            "max_length": f"The web address must be {URL_MAX_LENGTH} characters or fewer",
        },
    )
    items_met = forms.MultipleChoiceField(
        label="Our report says…",
        help_text="Select everything your published report covers. Schedule 1 of the SEND "
        "Regulations 2014 requires all of them.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            Choice(item.value, item.label, hint=ITEM_GUIDANCE[item.value]) for item in SenReportItem
        ],
        error_messages={"invalid_choice": "Select only the items listed"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.text("url", label_size=Size.MEDIUM),
            Field.checkboxes("items_met", legend_size=Size.MEDIUM),
            Button("submit", "Save the check"),
        )

    def clean_url(self) -> str:
        url = str(self.cleaned_data.get("url") or "")
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(URL_INVALID)
        return url


class ComplianceFilterForm(forms.Form):
    """The compliance table's filters, read from the query string."""

    area = forms.TypedChoiceField(
        label="Area team",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose an area team from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *ComplianceStatus.choices],
        error_messages={"invalid_choice": "Choose a status from the list"},
    )

    def __init__(self, data: Any, *, areas: list[AreaTeam]) -> None:
        super().__init__(data)
        area = self.fields["area"]
        assert isinstance(area, forms.TypedChoiceField)
        area.choices = [("", "All area teams"), *((str(a.pk), a.name) for a in areas)]
