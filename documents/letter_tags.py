"""Everything letter wording may use besides the values: {% if %} (with {% elif %},
{% else %}, {% endif %}), {% comment %}, and a few filters that cannot make a letter longer
than its wording and values. Nothing else is registered, so {% include %}, {% load %},
{% autoescape %}, |safe or |ljust cannot be parsed, let alone run."""

from django.template import Library, defaultfilters, defaulttags

# Name -> whether the filter takes an argument (`default:"text"`).
LETTER_FILTERS = {
    "default": True,
    "upper": False,
    "lower": False,
    "capfirst": False,
    "title": False,
}
LETTER_TAGS = ("if", "elif", "else", "endif", "comment", "endcomment")

register = Library()
register.tag("if", defaulttags.do_if)
register.tag("comment", defaulttags.comment)
for _name in LETTER_FILTERS:
    register.filter(_name, getattr(defaultfilters, _name))
