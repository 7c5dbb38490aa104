from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms

from reviews.models import DeadlineRules

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
            "weight_phase_transfer_soon": "Points when a phase-transfer deadline is within 90 days",
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
