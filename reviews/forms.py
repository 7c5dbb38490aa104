from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from casework.models import CeaseReason
from reviews.models import (
    DECISION_NOTES_MAX_CHARS,
    PHASE_TRANSFER_SOON_DAYS,
    DeadlineRules,
    Decision,
)
from reviews.transitions import Transition

WEIGHTS = [
    "weight_per_day_overdue",
    "weight_phase_transfer_soon",
    "weight_looked_after",
    "weight_never_reviewed",
    "weight_preparing_for_adulthood",
    "weight_under_five",
]


class DeadlineRulesForm(forms.ModelForm[DeadlineRules]):
    class Meta:
        model = DeadlineRules
        fields = ["due_soon_days", *WEIGHTS]
        labels = {
            "due_soon_days": "Warning window (days)",
            "weight_per_day_overdue": "Points for each day overdue",
            "weight_phase_transfer_soon": "Points when a phase-transfer deadline is within "
            f"{PHASE_TRANSFER_SOON_DAYS} days",
            "weight_looked_after": "Points for a looked-after child",
            "weight_never_reviewed": "Points when the plan has never been reviewed",
            "weight_preparing_for_adulthood": "Points from Year 9 (preparing for adulthood)",
            "weight_under_five": "Points for a child under 5",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = str(field.label).lower()
            field.error_messages = {
                "required": f"Enter the {label}",
                "invalid": f"Enter the {label} as a whole number, like 15",
                "min_value": f"The {label} cannot be negative",
                "max_value": f"The {label} must be %(limit_value)s or less",
            }
            # GOV.UK asks for text inputs with a numeric keyboard, not type="number".
            field.widget = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Fieldset(Field.text("due_soon_days", field_width=3), legend="When a step is due soon"),
            Fieldset(*(Field.text(w, field_width=4) for w in WEIGHTS), legend="Priority points"),
            Button("submit", "Save and recompute priorities"),
        )


class DayMonthYearField(DateInputField):  # type: ignore[misc]  # crispy-forms-gds is untyped
    """The GOV.UK date input, with a plain message for a date that does not exist."""

    def compress(self, data_list: Any) -> date | None:
        try:
            result: date | None = super().compress(data_list)
        except ValidationError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return result


@dataclass(frozen=True)
class StepField:
    """One input a step takes beyond its date, as the case page asks for it."""

    field: Callable[[], forms.Field]
    layout: Callable[[str], Field]


# Every input named in a row of `reviews.transitions` (its `fields`), by name.
STEP_FIELDS = {
    "decision": StepField(
        lambda: forms.TypedChoiceField(
            label="What has the council decided?",
            choices=Decision.choices,
            coerce=Decision,
            widget=forms.RadioSelect,
            error_messages={"required": "Select the council's decision"},
        ),
        lambda name: Field.radios(name, legend_size=Size.SMALL),
    ),
    # Whether the decision needs them is the service's rule; its message shows on this field.
    "notes": StepField(
        lambda: forms.CharField(
            label="Proposed amendments, or the reasons for ceasing the plan",
            help_text="The letter to the family quotes this. Not needed to maintain the plan.",
            required=False,
            widget=forms.Textarea(attrs={"rows": 6}),
            # A validator, not max_length: the character count tells the officer as they type,
            # where the browser's maxlength would cut off a pasted text without a word.
            validators=[
                MaxLengthValidator(
                    DECISION_NOTES_MAX_CHARS,
                    message=f"The proposed amendments or reasons must be "
                    f"{DECISION_NOTES_MAX_CHARS:,} characters or fewer",
                )
            ],
        ),
        lambda name: Field.textarea(
            name, label_size=Size.SMALL, rows=6, max_characters=DECISION_NOTES_MAX_CHARS
        ),
    ),
    "reasons": StepField(
        lambda: forms.CharField(
            label="Why has the council decided not to amend the plan?",
            help_text="The letter to the family gives these reasons, as regulation 22(4) requires.",
            widget=forms.Textarea(attrs={"rows": 6}),
            max_length=10_000,
            error_messages={
                "required": "Enter the reasons: the letter to the family must give them",
                "max_length": "The reasons must be %(limit_value)s characters or fewer",
            },
        ),
        lambda name: Field.textarea(name, label_size=Size.SMALL),
    ),
    "reason": StepField(
        lambda: forms.TypedChoiceField(
            label="Why has the plan ceased?",
            choices=[("", "Choose a reason"), *CeaseReason.choices],
            coerce=CeaseReason,
            error_messages={"required": "Select why the plan has ceased"},
        ),
        lambda name: Field.select(name, label_size=Size.SMALL),
    ),
}


class StepForm(forms.Form):
    """One statutory step: its own inputs, the date it happened, and the version of the review
    it was read at. A step's row in `reviews.transitions` says which inputs it takes."""

    on = DayMonthYearField(label="Date", require_all_fields=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, action: Transition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        for name in action.fields:
            self.fields[name] = STEP_FIELDS[name].field()
        self.fields["on"].label = action.date_label
        self.fields["on"].help_text = (
            "For example, 27 3 2027" if action.dates.may_be_future else "For example, 27 3 2026"
        )
        self.fields["on"].error_messages.update(
            {
                "required": f"Enter the {action.date_label.lower()}",
                "incomplete": f"Enter the {action.date_label.lower()} as day, month and year",
                "invalid": f"Enter the {action.date_label.lower()} as a real date",
            }
        )
        # The page shows a step's own fields before its date: its errors are listed so too.
        self.order_fields(action.fields)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *(STEP_FIELDS[name].layout(name) for name in action.fields),
            Field("on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Field("version"),
            Button("submit", action.title),
        )

    def transition_arguments(self) -> dict[str, Any]:
        return {
            **{name: self.cleaned_data[name] for name in self.action.fields},
            "on": self.cleaned_data["on"],
            "expected_version": self.cleaned_data["version"],
        }
