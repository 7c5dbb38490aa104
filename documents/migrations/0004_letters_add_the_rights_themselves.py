"""The decision letters' rights paragraphs (what happens next, the right of appeal, mediation,
disagreement resolution, SENDIASS) and their closing are now added by every letter in fixed
words (documents/wording.py RIGHTS, documents/letter.html), so editing cannot remove them. The
saved wording keeps only the council's part: where it still ends with the starting rights and
closing word for word, they are cut off; and "Dear parent or carer of {{ child_name }}," greets
the parent or carer by name ({{ addressee }}). Wording a manager has rewritten there is left as
they wrote it. The text is written out here, not imported, so that this migration means the
same whatever the wording becomes later."""

from django.db import migrations

OLD_GREETING = "Dear parent or carer of {{ child_name }},"
NEW_GREETING = "Dear {{ addressee }},"
OLD_TAILS = {
    "maintain": "Your right to appeal\nYou have the right to appeal to the First-tier Tribunal (Special Educational Needs and Disability) against our decision not to amend the plan. You must appeal within 2 months of the date of this letter, or within 1 month of the date of your mediation certificate, whichever is later.\n\nBefore you can appeal, you must contact a mediation adviser within 2 months of the date of this letter to find out about mediation, and get a certificate from them. You do not need to do this if your appeal is only about the school or other institution named in the plan. You can choose whether to go on to mediation itself; if you do, we must take part within 30 days.\n\nDisagreement resolution and independent advice\nOur disagreement resolution service can help settle a disagreement with us, a school or a health body. It is free and independent of us, and using it does not affect your right to appeal. The Special Educational Needs and Disability Information, Advice and Support Service (SENDIASS) gives free, impartial and confidential advice and support. The contact details of the mediation adviser, the disagreement resolution service and SENDIASS are in {{ council_name }}'s Local Offer.\n\nIf you have any questions, please contact {{ officer_name }}, quoting reference {{ plan_ref }}.\n\nYours sincerely,\n\n{{ officer_name }}\nOn behalf of {{ council_name }}",
    "amend": "Your views\nYou can tell us what you think of the proposed amendments until {{ representations_by }}: 15 days beginning with the day we sent you this notice. In that time you may also ask us to name a particular school or other institution in the plan, and you may ask to meet one of our officers to discuss the amendments.\n\nWhat happens next\nWe will consider everything you tell us. If we go ahead with amendments, we will send you the final amended plan as soon as practicable and no later than 8 weeks after the day we sent you this notice. If we decide not to amend the plan after all, we will tell you within the same 8 weeks, with our reasons and your right of appeal.\n\nYour right to appeal\nWhen we send the final amended plan, you will be able to appeal to the First-tier Tribunal (Special Educational Needs and Disability) about the special educational needs it describes (section B), the special educational provision it specifies (section F) and the school or other institution it names, or that it names none (section I). You must appeal within 2 months of the date of the final plan, or within 1 month of the date of your mediation certificate, whichever is later. We will explain this again when we send the final plan.\n\nBefore you can appeal, you must contact a mediation adviser within 2 months of the date of the final plan to find out about mediation, and get a certificate from them. You do not need to do this if your appeal is only about the school or other institution named in the plan. You can choose whether to go on to mediation itself; if you do, we must take part within 30 days.\n\nDisagreement resolution and independent advice\nOur disagreement resolution service can help settle a disagreement with us, a school or a health body. It is free and independent of us, and using it does not affect your right to appeal. The Special Educational Needs and Disability Information, Advice and Support Service (SENDIASS) gives free, impartial and confidential advice and support. The contact details of the mediation adviser, the disagreement resolution service and SENDIASS are in {{ council_name }}'s Local Offer.\n\nIf you have any questions, please contact {{ officer_name }}, quoting reference {{ plan_ref }}.\n\nYours sincerely,\n\n{{ officer_name }}\nOn behalf of {{ council_name }}",
    "cease": "We will continue to maintain the plan until the time for appealing has passed, or, if you appeal, until the appeal has been decided.\n\nYour right to appeal\nYou have the right to appeal to the First-tier Tribunal (Special Educational Needs and Disability) against our decision to cease to maintain the plan. You must appeal within 2 months of the date of this letter, or within 1 month of the date of your mediation certificate, whichever is later.\n\nBefore you can appeal, you must contact a mediation adviser within 2 months of the date of this letter to find out about mediation, and get a certificate from them. You do not need to do this if your appeal is only about the school or other institution named in the plan. You can choose whether to go on to mediation itself; if you do, we must take part within 30 days.\n\nDisagreement resolution and independent advice\nOur disagreement resolution service can help settle a disagreement with us, a school or a health body. It is free and independent of us, and using it does not affect your right to appeal. The Special Educational Needs and Disability Information, Advice and Support Service (SENDIASS) gives free, impartial and confidential advice and support. The contact details of the mediation adviser, the disagreement resolution service and SENDIASS are in {{ council_name }}'s Local Offer.\n\nIf you have any questions, please contact {{ officer_name }}, quoting reference {{ plan_ref }}.\n\nYours sincerely,\n\n{{ officer_name }}\nOn behalf of {{ council_name }}",
}


def forwards(apps, schema_editor):
    LetterTemplate = apps.get_model("documents", "LetterTemplate")
    for letter in LetterTemplate.objects.all():
        body = letter.body.replace(OLD_GREETING, NEW_GREETING)
        tail = OLD_TAILS.get(letter.decision)
        if tail and body.rstrip().endswith(tail.rstrip()):
            body = body.rstrip()[: -len(tail.rstrip())].rstrip() + "\n"
        if body != letter.body:
            letter.body = body
            letter.save(update_fields=["body"])


def backwards(apps, schema_editor):
    LetterTemplate = apps.get_model("documents", "LetterTemplate")
    for letter in LetterTemplate.objects.all():
        body = letter.body.replace(NEW_GREETING, OLD_GREETING)
        tail = OLD_TAILS.get(letter.decision)
        if tail and tail.rstrip() not in body:
            body = body.rstrip() + "\n\n" + tail
        if body != letter.body:
            letter.body = body
            letter.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_amend_letter_counts_views_from_the_notice")]

    operations = [migrations.RunPython(forwards, backwards)]
