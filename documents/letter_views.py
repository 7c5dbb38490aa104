"""Managers keep the wording of the decision letters."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from documents.letter_language import (
    LETTER_VARIABLES,
    WORDING_MAX_CHARS,
    LetterTemplateError,
    example_values,
    letter_body,
    letter_wording_check,
    letter_wording_problems,
)
from documents.letters import letter_template_restore, letter_template_save
from documents.models import LetterTemplate
from documents.wording import RIGHTS
from reviews.models import Decision


class LetterTemplateForm(forms.ModelForm[LetterTemplate]):
    class Meta:
        model = LetterTemplate
        fields = ["subject", "body"]
        labels = {"subject": "Heading", "body": "Wording"}
        error_messages = {
            "subject": {
                "required": "Enter the letter's heading",
                "max_length": "The heading must be 200 characters or fewer",
            },
            "body": {"required": "Enter the letter's wording"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].widget = forms.Textarea(attrs={"rows": 30})
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("subject"), Field.textarea("body"), Button("submit", "Save wording")
        )

    def _usable(self, field: str) -> str:
        value: str = self.cleaned_data.get(field, "")
        try:
            letter_wording_check(value)
        except LetterTemplateError as error:
            raise forms.ValidationError(error.problems) from error
        return value

    def clean_subject(self) -> str:
        return self._usable("subject")

    def clean_body(self) -> str:
        return self._usable("body")


def _letter_or_404(decision: str) -> LetterTemplate:
    if decision not in Decision.values:
        raise Http404("No such letter.")
    return LetterTemplate.for_decision(decision)


@role_required(Role.MANAGER)
def letter_list(request: HttpRequest) -> HttpResponse:
    """The letters the service writes, one per decision, with any fault in their wording."""
    letters = [
        {
            "letter": letter,
            "problems": letter_wording_problems(letter.subject)
            + letter_wording_problems(letter.body),
        }
        for letter in (LetterTemplate.for_decision(decision) for decision in Decision.values)
    ]
    return render(request, "documents/letter_list.html", {"letters": letters})


def _preview(letter: LetterTemplate) -> str:
    try:
        return letter_body(letter.body, example_values())
    except LetterTemplateError:
        return ""


@role_required(Role.MANAGER)
def letter_edit(request: HttpRequest, decision: str) -> HttpResponse:
    """Change one letter's wording; later letters use it, letters already sent are kept."""
    letter = _letter_or_404(decision)
    form = LetterTemplateForm(request.POST if request.method == "POST" else None, instance=letter)
    if request.method == "POST" and form.is_valid():
        letter_template_save(
            letter=LetterTemplate.for_decision(decision),
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            actor=signed_in_user(request),
        )
        messages.success(request, f"{letter}: saved. Letters written from now on use it.")
        return redirect("documents:letters")
    return render(
        request,
        "documents/letter_edit.html",
        {
            "letter": letter,
            "form": form,
            "variables": LETTER_VARIABLES,
            "max_chars": f"{WORDING_MAX_CHARS:,}",
            "preview": _preview(letter) if not form.errors else "",
            "rights": letter_body(RIGHTS[letter.decision], example_values()),
        },
        status=400 if form.errors else 200,
    )


@role_required(Role.MANAGER)
def letter_restore(request: HttpRequest, decision: str) -> HttpResponse:
    """Ask, then put back the starting wording of one letter."""
    letter = _letter_or_404(decision)
    if request.method == "POST":
        letter_template_restore(decision=decision, actor=signed_in_user(request))
        messages.success(request, f"{letter}: the starting wording is back in use.")
        return redirect("documents:letter-edit", decision=decision)
    return render(request, "documents/letter_restore.html", {"letter": letter})
