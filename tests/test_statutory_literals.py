"""One source for the law's numbers: reviews/statutory.py names every period the deadline engine
counts (2, 4, 8 and 12 weeks; 15 days; 12 and 5 months; 15 February and 31 March). Anywhere
else, code and pages take them from there. This test reads the project's Python files (their
code and strings, not their comments or docstrings) and templates, and fails with file:line for
each statutory number written again as a literal where a deadline is counted or told.
"""

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError

from reviews import statutory

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRECTORIES = {
    ".venv", "node_modules", "migrations", "tests", "bench", ".local", ".git", "static",
    "staticfiles", "kentsend.egg-info", "__pycache__",
}  # fmt: skip
SKIPPED_FILES = {Path("reviews/statutory.py")}
# Files other changes are taking their literals out of now; remove each once it is clean.
BEING_CHANGED: dict[Path, str] = {}
# Numbers the patterns find that are not the law's, each a reviewed decision with its reason:
# (file, the text on the line) -> why it is not a statutory period.
NOT_STATUTORY = {
    (Path("demo/volunteers.py"), "timedelta(weeks=2)"): "a demo agreement paused for two weeks",
}

STATUTORY_DAYS = r"(?:14|15|28|56|84)"  # 2, 4, 8, 12 weeks; Regs 22(2)(c)'s 15 days
STATUTORY_WEEKS = r"(?:2|4|8|12)"
STATUTORY_MONTHS = r"(?:5|12)"  # Regs 18(2); CFA s44(1)
DATE_NAME = r"\b\w*(?:_on|date|day|today|due)\b\)?"


@dataclass(frozen=True)
class Pattern:
    name: str
    regex: re.Pattern[str]
    in_code: bool = True  # Python code and strings
    in_pages: bool = False  # templates


def _p(name: str, regex: str, *, in_code: bool = True, in_pages: bool = False) -> Pattern:
    return Pattern(name, re.compile(regex, re.IGNORECASE), in_code, in_pages)


PATTERNS = [
    _p("timedelta of a statutory number of days", rf"timedelta\(\s*days\s*=\s*{STATUTORY_DAYS}\s*[,)]"),
    _p("timedelta of a statutory number of weeks", rf"timedelta\([^)]*\bweeks\s*=\s*{STATUTORY_WEEKS}\s*[,)]"),
    _p("relativedelta of a statutory number of months or years",
       rf"relativedelta\([^)]*\b(?:months\s*=\s*-?{STATUTORY_MONTHS}|years\s*=\s*-?(?:1|5))\s*[,)]"),
    _p("add_months by a statutory number of months", rf"add_months\([^)]*,\s*-?{STATUTORY_MONTHS}\s*\)"),
    _p("SQL interval of a statutory period",
       rf"interval\s*'\s*(?:{STATUTORY_MONTHS}\s*(?:months?|mons?)|[15]\s*years?"
       rf"|{STATUTORY_DAYS}\s*days?|{STATUTORY_WEEKS}\s*weeks?)\s*'"),
    _p("a date plus or minus a statutory number of days",
       rf"{DATE_NAME}\s*[-+]\s*{STATUTORY_DAYS}\b(?!\s*[-*/.])|\b{STATUTORY_DAYS}\s*\+\s*{DATE_NAME}"),
    _p("a statutory number of days in words", rf"\b{STATUTORY_DAYS}[ -]days?\b", in_pages=True),
    _p("a statutory number of weeks as a deadline in words",
       rf"\b(?:within|at least|no later than)\s+{STATUTORY_WEEKS}\s+weeks\b"
       rf"|\b{STATUTORY_WEEKS}\s+weeks\s+(?:before|after|of|from)\b", in_pages=True),
    _p("a statutory number of months as a deadline in words",
       rf"\b(?:within|at least|period of)\s+{STATUTORY_MONTHS}\s+months\b"
       rf"|\b{STATUTORY_MONTHS}\s+months\s+(?:before|after|of|starting)\b|\b12-month\b",
       in_pages=True),
    _p("a phase-transfer date in words", r"\b(?:14|15) February\b|\b(?:30|31) March\b", in_pages=True),
    _p("a phase-transfer date as numbers", r"\bdate\([^()]*,\s*(?:2,\s*1[45]|3,\s*3[01])\s*\)"),
]  # fmt: skip


def _docstring_lines(source: str) -> set[int]:
    """The line numbers of the module's, classes' and functions' docstrings."""
    lines: set[int] = set()
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                lines.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    return lines


def _code_lines(source: str) -> dict[int, str]:
    """Each line of Python source without its comment; docstrings left out."""
    lines = dict(enumerate(source.splitlines(), start=1))
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            row, column = token.start
            lines[row] = lines[row][:column]
    for row in _docstring_lines(source):
        lines.pop(row, None)
    return lines


