"""Decision letters, as the sweeper (common.jobs) sees them: a letter queued for longer than
its time limit is queued again (statutory, idempotent, and nobody is on a page to ask
again), and failed with a reason once it has been tried JOB_MAX_ATTEMPTS times."""

from common.jobs import JobKind
from documents.letter_jobs import letter_jobs_requeue
from documents.models import LetterJob, LetterJobStatus

DECISION_LETTER = JobKind(
    name="decision letter",
    in_progress=lambda: LetterJob.objects.filter(status=LetterJobStatus.QUEUED),
    limit="decision_letter",
    on_stuck=letter_jobs_requeue,
)
