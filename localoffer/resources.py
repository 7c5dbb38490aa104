"""django-import-export resource for the service import (`localoffer.importing`).

Every cell is read by a widget (`localoffer.import_cells`) that raises ValueError saying what
was expected, so that django-import-export gathers all the problems of a row, field by field,
and the import can name the row and column of each. The details a service keeps outside its
own table (its sections and needs, a contact, a location) are read by the same widgets,
planned by `localoffer.import_details` and saved in the resource's hooks, so that a row is
saved whole or not at all.

- A row updates the service named by `service_id`, or else the one with the same name at
  the same organisation (case-insensitive); otherwise it adds a service.
- A column left out of the file leaves that detail as it is; a blank cell clears it. A
  blank or missing `review_by` is the last review plus the review interval.
- The contact and the location of a row are matched by name among the service's own;
  when all their cells are blank the service's contacts and locations are left alone.
- A Local Offer editor imports services they keep: `owner_email` is blank or their own
  address, and a row may not update a service another editor keeps. A manager, or the
  command line, imports for any active editor; a new service then needs `owner_email`.
"""

import uuid
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from import_export import fields, resources

from accounts.models import Role, User
from localoffer.import_cells import (
    AgeCell,
    DateCell,
    EmailCell,
    OrganisationCell,
    OwnerCell,
    StatusCell,
    TextCell,
    WebAddressCell,
    importer_is_editor,
)
from localoffer.import_details import RowDetails, RowPlan, add_error
from localoffer.models import Organization, Service, ServiceAtLocation
from localoffer.selectors import service_list_for_user

# A foreign key is compared by its id, so that reading a service does not fetch its owner.
ATTNAMES = {f.name: f.attname for f in Service._meta.concrete_fields}


