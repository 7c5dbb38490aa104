"""Pieces every API resource uses the same way: choices that may be unset, whole-number
filters, orderings that say so when a field cannot be used, and query parameters that say so
when they are not a filter of the resource."""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.forms.utils import ErrorList
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.views import APIView

# Query parameters that are not filters: pages, and the API's own format switch.
NOT_FILTERS = frozenset({"page", "page_size", "format"})


class UnsetAsNullChoiceField(serializers.ChoiceField):
    """A choice that may not be made yet (a decision not notified, a plan not ceased): the
    model keeps it as "", the API says null, as it does for a date not yet reached."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_null=True, read_only=True, **kwargs)

    def to_representation(self, value: Any) -> Any:
        return None if value in ("", None) else super().to_representation(value)


class WholeNumberField(forms.IntegerField):
    """A whole number that PostgreSQL's bigint can hold; anything else is not a valid id."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", -(2**63))
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(**kwargs)


@extend_schema_field(OpenApiTypes.INT64)
class WholeNumberFilter(django_filters.NumberFilter):  # type: ignore[misc]
    """A filter on a whole number (an id, a year group), documented and checked as one."""

    field_class = WholeNumberField


class TrueOrFalseField(forms.NullBooleanField):
    """ "true" or "false", as the schema says a boolean parameter is written; anything else is
    refused rather than read as "either"."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> bool | None:  # type: ignore[override]
        if value in (None, ""):
            return None
        if value in ("true", "false"):
            return bool(value == "true")
        raise forms.ValidationError("Enter true or false.", code="invalid")

    def validate(self, value: Any) -> None:
        return None


@extend_schema_field(OpenApiTypes.BOOL)
class TrueOrFalseFilter(django_filters.BooleanFilter):  # type: ignore[misc]
    field_class = TrueOrFalseField


class StrictFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    """A filter set that refuses a query parameter it does not know, naming it, instead of
    ignoring it: for a person who may not filter by what their record of a row hides."""

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.allowed_extra: frozenset[str] = NOT_FILTERS | {"ordering"}

    def is_valid(self) -> bool:
        valid: bool = super().is_valid()  # cleans the form, which resets its errors
        unknown = sorted(set(self.data or ()) - set(self.filters) - self.allowed_extra)
        for name in unknown:
            self.errors[name] = ErrorList([f"You cannot filter by {name}."])
        return valid and not unknown


class FilterBackend(DjangoFilterBackend):  # type: ignore[misc]
    """django-filter for the API: a filter parameter given with no value is refused, as its
    schema says, rather than read as "any" (the pages' filter forms send blanks; clients
    leave a filter out)."""

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: APIView) -> Any:
        filterset_class = self.get_filterset_class(view, queryset)
        names = set(filterset_class.base_filters) if filterset_class else set()
        blank = sorted(name for name in names if request.query_params.get(name, None) == "")
        if blank:
            raise ValidationError(
                {name: ["Give a value, or leave the filter out."] for name in blank}
            )
        return super().filter_queryset(request, queryset, view)


class StrictOrderingFilter(OrderingFilter):
    """An ordering that answers 400 naming a field the caller may not order by, instead of
    silently ordering by something else."""

    def get_ordering(self, request: Request, queryset: QuerySet[Any], view: APIView) -> Any:
        params = request.query_params.get(self.ordering_param)
        if params:
            fields = [param.strip() for param in params.split(",")]
            allowed = {name for name, _ in self.get_valid_fields(queryset, view)}
            refused = [field.lstrip("-") for field in fields if field.lstrip("-") not in allowed]
            if refused:
                raise ValidationError({self.ordering_param: [f"You cannot order by {refused[0]}."]})
            return fields
        return self.get_default_ordering(view)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        """One field or several, comma-separated, each from the view's fields, "-" first for
        descending order."""
        fields = getattr(view, "ordering_fields", None) or []
        choices = sorted({prefix + field for field in fields for prefix in ("", "-")})
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Fields to order by, comma-separated; '-' first for descending.",
                "schema": {"type": "array", "items": {"type": "string", "enum": choices}},
                "style": "form",
                "explode": False,
            }
        ]


def as_model_id(value: str) -> int | None:
    """The whole number a URL's id stands for, or None if it is not one the database holds."""
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return int(value)
