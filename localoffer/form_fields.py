"""The kinds of field the Local Offer editor's form (localoffer.forms) asks with: ages, opening
days and times, taxonomy terms, and the messages for a mistyped email or web address."""

from django import forms

# The Local Offer covers children and young people up to 25 (Children and Families Act
# 2014, s30), so a service's ages are within 0 to 25.
OLDEST = 25
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.org"
URL_INVALID = "Enter a web address in the correct format, like https://www.example.org/help"


def numeric_input() -> forms.TextInput:
    # GOV.UK asks for text inputs with a numeric keyboard, not type="number".
    return forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})


def age_field(which: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=f"{which} age (optional)",
        required=False,
        min_value=0,
        max_value=OLDEST,
        widget=numeric_input(),
        error_messages={
            "invalid": f"Enter the {which.lower()} age as a whole number of years, like 5",
            "min_value": f"{which} age must be 0 or more",
            "max_value": f"{which} age must be {OLDEST} or less",
        },
    )


DAY_CHOICES = [
    ("MO", "Monday"),
    ("TU", "Tuesday"),
    ("WE", "Wednesday"),
    ("TH", "Thursday"),
    ("FR", "Friday"),
    ("SA", "Saturday"),
    ("SU", "Sunday"),
]


def time_field(which: str) -> forms.TimeField:
    return forms.TimeField(
        label=f"{which} (optional)",
        help_text="Use the 24-hour clock, like 09:30 or 17:00",
        required=False,
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"invalid": f"Enter the time it {which.split()[0].lower()}, like 09:30"},
    )


def terms_field(label: str, help_text: str, *, invalid: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        help_text=help_text,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": invalid},
    )
