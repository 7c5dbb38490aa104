"""Managers keep the wording of the decision letters."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.access import role_required, signed_in_user
from accounts.models import Role
from audit.services import event_record
from documents.letters import (
    LETTER_VARIABLES,
    LetterTemplateError,
    example_values,
    letter_body,
    letter_wording_check,
)
from documents.models import LetterTemplate
from reviews.models import Decision


class LetterTemplateForm(forms.ModelForm[LetterTemplate]):
    class Meta:
        model = LetterTemplate
        fields = ["subject", "body"]
        labels = {"subject": "Heading", "body": "Wording"}
        error_messages = {
            "subject": {"required": "Enter the letter's heading"},
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

    def _renders(self, field: str) -> str:
        value: str = self.cleaned_data.get(field, "")
        try:
            letter_wording_check(value)
        except LetterTemplateError as error:
            raise forms.ValidationError(str(error)) from error
        return value

    def clean_subject(self) -> str:
        return self._renders("subject")

    def clean_body(self) -> str:
        return self._renders("body")


@role_required(Role.MANAGER)
def letter_list(request: HttpRequest) -> HttpResponse:
    """The letters the service writes, one per decision."""
    letters = [LetterTemplate.for_decision(decision) for decision in Decision.values]
    return render(request, "documents/letter_list.html", {"letters": letters})


@role_required(Role.MANAGER)
def letter_edit(request: HttpRequest, decision: str) -> HttpResponse:
    """Change one letter's wording; later letters use it, letters already sent are kept."""
    if decision not in Decision.values:
        raise Http404("No such letter.")
    letter = LetterTemplate.for_decision(decision)
    form = LetterTemplateForm(request.POST if request.method == "POST" else None, instance=letter)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            saved.updated_by = signed_in_user(request)
            saved.save()
            event_record(
                actor=saved.updated_by,
                action="letter_template.changed",
                target=saved,
                details={"changed": form.changed_data},
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
            "preview": letter_body(letter.body, example_values()) if not form.errors else "",
        },
        status=400 if form.errors else 200,
    )
