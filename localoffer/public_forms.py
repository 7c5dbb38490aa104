"""Forms of the public Local Offer: the search filters and "Was this page useful?".

Both are drawn in plain GOV.UK markup by their templates rather than by crispy-forms: the
search page is the busiest page of the service, and the feedback form is on every page.
Each keeps a crispy `FormHelper` so that `{% error_summary form %}` works.
"""

import re
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.utils.http import url_has_allowed_host_and_scheme

from localoffer.models import Feedback, Service, TaxonomyTerm
from localoffer.openreferral.geo import postcode_compact
from localoffer.places import Place, place_locate
from localoffer.taxonomy import NEEDS, SECTIONS

MAXIMUM_AGE = 25
FEEDBACK_PAGE_PREFIX = "/local-offer/"
MISSING_MAX_LENGTH = 1200

EMAIL_PATTERN = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
# A UK telephone number: 0 or +44, then 9 or 10 more digits, perhaps spaced or hyphenated.
PHONE_PATTERN = re.compile(r"(?:\+44\s?(?:\(0\)\s?)?|\b0)(?:\d[\s-]?){9,10}\b")


@dataclass(frozen=True)
class SearchTerm:
    code: str
    name: str
    id: uuid.UUID


@dataclass(frozen=True)
class SearchTerms:
    sections: list[SearchTerm]
    needs: list[SearchTerm]

    def section(self, code: str) -> SearchTerm | None:
        return next((t for t in self.sections if t.code == code), None)

    def need(self, code: str) -> SearchTerm | None:
        return next((t for t in self.needs if t.code == code), None)


# The two vocabularies change only when someone edits them in the admin, yet the search
# page needs both on every request: each process keeps them for a few minutes (a renamed
# term shows that much later) rather than asking the database, or Redis, every time.
TERMS_CACHE_SECONDS = 300
_terms_cache: dict[str, tuple[float, SearchTerms]] = {}


def search_terms() -> SearchTerms:
    """The Local Offer sections and SEN needs a family can filter by, in their set order."""
    cached = _terms_cache.get("terms")
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    by_taxonomy: dict[str, list[SearchTerm]] = {SECTIONS: [], NEEDS: []}
    rows = TaxonomyTerm.objects.filter(taxonomy__code__in=by_taxonomy).order_by("position", "name")
    for taxonomy_code, code, name, pk in rows.values_list("taxonomy__code", "code", "name", "id"):
        by_taxonomy[taxonomy_code].append(SearchTerm(code=code, name=name, id=pk))
    terms = SearchTerms(sections=by_taxonomy[SECTIONS], needs=by_taxonomy[NEEDS])
    if terms.sections and terms.needs:  # a database still being set up is asked again
        _terms_cache["terms"] = (time.monotonic() + TERMS_CACHE_SECONDS, terms)
    return terms


