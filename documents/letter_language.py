"""The language of decision letter wording: plain text with values and conditions.

Wording is Django template syntax cut down to what a letter needs: the values listed in
LETTER_VARIABLES, the filters and tags of documents/letter_tags.py, nothing else. It is checked
token by token before it is saved and before it is rendered, so every refusal names the line and
what is wrong in words a manager can act on. It renders to plain text, never to HTML: whatever
places it in a page or a PDF escapes it there, so neither the wording nor the values (notes,
names) can add markup to a letter.
"""

from typing import Any

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import FilterExpression, Lexer, Parser, Token, TokenType, Variable

from common.council import council_details
from documents.letter_tags import LETTER_FILTERS, LETTER_TAGS
from reviews.statutory import REPRESENTATIONS_DAYS

# What a letter may use, with an example for the editing page.
LETTER_VARIABLES = {
    "child_name": ("The child's full name", "Amira Khan"),
    "child_forename": ("The child's first name", "Amira"),
    "plan_ref": ("The plan reference", "EHCP-000123"),
    "meeting_date": ("The date of the annual review meeting", "2 November 2026"),
    "decision_date": ("The date the decision is notified", "23 November 2026"),
    "amendment_notice_date": (
        "The date the proposed amendments were sent: the decision date, unless they were "
        "sent on another day",
        "23 November 2026",
    ),
    "notes": ("The proposed amendments, or the reasons to cease", "Section F: ..."),
    "representations_by": (
        "The last day for the family's views on proposed amendments: "
        f"{REPRESENTATIONS_DAYS} days beginning with the day they were sent (reg 22(2)(c))",
        "7 December 2026",
    ),
    "addressee": (
        "Who the letter is to: the parent or carer's name on the child's record, or \"parent "
        "or carer of\" and the child's name",
        "Sara Khan",
    ),
    "officer_name": ("The case officer", "Ben Davies"),
    "officer_phone": ("The case officer's phone number, or the council's", "03000 412 345"),
    "officer_email": ("The case officer's email address", "ben.davies@example.gov.uk"),
    "council_name": ("The council", "Your council"),
}
CONDITION_WORDS = ("and", "or", "not")
WORDING_MAX_CHARS = 20_000
# Each value may be long (the notes), so the number of places bounds the letter's length.
WORDING_MAX_VALUES = 100
_MARKS = ("{{", "}}", "{%", "%}", "{#", "#}")
_HOW = "Write values as {{ name }} and conditions as {% if name %} … {% endif %}."


class _LetterEngine(Engine):
    # Engine adds its default tags (include, load, url, debug...) to any builtins given.
    default_builtins: list[str] = []


_SANDBOX = _LetterEngine(
    loaders=[],
    libraries={},
    builtins=["documents.letter_tags"],
    autoescape=False,
    string_if_invalid="",
)


