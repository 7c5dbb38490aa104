"""The only tags letter wording may use: {% if %} and {% comment %}. No {% include %},
{% load %}, {% url %} or {% debug %}: wording cannot reach files, code or other values."""

from django.template import Library, defaulttags

register = Library()
register.tag("if", defaulttags.do_if)
register.tag("comment", defaulttags.comment)
