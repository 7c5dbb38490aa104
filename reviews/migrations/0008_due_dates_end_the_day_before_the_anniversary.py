from django.db import migrations

# Reviews saved before the engine counted "the period of 12 months starting with" a date as
# the law does were due on the anniversary itself, a day late. Move every due date that
# still follows the old count to the last day of the period: the day before the
# anniversary, or the month's last day when the anniversary does not exist (29 February).
# Due dates set any other way (an imported meeting standing in for its due date) are left.
# Frozen here as the rule stood when this ran: reviews.statutory.period_of_months_ends.
PERIOD_END = """
    CASE WHEN extract(day FROM ({start} + interval '12 months')::date) < extract(day FROM {start})
         THEN ({start} + interval '12 months')::date
         ELSE ({start} + interval '12 months')::date - 1 END
"""

FORWARD = f"""
UPDATE reviews_review r
SET due_on = {PERIOD_END.format(start="r.previous_meeting_on")}
WHERE r.previous_meeting_on IS NOT NULL
  AND r.due_on = (r.previous_meeting_on + interval '12 months')::date;

UPDATE reviews_review r
SET due_on = {PERIOD_END.format(start="p.issued_on")}
FROM casework_plan p
WHERE p.id = r.plan_id AND r.is_first_review
  AND r.due_on = (p.issued_on + interval '12 months')::date;
"""


class Migration(migrations.Migration):
    dependencies = [("reviews", "0007_engine_counts_as_the_law")]

    operations = [migrations.RunSQL(FORWARD, migrations.RunSQL.noop)]
