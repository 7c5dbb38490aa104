"""Every kind of worker job the sweeper watches, in one place.

Each app declares its kinds next to its job model (`<app>/jobs.py`: what is in progress, its
time limit, and whether a stuck job is failed or queued again); this list is what the beat
task `kentsend.sweep_stuck_jobs` walks.
"""

from common.jobs import JobKind


def job_kinds() -> list[JobKind]:
    from caseload.jobs import CASELOAD_CHECK, CASELOAD_IMPORT
    from documents.jobs import DECISION_LETTER
    from localoffer.jobs import SERVICE_IMPORT, SERVICE_IMPORT_CHECK
    from reporting.jobs import BOARD_REPORT

    return [
        CASELOAD_CHECK,
        CASELOAD_IMPORT,
        BOARD_REPORT,
        DECISION_LETTER,
        SERVICE_IMPORT_CHECK,
        SERVICE_IMPORT,
    ]
