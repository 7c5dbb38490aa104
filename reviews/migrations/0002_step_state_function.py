from django.db import migrations

# The state of one statutory step, as reviews.statutory.step_state computes it in Python.
FORWARD = """
CREATE FUNCTION kentsend_step_state(due date, done date, today date, warning_days integer)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN done IS NOT NULL THEN
            CASE WHEN due IS NULL OR done <= due THEN 'done_on_time' ELSE 'done_late' END
        WHEN due IS NULL THEN NULL
        WHEN today > due THEN 'overdue'
        WHEN today >= due - warning_days THEN 'due_soon'
        ELSE 'not_yet_due'
    END
$$;
"""

BACKWARD = "DROP FUNCTION kentsend_step_state(date, date, date, integer);"


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