class ServiceSearchForm(forms.Form):
    """What a family searches by. Every field is optional: with none, every service shows."""

    q = forms.CharField(
        label="Search words",
        help_text="For example, speech therapy or short breaks",
        required=False,
        max_length=200,
        error_messages={"max_length": "Search words must be 200 characters or fewer"},
    )
    near = forms.CharField(
        label="Postcode or town",
        help_text="To see the nearest services first. For example, ME14 1PL or Maidstone",
        required=False,
        max_length=100,
        error_messages={"max_length": "The postcode or town must be 100 characters or fewer"},
    )
    section = forms.ChoiceField(label="Local Offer section", required=False)
    need = forms.ChoiceField(label="Special educational need", required=False)
    age = forms.IntegerField(
        label="Child's age",
        help_text=f"In years, from 0 to {MAXIMUM_AGE}",
        required=False,
        min_value=0,
        max_value=MAXIMUM_AGE,
        error_messages={
            "invalid": "Enter the child's age as a whole number of years, like 7",
            "min_value": f"Enter an age from 0 to {MAXIMUM_AGE}",
            "max_value": f"Enter an age from 0 to {MAXIMUM_AGE}",
        },
    )

    def __init__(self, *args: Any, terms: SearchTerms, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.terms = terms
        section = self.fields["section"]
        need = self.fields["need"]
        assert isinstance(section, forms.ChoiceField)
        assert isinstance(need, forms.ChoiceField)
        section.choices = [("", "All sections"), *((t.code, t.name) for t in terms.sections)]
        need.choices = [("", "Any need"), *((t.code, t.name) for t in terms.needs)]
        self.helper = FormHelper()
        self.place: Place | None = None

    def clean_near(self) -> str:
        near = " ".join(str(self.cleaned_data["near"]).split())
        self.place = place_locate(near) if near else None
        if near and self.place is None:
            what = "postcode" if postcode_compact(near) else "place"
            raise forms.ValidationError(
                f"We do not know where the {what} {near} is. Check it, or enter a nearby "
                "town or a full postcode"
            )
        return near

    def term_ids(self) -> list[uuid.UUID]:
        chosen = [
            self.terms.section(self.cleaned_data.get("section") or ""),
            self.terms.need(self.cleaned_data.get("need") or ""),
        ]
        return [term.id for term in chosen if term is not None]

    def filters(self) -> dict[str, str]:
        """The search as it is written in a page's address, leaving out what is blank."""
        names = ("q", "near", "section", "need", "age")
        values = {name: self.cleaned_data.get(name) for name in names}
        return {name: str(value) for name, value in values.items() if value not in (None, "")}


class FeedbackForm(forms.ModelForm[Feedback]):
    """ "Was this page useful? / What is missing?", sent from the foot of every public page.

    `website` is a honeypot: hidden from people (and from screen readers) by its template,
    so only a program filling in every field gives it a value.
    """

    useful = forms.TypedChoiceField(
        label="Was this page useful?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    missing = forms.CharField(
        label="What is missing or wrong on this page? (optional)",
        help_text=(
            "Do not include personal information, such as your name, your child's name, an "
            "email address or a phone number. We cannot reply to feedback."
        ),
        required=False,
        max_length=MISSING_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": f"What is missing must be {MISSING_MAX_LENGTH:,} characters or fewer"
        },
    )
    page = forms.CharField(max_length=300, widget=forms.HiddenInput)
    service = forms.ModelChoiceField(
        queryset=Service.objects.all(), required=False, widget=forms.HiddenInput
    )
    website = forms.CharField(label="Leave this empty", required=False)

    class Meta:
        model = Feedback
        fields = ["useful", "missing", "page", "service"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()

    @property
    def is_from_a_program(self) -> bool:
        return bool(self.data.get("website"))

    def clean_page(self) -> str:
        page = str(self.cleaned_data["page"])
        if not feedback_page_is_allowed(page):
            raise forms.ValidationError("Not a page of the Local Offer")
        return page

    def clean_missing(self) -> str:
        missing = str(self.cleaned_data["missing"]).strip()
        if EMAIL_PATTERN.search(missing) or PHONE_PATTERN.search(missing):
            raise forms.ValidationError(
                "Remove the email address or phone number: we cannot reply to feedback, so do "
                "not include personal information"
            )
        return missing

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "missing" in data and data.get("useful") is None and not data["missing"]:
            self.add_error("useful", "Select yes or no, or tell us what is missing")
        # The page and the service are not the person's to correct: say so once, at the top.
        hidden_errors = [name for name in ("page", "service") if name in self.errors]
        for name in hidden_errors:
            del self.errors[name]
        if hidden_errors:
            self.add_error(
                None,
                "We could not tell which page this feedback is about. Go back to the page "
                "and send it again.",
            )
        return data


def feedback_page_is_allowed(page: str) -> bool:
    """Only a page of the public Local Offer on this site, so that the thank-you redirect
    cannot be turned into a link elsewhere."""
    parts = urlsplit(page)
    return (
        url_has_allowed_host_and_scheme(page, allowed_hosts=None)
        and not parts.scheme
        and not parts.netloc
        and parts.path.startswith(FEEDBACK_PAGE_PREFIX)
        and "/../" not in parts.path
        and "\\" not in page
        and page.isprintable()
    )
