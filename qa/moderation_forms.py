"""The moderation page's two forms: the officer's own response to each item (next to the
volunteer's), and returning the checklist to the volunteer with comments.

Prompts, guidance and the volunteer's comments are typed by people, and crispy-forms-gds
renders labels and hints unescaped, so they are escaped here with format_html. Whether every
item is answered is decided by qa.moderation.moderation_complete, not by the form, so that the
rule lives in one place.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Div, Field, Layout, Size
from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString

from qa.answers import QuestionAnswer, SectionAnswers
from qa.models import ModerationAnswer, Response
from qa.moderation import COMMENT_MAX_LENGTH, RETURN_COMMENT_MAX_LENGTH, ModeratorAnswer

COMPLETE = "complete"
RETURN = "return"


class _Heading:
    """A section heading between questions, escaped here rather than passed through the
    template engine (crispy's HTML object would run a section title as a template)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, form: forms.Form, context: Any, **kwargs: Any) -> SafeString:
        return format_html('<h2 class="govuk-heading-m">{}</h2>', self.text)


def _hint(question: QuestionAnswer) -> SafeString:
    """What good looks like (if the checklist says), then what the volunteer answered."""
    if question.comment:
        answered = format_html(
            "The volunteer answered <strong>{}</strong> and commented: “{}”",
            question.response_label,
            question.comment,
        )
    else:
        answered = format_html(
            "The volunteer answered <strong>{}</strong>", question.response_label
        )
    if not question.item.guidance:
        return answered
    return format_html(
        '<span class="govuk-!-font-weight-bold">What good looks like:</span> {}<br>{}',
        question.item.guidance,
        answered,
    )


class ModerationForm(forms.Form):
    """One response per item, with an optional comment, and a comment on the checklist."""

    comment = forms.CharField(
        label="Your comment on the checklist (optional)",
        help_text="For the case officers and managers reading the moderation later.",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "max_length": f"Your comment must be {COMMENT_MAX_LENGTH} characters or fewer"
        },
    )

    def __init__(
        self,
        *args: Any,
        sections: Sequence[SectionAnswers],
        earlier: Mapping[int, ModerationAnswer] | None = None,
        **kwargs: Any,
    ) -> None:
        earlier = earlier or {}
        kwargs.setdefault(
            "initial",
            {
                **{f"item_{pk}": a.response for pk, a in earlier.items()},
                **{f"item_comment_{pk}": a.comment for pk, a in earlier.items()},
            },
        )
        super().__init__(*args, **kwargs)
        self.questions = [q for s in sections for q in s.questions]
        layout: list[Any] = []
        for section in sections:
            layout.append(_Heading(section.heading))
            for q in section.questions:
                layout.append(self._add_question(section, q))
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            *layout,
            _Heading("Your comment"),
            Field.textarea("comment", rows=4),
            Button(COMPLETE, "Complete moderation"),
        )

    def _add_question(self, section: SectionAnswers, q: QuestionAnswer) -> Div:
        pk = q.item.pk
        where = f"{section.section.code}, question {q.number}"
        self.fields[f"item_{pk}"] = forms.ChoiceField(
            label=format_html("{}. {}", q.number, q.item.prompt),
            help_text=_hint(q),
            choices=Response.choices,
            widget=forms.RadioSelect,
            required=False,
            error_messages={
                "invalid_choice": f"{where}: choose met, partly met, not met or not applicable"
            },
        )
        self.fields[f"item_comment_{pk}"] = forms.CharField(
            label=f"Your comment on question {q.number} (optional)",
            required=False,
            max_length=COMMENT_MAX_LENGTH,
            widget=forms.Textarea,
            error_messages={
                "max_length": f"{where}: your comment must be {COMMENT_MAX_LENGTH} characters "
                "or fewer"
            },
        )
        return Div(
            Field.radios(f"item_{pk}", legend_size=Size.SMALL, small=True, inline=True),
            Field.textarea(f"item_comment_{pk}", rows=2),
            css_id=f"item-{pk}",
            css_class="kentsend-question",
        )

    def answers(self) -> dict[int, ModeratorAnswer]:
        return {
            q.item.pk: ModeratorAnswer(
                self.cleaned_data[f"item_{q.item.pk}"],
                self.cleaned_data[f"item_comment_{q.item.pk}"],
            )
            for q in self.questions
        }


class ReturnForm(forms.Form):
    """The comments that go back to the volunteer with their checklist."""

    return_comment = forms.CharField(
        label="Comments for the volunteer",
        help_text="Say what to look at again and why. The volunteer sees this with their "
        "checklist.",
        max_length=RETURN_COMMENT_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter your comments for the volunteer",
            "max_length": f"Your comments must be {RETURN_COMMENT_MAX_LENGTH} characters or fewer",
        },
    )

    def __init__(self, *args: Any, action: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.attrs = {"novalidate": ""}
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.textarea("return_comment", rows=5),
            Button.secondary(RETURN, "Return to the volunteer with comments"),
        )
