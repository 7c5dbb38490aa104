"""Logging filters: an expected refusal is a line in the log, not a traceback."""

import logging


class NoTracebackForClientErrors(logging.Filter):
    """Drop the traceback from `django.request` records of 4xx answers.

    A permission denied (403) or a page not found (404) is the service working as meant:
    Django logs it as a warning with the exception attached, which prints a traceback that
    reads like a fault. The line (status, path) stays; server errors keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
