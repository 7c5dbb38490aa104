"""The Local Offer, shaped after Open Referral UK 3.0 (HSDS 3): organisations, their services
and where, when and how those are delivered (`services`); the web addresses it publishes and
the link checker's findings (`links`); visitors' feedback (`feedback`); schools' SEN
information reports (`sen_reports`); and uploaded files of services (`imports`).

Django finds an app's models in its `models` module, so every model is named here and the
rest of kentsend imports them from `localoffer.models`.
"""

from localoffer.models.feedback import Feedback
from localoffer.models.imports import ServiceImportJob, ServiceImportStatus
from localoffer.models.links import Link, LinkStatus
from localoffer.models.sen_reports import SenInformationReport, SenReportItem
from localoffer.models.services import (
    Contact,
    CostOption,
    Location,
    LocationType,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)

__all__ = [
    "Contact",
    "CostOption",
    "Feedback",
    "Link",
    "LinkStatus",
    "Location",
    "LocationType",
    "Organization",
    "Schedule",
    "SenInformationReport",
    "SenReportItem",
    "Service",
    "ServiceAtLocation",
    "ServiceImportJob",
    "ServiceImportStatus",
    "ServiceStatus",
    "Taxonomy",
    "TaxonomyTerm",
]