class ServiceResource(resources.ModelResource):  # type: ignore[misc]
    name = fields.Field(
        attribute="name", column_name="name", widget=TextCell(required=True, max_length=200)
    )
    organisation = fields.Field(
        attribute="organization",
        column_name="organisation",
        widget=OrganisationCell(required=True, max_length=200),
    )
    description = fields.Field(
        attribute="description", column_name="description", widget=TextCell(required=True)
    )
    website = fields.Field(
        attribute="url", column_name="website", widget=WebAddressCell(max_length=500)
    )
    email = fields.Field(attribute="email", column_name="email", widget=EmailCell(max_length=254))
    status = fields.Field(attribute="status", column_name="status", widget=StatusCell())
    minimum_age = fields.Field(attribute="minimum_age", column_name="minimum_age", widget=AgeCell())
    maximum_age = fields.Field(attribute="maximum_age", column_name="maximum_age", widget=AgeCell())
    # A blank owner leaves an existing service with the editor who keeps it.
    owner_email = fields.Field(
        attribute="owner",
        column_name="owner_email",
        widget=OwnerCell(actor=None),
        saves_null_values=False,
    )
    last_reviewed_on = fields.Field(
        attribute="last_reviewed_on", column_name="last_reviewed_on", widget=DateCell(required=True)
    )
    review_by = fields.Field(attribute="review_by", column_name="review_by", widget=DateCell())
    fees = fields.Field(attribute="fees_description", column_name="fees", widget=TextCell())

    class Meta:
        model = Service
        fields = [
            "name", "organisation", "description", "website", "email", "status", "minimum_age",
            "maximum_age", "owner_email", "last_reviewed_on", "review_by", "fees",
        ]  # fmt: skip
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        skip_diff = True

    def __init__(self, *, actor: User | None, row_numbers: list[int]) -> None:
        super().__init__()
        self.actor = actor
        self.row_numbers = row_numbers
        self.fields["owner_email"].widget = OwnerCell(actor=actor)
        self.details = RowDetails()
        self.by_id: dict[uuid.UUID, Service] = {}
        self.by_key: dict[tuple[str, str], list[Service]] = {}
        self.claimed: dict[uuid.UUID, int] = {}
        self.plans: dict[int, RowPlan] = {}
        self.plan = RowPlan(number=0)

    @property
    def columns_by_attribute(self) -> dict[str, str]:
        return {f.attribute: f.column_name for f in self.fields.values()}

    def _services(self, *, visible: bool) -> QuerySet[Service]:
        """Services with what a row compares; with `visible`, only those the actor may see."""
        services = Service.objects.all()
        if visible and self.actor is not None:
            services = service_list_for_user(self.actor)
        return services.select_related("organization").prefetch_related(
            "terms", "contacts", "at_locations__location"
        )

    # Everything a row may refer to is read once, before the first row.
    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        columns = set(dataset.headers or [])

        def cells(column: str) -> list[str]:
            return [str(v).strip() for v in dataset[column]] if column in columns else []

        ids = []
        for text in cells("service_id"):
            try:
                ids.append(uuid.UUID(text))
            except ValueError:
                continue
        self.by_id = {s.pk: s for s in self._services(visible=True).filter(pk__in=ids)}
        # Every editor's services, so that a row cannot add a second copy of another's.
        names = {n.lower() for n in cells("name")}
        for service in (
            self._services(visible=False)
            .annotate(lower_name=Lower("name"))
            .filter(lower_name__in=names)
        ):
            key = (service.organization.name.lower(), service.name.lower())
            self.by_key.setdefault(key, []).append(service)
        organisations = {n.lower() for n in cells("organisation")}
        organisation_cell = self.fields["organisation"].widget
        organisation_cell.known = {
            o.name.lower(): o
            for o in Organization.objects.annotate(lower_name=Lower("name")).filter(
                lower_name__in=organisations
            )
        }
        emails = {e.lower() for e in cells("owner_email")}
        self.fields["owner_email"].widget.editors = {
            u.email.lower(): u
            for u in User.objects.annotate(lower_email=Lower("email")).filter(
                lower_email__in=emails, role=Role.LOCALOFFER_EDITOR, is_active=True
            )
        }
        self.details.load_terms()

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        self.plan = RowPlan(number=self.row_numbers[kwargs["row_number"] - 1])
        self.plans[self.plan.number] = self.plan

    def get_instance(self, instance_loader: Any, row: Any) -> Service | None:
        text = str(row.get("service_id") or "").strip()
        if text:
            try:
                pk = uuid.UUID(text)
            except ValueError:
                raise ValidationError(
                    {"service_id": "is not a service id; expected the id the Local Offer gives it"}
                ) from None
            service = self.by_id.get(pk)
            if service is None:
                whose = "you keep" if importer_is_editor(self.actor) else "in the Local Offer"
                raise ValidationError({"service_id": f"is not the id of a service {whose}"})
            return service
        key = (
            str(row.get("organisation", "")).strip().lower(),
            str(row.get("name", "")).strip().lower(),
        )
        matches = self.by_key.get(key, [])
        if len(matches) > 1:
            several = f"matches {len(matches)} services of this organisation"
            raise ValidationError({"name": f"{several}; add a service_id to say which"})
        return matches[0] if matches else None

    def after_init_instance(self, instance: Service, new: bool, row: Any, **kwargs: Any) -> None:
        self.plan.new = new
        if new:
            return
        first = self.claimed.setdefault(instance.pk, self.plan.number)
        if first != self.plan.number:
            column = "service_id" if row.get("service_id") else "name"
            raise ValidationError({column: f"is the same service as row {first}"})
        self.plan.previous_owner_id = instance.owner_id
        self.plan.before = self._snapshot(instance)

    def _snapshot(self, service: Service) -> dict[str, Any]:
        return {
            attribute: getattr(service, ATTNAMES[attribute])
            for attribute in self.columns_by_attribute
        }

    def import_instance(self, instance: Service, row: Any, **kwargs: Any) -> None:
        errors: dict[str, list[ValidationError]] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self._check_service(instance, row, errors)
        self.details.plan(self.plan, instance, row, errors)
        if errors:
            raise ValidationError(errors)
        if not self.plan.new:
            after = self._snapshot(instance)
            columns = self.columns_by_attribute
            changed = [columns[a] for a, value in after.items() if self.plan.before[a] != value]
            self.plan.changes[:0] = sorted(changed, key=self._meta.fields.index)

    def _check_service(
        self, service: Service, row: Any, errors: dict[str, list[ValidationError]]
    ) -> None:
        if service.owner_id is None and importer_is_editor(self.actor):
            service.owner = self.actor  # with no owner_email column, as with a blank one
        if service.owner_id is None and "owner" not in errors:
            add_error(
                errors,
                "owner",
                "is required: the email address of the Local Offer editor who will keep the "
                "service current",
            )
        if (
            self.plan.previous_owner_id is not None
            and importer_is_editor(self.actor)
            and self.plan.previous_owner_id != self.actor.pk
        ):
            add_error(
                errors,
                "name",
                "is a service of this organisation that another editor keeps; ask a manager "
                "to import it",
            )
        low, high = service.minimum_age, service.maximum_age
        ages_read = not {"minimum_age", "maximum_age"} & errors.keys()
        if ages_read and low is not None and high is not None and low > high:
            add_error(errors, "maximum_age", f"is below the minimum age ({low})")
        if "last_reviewed_on" in errors or "review_by" in errors:
            return
        reviewed: date = service.last_reviewed_on
        if reviewed > timezone.localdate():
            add_error(errors, "last_reviewed_on", "is in the future")
        if not row.get("review_by"):
            service.review_by = reviewed + timedelta(days=settings.LOCALOFFER_REVIEW_INTERVAL_DAYS)
        elif service.review_by < reviewed:
            add_error(errors, "review_by", f"is before last_reviewed_on ({reviewed:%d/%m/%Y})")

    def skip_row(
        self, instance: Service, original: Any, row: Any, import_validation_errors: Any = None
    ) -> bool:
        return not (import_validation_errors or self.plan.new or self.plan.changes)

    def validate_instance(
        self, instance: Service, import_validation_errors: Any = None, validate_unique: bool = True
    ) -> None:
        # The organisation may be new, saved with the service, and the owner was found among
        # the active editors; the table's constraints are the cells' own checks
        # (localoffer.import_cells).
        errors = dict(import_validation_errors or {})
        # A review date left to follow a last review that is in error has nothing to show.
        derived = ["review_by"] if "last_reviewed_on" in errors else []
        try:
            instance.full_clean(
                exclude=[*errors, *derived, "organization", "owner"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance: Service, row: Any, **kwargs: Any) -> None:
        if instance.organization._state.adding:
            instance.organization.save()

    def after_save_instance(self, instance: Service, row: Any, **kwargs: Any) -> None:
        if self.plan.contact is not None:
            self.plan.contact.service = instance
            self.plan.contact.save()
        if self.plan.location is not None:
            self.plan.location.save()
            if self.plan.link_location:
                ServiceAtLocation.objects.create(service=instance, location=self.plan.location)

    def save_m2m(self, instance: Service, row: Any, **kwargs: Any) -> None:
        if self.plan.terms is not None:
            instance.terms.set(self.plan.terms)

    def cell_column(self, key: str) -> str:
        """The column an error key (a model attribute or a column) belongs to."""
        if key == NON_FIELD_ERRORS:
            return key
        return self.columns_by_attribute.get(key, key)
