"""The queue's filters made in Python: the same markup as Django's templates, escaped."""

from django import forms
from django.test.html import parse_html

from common.forms import QuickSelect, QuickTextInput
from common.templatetags.options import datalist_options

CHOICES = [("", "Any"), ("a&b", "Tom & Jerry's <school>"), ("2", "Two")]


def test_a_quick_select_is_the_markup_of_djangos_select_with_the_chosen_option_selected():
    attrs = {"class": "govuk-select govuk-select--error", "aria-invalid": "true", "id": "id_x"}
    for value in ("", "a&b", "2", "not offered", None):
        quick = QuickSelect(attrs=attrs, choices=CHOICES).render("x", value)
        django = forms.Select(attrs=attrs, choices=CHOICES).render("x", value)
        assert parse_html(quick) == parse_html(django)
    assert 'value="2" selected' in QuickSelect(choices=CHOICES).render("x", "2")


def test_a_quick_select_escapes_labels_and_values():
    html = QuickSelect(choices=CHOICES).render("x", None)
    assert "Tom &amp; Jerry&#x27;s &lt;school&gt;" in html
    assert 'value="a&amp;b"' in html
    assert "<school>" not in html


def test_a_quick_select_draws_groups_of_choices_as_djangos_select_does():
    grouped = [("", "Any"), ("Group & co", [("1", "One"), ("2", "Two")])]
    assert parse_html(QuickSelect(choices=grouped).render("x", "1")) == parse_html(
        forms.Select(choices=grouped).render("x", "1")
    )


def test_datalist_options_escape_each_school_name():
    html = datalist_options(["Oak & Ash <Primary>", 'St Mary\'s "C of E"'])
    assert html == (
        '<option value="Oak &amp; Ash &lt;Primary&gt;">'
        '<option value="St Mary&#x27;s &quot;C of E&quot;">'
    )
    assert datalist_options([]) == ""


def test_a_quick_text_input_is_the_markup_of_djangos_text_input():
    attrs = {"class": "govuk-input", "list": "queue-schools", "spellcheck": "false", "id": "id_x"}
    for value in (None, "", "Oak & Ash <Primary>", 'St Mary\'s "C of E"', 7):
        quick = QuickTextInput(attrs=attrs).render("x", value)
        django = forms.TextInput(attrs=attrs).render("x", value)
        assert parse_html(quick) == parse_html(django)


def test_a_quick_text_input_escapes_what_was_typed():
    html = QuickTextInput().render("school", '"><script>alert(1)</script>')
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert "<script>" not in html
