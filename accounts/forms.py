import re
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Fluid, Layout, Size
from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.template.loader import render_to_string

from common.notices import email_send


def _helper(*fields: Any, button: str) -> FormHelper:
    helper = FormHelper()
    helper.label_size = Size.SMALL
    helper.layout = Layout(*fields, Button("submit", button))
    return helper


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both may be case-sensitive.",
        "inactive": "This account has been switched off. Contact your service manager.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = _helper(
            Field.text("username", field_width=Fluid.TWO_THIRDS),
            Field.text("password", field_width=Fluid.TWO_THIRDS),
            button="Sign in",
        )

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class ResetRequestForm(PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        }
        self.helper = _helper(
            Field.text("email", field_width=Fluid.TWO_THIRDS), button="Send reset link"
        )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Through the notification layer, which records, sends and retries it."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        email_send(
            kind="password_reset",
            to=to_email,
            subject=subject,
            body=render_to_string(email_template_name, context),
            html_body=(
                render_to_string(html_email_template_name, context)
                if html_email_template_name
                else ""
            ),
        )


class NewPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("new_password1", field_width=Fluid.TWO_THIRDS),
            Field.text("new_password2", field_width=Fluid.TWO_THIRDS),
            button="Save password",
        )


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("old_password", field_width=Fluid.TWO_THIRDS),
            Field.text("new_password1", field_width=Fluid.TWO_THIRDS),
            Field.text("new_password2", field_width=Fluid.TWO_THIRDS),
            button="Change password",
        )


# GOV.UK telephone numbers pattern: digits, spaces, brackets, a leading + and an extension.
_PHONE = re.compile(r"^\+?[0-9 ()-]{7,24}(?: ?(?:ext|x)\.? ?[0-9]{1,6})?$", re.IGNORECASE)


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label="Phone number",
        help_text="Printed on the letters you send, so families can call you. For example, "
        "03000 412 345 or 03000 412 345 ext 1234. Leave it empty to give the council's number.",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        error_messages={"max_length": "Phone number must be 30 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("phone", field_width=Fluid.ONE_THIRD), button="Save phone number"
        )

    def clean_phone(self) -> str:
        phone = " ".join(str(self.cleaned_data["phone"]).split())
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError(
                "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
            )
        return phone


class FamilyEmailForm(forms.Form):
    """The first page of a family member's sign-in: the address their code goes to."""

    email = forms.EmailField(
        label="Email address",
        help_text="Use the email address the council invited you with.",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("email", field_width=Fluid.TWO_THIRDS), button="Continue")

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


class SignInCodeForm(forms.Form):
    """The second page: the 6-digit code from the email."""

    code = forms.CharField(
        label="Code",
        help_text="The code is 6 numbers, like 123456.",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
        error_messages={
            "required": "Enter the code from the email",
            "max_length": "Enter the code from the email. It is 6 numbers",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("code", field_width=Fixed.FIVE), button="Sign in")

    def clean_code(self) -> str:
        code = "".join(ch for ch in str(self.cleaned_data["code"]) if ch.isdigit() or ch.isalpha())
        if not (len(code) == 6 and code.isdigit()):
            raise forms.ValidationError("Enter the code from the email. It is 6 numbers")
        return code
