import re
from datetime import date
from decimal import Decimal
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms

from organisation.models import AreaTeam
from reporting.forecast import WEEKS
from reporting.forecast_inputs import plain_number
from reporting.models import MAX_REVIEWS_PER_OFFICER_PER_WEEK
from reviews.forms import DayMonthYearField


def _area_field() -> forms.ModelChoiceField[AreaTeam]:
    return forms.ModelChoiceField(
        label="Area team",
        queryset=AreaTeam.objects.all(),
        to_field_name="name",
        required=False,
        empty_label="All areas",
        error_messages={"invalid_choice": "Select an area team from the list"},
    )


class ForecastForm(forms.Form):
    """The forecast's question (a GET form): which area, and by when to clear the backlog."""

    area = _area_field()
    clear_by = DayMonthYearField(
        label="Clear the backlog by",
        help_text="Optional. For example, 31 3 2027",
        required=False,
        require_all_fields=False,
    )

    def __init__(self, *args: Any, today: date, last_day: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.last_day = last_day
        self.fields["clear_by"].error_messages.update(
            {
                "incomplete": "Enter the date to clear the backlog by as day, month and year",
                "invalid": "Enter the date to clear the backlog by as a real date",
            }
        )
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.select("area"),
            Field("clear_by", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Button("submit", "Show the forecast"),
        )

    def clean_clear_by(self) -> date | None:
        clear_by: date | None = self.cleaned_data.get("clear_by")
        if clear_by is None:
            return None
        if clear_by < self.today:
            raise forms.ValidationError("The date to clear the backlog by must be today or later")
        if clear_by > self.last_day:
            raise forms.ValidationError(
                f"The date to clear the backlog by must be within the next {WEEKS} weeks, "
                f"by {self.last_day.day} {self.last_day:%B %Y}"
            )
        return clear_by


_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?|-?\.[0-9]+")


class ReviewsPerOfficerField(forms.CharField):
    """Reviews one case officer concludes in a week: more than 0, at most
    `MAX_REVIEWS_PER_OFFICER_PER_WEEK`, to one decimal place. Empty means no default."""

    def __init__(self, *, area: AreaTeam, **kwargs: Any) -> None:
        super().__init__(
            label=area.name,
            required=False,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
            **kwargs,
        )
        self.area = area

    def clean(self, value: Any) -> Decimal | None:
        text = str(super().clean(value) or "").strip()
        if not text:
            return None
        what = f"the reviews per officer per week for {self.area.name}"
        the_what = "T" + what[1:]
        if not _DECIMAL.fullmatch(text):
            raise forms.ValidationError(f"Enter {what} as a number, like 4 or 2.5")
        number = Decimal(text)
        if number <= 0:
            raise forms.ValidationError(f"{the_what} must be more than 0")
        if number > MAX_REVIEWS_PER_OFFICER_PER_WEEK:
            raise forms.ValidationError(
                f"{the_what} must be {MAX_REVIEWS_PER_OFFICER_PER_WEEK} or fewer"
            )
        if number != number.quantize(Decimal("0.1")):
            raise forms.ValidationError(
                f"Enter {what} with no more than one decimal place, like 2.5"
            )
        return number.quantize(Decimal("0.1"))


class ForecastCapacityForm(forms.Form):
    """The default officer capacity of each area team, one row per team: what the forecast
    uses when too few reviews were concluded in the last 4 weeks to measure the team's rate.
    Nothing is saved unless every row is valid."""

    def __init__(
        self, *args: Any, areas: list[AreaTeam], current: dict[int, Decimal], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.areas = areas
        for area in areas:
            rate = current.get(area.pk)
            self.fields[self.field_name(area)] = ReviewsPerOfficerField(
                area=area, initial=plain_number(rate) if rate is not None else ""
            )
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Fieldset(
                *(Field.text(self.field_name(area), field_width=4) for area in areas),
                legend="Reviews one case officer concludes in a week",
                legend_size=Size.SMALL,
            ),
            Button("submit", "Save default capacity"),
        )

    @staticmethod
    def field_name(area: AreaTeam) -> str:
        return f"rate_{area.pk}"

    def rates(self) -> dict[AreaTeam, Decimal | None]:
        """Each team's default as entered: None where the field was left empty."""
        return {area: self.cleaned_data[self.field_name(area)] for area in self.areas}


class Sen2Form(forms.Form):
    """The SEN2 export's question (a GET form): the census day, and one area or all.

    A census day left blank is the default one (reporting.sen2.sen2_census_day_default).
    """

    census_day = DayMonthYearField(
        label="Census day",
        help_text="The DfE's census day for this year's return, for example 15 1 2026",
        required=False,
        require_all_fields=False,
    )
    area = _area_field()

    def __init__(self, *args: Any, default_census_day: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_census_day = default_census_day
        self.fields["census_day"].initial = default_census_day
        self.fields["census_day"].error_messages.update(
            {
                "incomplete": "Enter the census day as day, month and year",
                "invalid": "Enter the census day as a real date, for example 15 1 2026",
            }
        )
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field("census_day", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Field.select("area"),
            # The page's primary action is the download; this only changes the question.
            Button.secondary("submit", "Show what the export holds"),
        )

    def clean_census_day(self) -> date:
        census_day: date | None = self.cleaned_data.get("census_day")
        return census_day or self.default_census_day

    def choice(self) -> tuple[date, AreaTeam | None]:
        """The census day and area asked for; the defaults for an unbound form."""
        if not self.is_bound:
            return self.default_census_day, None
        return self.cleaned_data["census_day"], self.cleaned_data["area"]
