from django.contrib import admin

from localoffer.models import (
    Contact,
    CostOption,
    Feedback,
    Link,
    Location,
    Organization,
    Schedule,
    SenInformationReport,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ["name", "website"]
    search_fields = ["name"]


@admin.register(Taxonomy)
class TaxonomyAdmin(admin.ModelAdmin[Taxonomy]):
    list_display = ["name", "code", "version"]


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(admin.ModelAdmin[TaxonomyTerm]):
    list_display = ["name", "code", "taxonomy", "position"]
    list_filter = ["taxonomy"]
    search_fields = ["name", "code"]


class ServiceAtLocationInline(admin.TabularInline[ServiceAtLocation, Service]):
    model = ServiceAtLocation
    raw_id_fields = ["location"]
    extra = 0


class ContactInline(admin.TabularInline[Contact, Service]):
    model = Contact
    extra = 0


class ScheduleInline(admin.TabularInline[Schedule, Service]):
    model = Schedule
    extra = 0


class CostOptionInline(admin.TabularInline[CostOption, Service]):
    model = CostOption
    extra = 0


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin[Service]):
    list_display = ["name", "organization", "status", "owner", "review_by"]
    list_filter = ["status", "terms"]
    search_fields = ["name", "organization__name"]
    raw_id_fields = ["organization", "owner"]
    filter_horizontal = ["terms"]
    readonly_fields = ["reminder_sent_on", "created_at", "last_modified"]
    inlines = [ServiceAtLocationInline, ContactInline, ScheduleInline, CostOptionInline]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin[Location]):
    list_display = ["name", "location_type", "city", "postal_code"]
    search_fields = ["name", "postal_code", "city"]


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin[Link]):
    list_display = ["url", "status", "status_code", "checked_at"]
    list_filter = ["status"]
    search_fields = ["url"]
    readonly_fields = [f.name for f in Link._meta.get_fields()]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin[Feedback]):
    list_display = ["page", "useful", "received_at", "handled_at"]
    list_filter = ["useful"]
    raw_id_fields = ["service", "handled_by"]


@admin.register(SenInformationReport)
class SenInformationReportAdmin(admin.ModelAdmin[SenInformationReport]):
    list_display = ["setting", "url", "assessed_at"]
    search_fields = ["setting__name", "setting__urn"]
    raw_id_fields = ["setting", "assessed_by"]
