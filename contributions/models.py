"""The records of what schools, professionals and families bring to a review: one module
each, collected here for Django."""

from contributions.advice_models import AdviceRequest, AdviceService, AdviceStatus

__all__ = ["AdviceRequest", "AdviceService", "AdviceStatus"]
