"""The saved wording of the letter proposing amendments said "15 days from the date of this
letter" and "8 weeks after the date of this letter". The law counts 15 days beginning with the
day the notice is sent (Regs 22(2)(c)) and 8 weeks from that notice (Regs 22(3)-(4)). Where the
saved wording still has the starting paragraphs word for word, they are replaced; wording a
manager has rewritten is left as they wrote it. The text is written out here, not imported,
so that this migration means the same whatever the starting wording becomes later."""

from django.db import migrations

OLD = (
    "You have 15 days from the date of this letter, until {{ representations_by }}, to tell us "
    "what you think of the proposed amendments.",
    "we will send you the final amended plan as soon as practicable and no later than 8 weeks "
    "after the date of this letter. If we decide not to amend the plan after all, we will tell "
    "you, with your right of appeal.",
)
NEW = (
    "You can tell us what you think of the proposed amendments until {{ representations_by }}: "
    "15 days beginning with the day we sent you this notice.",
    "we will send you the final amended plan as soon as practicable and no later than 8 weeks "
    "after the day we sent you this notice. If we decide not to amend the plan after all, we "
    "will tell you within the same 8 weeks, with our reasons and your right of appeal.",
)


def _replace(apps, pairs):
    LetterTemplate = apps.get_model("documents", "LetterTemplate")
    for letter in LetterTemplate.objects.filter(decision="amend"):
        body = letter.body
        for old, new in pairs:
            body = body.replace(old, new)
        if body != letter.body:
            letter.body = body
            letter.save(update_fields=["body"])


def forwards(apps, schema_editor):
    _replace(apps, zip(OLD, NEW))


def backwards(apps, schema_editor):
    _replace(apps, zip(NEW, OLD))


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_letter_job")]

    operations = [migrations.RunPython(forwards, backwards)]
