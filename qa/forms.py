"""The checklist's pages: one form per section, the recommendation, and submission.

Prompts and guidance are data a manager types in the admin, and crispy-forms-gds renders
labels and hints unescaped, so they are escaped here with format_html.
"""

from collections.abc import Sequence
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Div, Field, Layout, Size
from django import forms
from django.utils.html import format_html

from qa.answers import QuestionAnswer, SectionAnswers
from qa.models import Recommendation, Response
from qa.services import COMMENT_MAX_LENGTH, REASONS_MAX_LENGTH, AnswerInput

CONTINUE = "continue"
DRAFT = "draft"


def _buttons(*, continue_label: str = "Save and continue") -> Div:
    return Div(
        Button(CONTINUE, continue_label),
        Button.secondary(DRAFT, "Save as draft"),
        css_class="govuk-button-group",
    )


class SectionForm(forms.Form):
    """The questions of one section. Every answer may be left blank in a draft."""

    def __init__(self, *args: Any, questions: Sequence[QuestionAnswer], **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                **{f"item_{q.item.pk}": q.response for q in questions},
                **{f"comment_{q.item.pk}": q.comment for q in questions},
            },
        )
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        layout = []
        for q in questions:
            pk = q.item.pk
            self.fields[f"item_{pk}"] = forms.ChoiceField(
                label=format_html("{}. {}", q.number, q.item.prompt),
                help_text=format_html(
                    '<span class="govuk-!-font-weight-bold">What good looks like:</span> {}',
                    q.item.guidance,
                )
                if q.item.guidance
                else "",
                choices=Response.choices,
                widget=forms.RadioSelect,
                required=False,
                error_messages={
                    "invalid_choice": f"Question {q.number}: choose met, partly met, not met "
                    "or not applicable"
                },
            )
            self.fields[f"comment_{pk}"] = forms.CharField(
                label=f"Comment on question {q.number} (optional)",
                required=False,
                max_length=COMMENT_MAX_LENGTH,
                widget=forms.Textarea,
                error_messages={
                    "max_length": f"The comment on question {q.number} must be "
                    f"{COMMENT_MAX_LENGTH} characters or fewer"
                },
            )
            layout.append(
                Div(
                    Field.radios(f"item_{pk}", legend_size=Size.SMALL, small=True),
                    Field.textarea(f"comment_{pk}", rows=2),
                    css_id=f"item-{pk}",
                    css_class="kentsend-question",
                )
            )
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(*layout, _buttons())

    def answers(self) -> dict[int, AnswerInput]:
        return {
            q.item.pk: AnswerInput(
                self.cleaned_data[f"item_{q.item.pk}"], self.cleaned_data[f"comment_{q.item.pk}"]
            )
            for q in self.questions
        }


class RecommendationForm(forms.Form):
    """Amend or not, and if amend, which sections and why. "Save and continue" asks for
    everything; "Save as draft" keeps whatever is there."""

    recommendation = forms.ChoiceField(
        label="What do you recommend for this plan?",
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    amend_sections = forms.MultipleChoiceField(
        label="Which sections need amending?",
        help_text="Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    amend_reasons = forms.CharField(
        label="Your reasons for amending the plan",
        help_text="For each section, what should change and why. The case officer reads this.",
        required=False,
        max_length=REASONS_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "max_length": f"Your reasons must be {REASONS_MAX_LENGTH} characters or fewer"
        },
    )

    def __init__(
        self, *args: Any, sections: Sequence[SectionAnswers], complete: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.complete = complete
        field = self.fields["amend_sections"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(s.section.code, s.heading) for s in sections]
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        # Not a conditional reveal: GOV.UK advises against revealing a long question, and
        # its script sets aria-expanded on radios, which axe reports.
        self.helper.layout = Layout(
            Field.radios("recommendation", legend_size=Size.MEDIUM),
            HTML('<h2 class="govuk-heading-m">If the plan needs amending</h2>'),
            Field.checkboxes("amend_sections", small=True),
            Field.textarea("amend_reasons", rows=6),
            _buttons(),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.complete:
            return data
        if not data.get("recommendation"):
            self.add_error("recommendation", "Select whether the plan needs amending")
        elif data["recommendation"] == Recommendation.AMEND:
            if not data.get("amend_sections"):
                self.add_error("amend_sections", "Select the sections that need amending")
            if not data.get("amend_reasons", "").strip():
                self.add_error("amend_reasons", "Enter your reasons for amending the plan")
        return data


class SubmitForm(forms.Form):
    """No fields: the check-your-answers page's button. The service finds what is missing."""