class LetterTemplateError(ValueError):
    """The letter wording cannot be used: `problems` says where and why, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


def example_values() -> dict[str, str]:
    examples = {name: example for name, (_, example) in LETTER_VARIABLES.items()}
    return {**examples, "council_name": council_details().name}


def _known_list() -> str:
    return ", ".join(LETTER_VARIABLES)


def _unknown_value(line: int, shown: str) -> str:
    return f"Line {line}: {shown} is not a value letters can use. Use one of: {_known_list()}."


class _AnyFilter(Parser):
    """Lets Django's own parser split `name|filter:"arg"` so that this module can judge each
    part, instead of a second parser of its own."""

    def __init__(self) -> None:
        super().__init__([])

    def find_filter(self, name: str) -> Any:
        def any_filter(value: object, arg: object = None) -> object:
            return value

        any_filter._filter_name = name  # type: ignore[attr-defined]
        return any_filter


def _line(token: Token) -> int:
    return token.lineno or 1


def _is_known_name(value: object) -> bool:
    return (
        isinstance(value, Variable)
        and value.lookups is not None
        and len(value.lookups) == 1
        and value.lookups[0] in LETTER_VARIABLES
    )


def _value_problems(token: Token) -> list[str]:
    line, contents = _line(token), token.contents.strip()
    shown = f"{{{{ {contents} }}}}"
    if not contents:
        return [f"Line {line}: {{{{ }}}} has no value name in it."]
    try:
        expression = FilterExpression(contents, _AnyFilter())
    except TemplateSyntaxError:
        return [f"Line {line}: {shown} cannot be read. {_HOW}"]
    if not _is_known_name(expression.var):
        return [_unknown_value(line, shown)]
    problems = []
    for function, arguments in expression.filters:
        name = function._filter_name
        if name not in LETTER_FILTERS:
            problems.append(
                f"Line {line}: the filter {name} cannot be used in a letter. "
                f"Filters you can use: {', '.join(LETTER_FILTERS)}."
            )
        elif arguments and not LETTER_FILTERS[name]:
            problems.append(f"Line {line}: the filter {name} takes nothing after a colon.")
        elif LETTER_FILTERS[name] and not arguments:
            problems.append(
                f"Line {line}: the filter {name} needs its text after a colon, for example "
                f'{{{{ notes|{name}:"none" }}}}.'
            )
        elif any(is_name and not _is_known_name(arg) for is_name, arg in arguments):
            problems.append(_unknown_value(line, shown))
    return problems


def _condition_problems(line: int, words: list[str]) -> list[str]:
    if not words:
        return [f"Line {line}: {{% if %}} needs a value to test, for example {{% if notes %}}."]
    for word in words:
        if word in CONDITION_WORDS or word in LETTER_VARIABLES:
            continue
        if word.isidentifier():
            return [_unknown_value(line, word)]
        return [
            f"Line {line}: a condition can only test whether values are given, for example "
            "{% if notes %}."
        ]
    return []


def _text_problems(token: Token) -> list[str]:
    for mark in _MARKS:
        at = token.contents.find(mark)
        if at >= 0:
            line = _line(token) + token.contents.count("\n", 0, at)
            return [f"Line {line}: there is a '{mark}' without its partner. {_HOW}"]
    return []


def letter_wording_problems(wording: str) -> list[str]:
    """What stops the wording being used, one message per fault with its line; none if it
    can be used."""
    if len(wording) > WORDING_MAX_CHARS:
        return [f"The wording must be {WORDING_MAX_CHARS:,} characters or fewer."]
    problems: list[str] = []
    open_ifs: list[int] = []
    comment_from: int | None = None
    values = 0
    for token in Lexer(wording).tokenize():
        if comment_from is not None:
            if token.token_type == TokenType.BLOCK and token.contents == "endcomment":
                comment_from = None
            continue
        if token.token_type == TokenType.TEXT:
            problems += _text_problems(token)
        elif token.token_type == TokenType.VAR:
            values += 1
            problems += _value_problems(token)
        elif token.token_type == TokenType.BLOCK:
            words = token.split_contents()
            tag = words[0] if words else ""
            line = _line(token)
            if tag not in LETTER_TAGS or tag == "endcomment":
                problems.append(
                    f"Line {line}: {{% {tag} %}} cannot be used in a letter. "
                    "Use {% if name %}, {% else %} and {% endif %}."
                )
            elif tag == "comment":
                comment_from = line
            elif tag in ("if", "elif"):
                problems += _condition_problems(line, words[1:])
                if tag == "if":
                    open_ifs.append(line)
                elif not open_ifs:
                    problems.append(f"Line {line}: {{% elif %}} has no {{% if %}} before it.")
            elif len(words) > 1:
                problems.append(f"Line {line}: {{% {tag} %}} takes nothing else.")
            elif not open_ifs:
                problems.append(f"Line {line}: {{% {tag} %}} has no {{% if %}} before it.")
            elif tag == "endif":
                open_ifs.pop()
    if comment_from is not None:
        problems.append(
            f"Line {comment_from}: {{% comment %}} is not closed. Add {{% endcomment %}}."
        )
    problems += [
        f"Line {line}: {{% if %}} is not closed. Add {{% endif %}} where the part should end."
        for line in open_ifs
    ]
    if values > WORDING_MAX_VALUES:
        problems.append(
            f"The wording places {values} values; a letter may place at most {WORDING_MAX_VALUES}."
        )
    return problems


def letter_wording_check(wording: str) -> None:
    """Raise LetterTemplateError listing what stops the wording being used."""
    problems = letter_wording_problems(wording)
    if not problems:
        try:
            _SANDBOX.from_string(wording)
        except TemplateSyntaxError as error:
            problems = [f"The wording cannot be read. {_HOW}"]
            raise LetterTemplateError(problems) from error
    if problems:
        raise LetterTemplateError(problems)


def letter_body(wording: str, values: dict[str, str]) -> str:
    """The wording filled in with `values`, as plain text (escape it wherever it is shown);
    wording that cannot be used raises LetterTemplateError."""
    letter_wording_check(wording)
    rendered = _SANDBOX.from_string(wording).render(Context(values, autoescape=False))
    # render() marks its result safe for HTML. It is plain text, so drop the mark: any page or
    # PDF that shows it must escape it.
    return str.__str__(rendered)