def statutory_literals(text: str, *, python: bool) -> list[tuple[int, str, str]]:
    """(line, pattern, the line) for each statutory number written as a literal in `text`,
    a Python module (`python`) or a template."""
    lines = _code_lines(text) if python else dict(enumerate(text.splitlines(), start=1))
    found = []
    for number, line in sorted(lines.items()):
        for pattern in PATTERNS:
            if (pattern.in_code if python else pattern.in_pages) and pattern.regex.search(line):
                found.append((number, pattern.name, line.strip()))
    return found


def project_files() -> list[Path]:
    files = []
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT)
        if any(part in SKIPPED_DIRECTORIES for part in relative.parts[:-1]):
            continue
        if relative in SKIPPED_FILES or not path.is_file():
            continue
        if path.suffix == ".py" or (
            path.suffix in {".html", ".txt"} and "templates" in relative.parts
        ):
            files.append(relative)
    return files


def project_findings() -> list[str]:
    findings = []
    for relative in project_files():
        if relative in BEING_CHANGED:
            continue
        text = (ROOT / relative).read_text(encoding="utf-8")
        for line, pattern, shown in statutory_literals(text, python=relative.suffix == ".py"):
            if not any(path == relative and part in shown for path, part in NOT_STATUTORY):
                findings.append(f"{relative}:{line}: {pattern}: {shown}")
    return findings


def test_no_statutory_number_is_written_outside_the_statutory_module():
    findings = project_findings()

    assert findings == [], "Take these from reviews.statutory:\n" + "\n".join(findings)


def test_the_walk_reads_the_projects_code_and_templates_but_not_the_statutory_module():
    files = set(project_files())

    assert Path("reviews/recompute.py") in files
    assert Path("documents/wording.py") in files
    assert Path("workbench/templates/workbench/deadline_rules.html") in files
    assert Path("reviews/statutory.py") not in files
    assert set(BEING_CHANGED) <= files
    assert {path for path, _ in NOT_STATUTORY} <= files
    assert not any(part in {"tests", "migrations", ".venv"} for f in files for part in f.parts)


def test_a_statutory_number_written_again_is_found_with_its_line():
    snippet = (
        "from datetime import timedelta\n"
        "\n"
        "def decision_due(meeting_on):\n"
        "    return meeting_on + timedelta(days=28)\n"
    )

    assert statutory_literals(snippet, python=True) == [
        (4, "timedelta of a statutory number of days", "return meeting_on + timedelta(days=28)")
    ]


def test_each_kind_of_literal_is_found():
    snippets = {
        "timedelta(weeks=8)": "timedelta of a statutory number of weeks",
        "relativedelta(months=12)": "relativedelta of a statutory number of months or years",
        "add_months(issued_on, 12)": "add_months by a statutory number of months",
        "sql = \"b.planned_move_on - interval '5 months'\"": "SQL interval of a statutory period",
        "sql = \"age < interval '5 years'\"": "SQL interval of a statutory period",
        "sql = 'b.meeting_on + 84 AS final_plan_due_on'": (
            "a date plus or minus a statutory number of days"
        ),
        "late = today - 14": "a date plus or minus a statutory number of days",
        'label = "Views within 15 days of the notice"': "a statutory number of days in words",
        'label = "Decisions within 4 weeks"': "a statutory number of weeks as a deadline in words",
        'help = "due 5 months before the move"': (
            "a statutory number of months as a deadline in words"
        ),
        'rule = "by 15 February"': "a phase-transfer date in words",
        "deadline = date(year, 2, 15)": "a phase-transfer date as numbers",
    }
    for snippet, pattern in snippets.items():
        assert [name for _, name, _ in statutory_literals(snippet, python=True)] == [pattern], (
            snippet
        )


def test_a_template_telling_a_deadline_with_a_literal_is_found():
    page = '<p class="govuk-body">The decision is due within 4 weeks of the meeting.</p>\n'

    assert statutory_literals(page, python=False) == [
        (1, "a statutory number of weeks as a deadline in words", page.strip())
    ]


def test_comments_docstrings_and_unrelated_numbers_are_not_found():
    snippet = (
        '"""Within 4 weeks of the meeting (Regs 20(10)); 15 days for views."""\n'
        "\n"
        "def f(day, page):\n"
        '    """Due 12 months after the plan was issued."""\n'
        "    # the report is due within 2 weeks: REPORT_WEEKS_AFTER\n"
        "    size = 28\n"
        "    window = timedelta(days=1)\n"
        '    note = "concluded in the last 4 weeks, released for up to 12 weeks"\n'
        '    when = "the 12 months to today"\n'
        "    return day + 1, page - 14 * 2\n"
    )

    assert statutory_literals(snippet, python=True) == []


def test_a_template_states_a_statutory_period_from_the_statutory_module():
    rendered = Template('{% load law %}within {% law "DECISION_WEEKS_AFTER" %} weeks').render(
        Context()
    )
    assert rendered == f"within {statutory.DECISION_WEEKS_AFTER} weeks"


def test_a_template_naming_a_number_the_law_does_not_have_fails_loudly():
    with pytest.raises(TemplateSyntaxError, match="no number called 'DECISION_DAYS'"):
        Template('{% load law %}{% law "DECISION_DAYS" %}').render(Context())
