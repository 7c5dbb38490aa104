"""The form that asks a professional for advice: the case page's and the school's pages'."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms

from contributions.advice_models import ADVICE_QUESTION_MAX_CHARS, AdviceService
from reviews.forms import DayMonthYearField


class AdviceRequestForm(forms.Form):
    name = forms.CharField(
        label="Professional's name",
        max_length=200,
        error_messages={
            "required": "Enter the professional's name",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    email = forms.EmailField(
        label="Their email address",
        help_text="The link to give their advice goes to this address.",
        error_messages={
            "required": "Enter the professional's email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    service = forms.TypedChoiceField(
        label="Which service are they from?",
        choices=AdviceService.choices,
        coerce=AdviceService,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the professional's service"},
    )
    question = forms.CharField(
        label="What advice do you need?",
        help_text="They see this, the child's initials and year group, and the due date.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=ADVICE_QUESTION_MAX_CHARS,
        error_messages={
            "required": "Enter what advice you need",
            "max_length": "The question must be %(limit_value)s characters or fewer",
        },
    )
    due_on = DayMonthYearField(label="When is the advice due?", require_all_fields=False)

    def __init__(self, *args: Any, latest_due_on_hint: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        due = self.fields["due_on"]
        due.help_text = latest_due_on_hint or "For example, 27 3 2027"
        due.error_messages.update(
            {
                "required": "Enter the date the advice is due",
                "incomplete": "Enter the date the advice is due as day, month and year",
                "invalid": "Enter the date the advice is due as a real date",
            }
        )
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("name"),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.radios("service", legend_size=Size.SMALL),
            Field.textarea("question", rows=5, max_characters=ADVICE_QUESTION_MAX_CHARS),
            Field("due_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Button("submit", "Send the request"),
        )
