"""The board report's printing, as the sweeper (common.jobs) sees it.

A report still being prepared after its time limit is failed, not queued again: the manager
is on the page (it refreshes itself) and can ask again at once, and a report whose printing
stopped the worker is not printed again behind their back.
"""

from common.jobs import JobKind
from reporting.board import REPORT_STOPPED, board_reports_fail
from reporting.models import BoardReport, BoardReportStatus

BOARD_REPORT = JobKind(
    name="board report",
    in_progress=lambda: BoardReport.objects.filter(status=BoardReportStatus.PREPARING),
    limit="board_report",
    on_stuck=lambda stuck: board_reports_fail(stuck, reason=REPORT_STOPPED),
)
