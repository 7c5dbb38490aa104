"""Forms more than one part of kentsend uses: the spreadsheet upload, and the helpers that
answer a form with its status and put a service's ValidationError on it."""

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.renderers import BaseRenderer
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a caseload file",
        help_text="A CSV or XLSX file with one row per plan, as your back-office system exports it.",
        error_messages={
            "required": "Select a CSV or XLSX file",
            "empty": "The selected file is empty",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.MEDIUM
        self.helper.layout = Layout(Field("file"), Button("submit", "Upload and check"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The selected file must be a CSV or XLSX file")
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {settings.IMPORT_MAX_BYTES / 1_000_000:.0f} MB"
            )
        return upload


def form_status(form: forms.BaseForm) -> int:
    return 400 if form.is_bound and form.errors else 200


def form_add_validation_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where the form has the field,
    otherwise above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e.messages[0])
    else:
        form.add_error(None, error.messages[0])


class _MadeInPython(forms.Widget):
    """A widget whose markup is made by `markup` from its template's context, in Python: the
    busiest page's widgets, each the same markup as Django's own."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        return self.markup(self.get_context(name, value, attrs)["widget"])

    def markup(self, widget: dict[str, Any]) -> SafeString:
        raise NotImplementedError


class QuickTextInput(_MadeInPython, forms.TextInput):
    """A text input with the markup of Django's own (`django/forms/widgets/input.html`),
    made in Python rather than by two templates: on the queue, each of its three text
    inputs took as long to render as a select with sixty options."""

    def markup(self, widget: dict[str, Any]) -> SafeString:
        shown = widget["value"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            format_html(' value="{}"', shown) if shown is not None else "",
            flatatt(widget["attrs"]),
        )


class QuickSelect(_MadeInPython, forms.Select):
    """A select with the markup of Django's own, made in Python rather than by a template for
    the select and two for each option: on the busiest page (the queue, with ten selects and
    sixty options in its filters) the templates took a fifth of the time it took to answer."""

    def markup(self, widget: dict[str, Any]) -> SafeString:
        groups = []
        for group_name, group, _ in widget["optgroups"]:
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((option["value"], flatatt(option["attrs"]), option["label"]) for option in group),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, options)
                if group_name
                else options
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(groups)),  # noqa: S308 - each part made by format_html
        )
