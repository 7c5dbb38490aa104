"""The issue's targets, each recorded as a benchmark measures it, so that `bench/run.py`
prints one table at the end of the run: what was measured, its ratio or figure, the limit
and whether it is met."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    name: str
    figure: float
    limit: float
    unit: str

    @property
    def met(self) -> bool:
        return self.figure <= self.limit

    def line(self) -> str:
        shown = f"{self.figure:,.2f}{self.unit}"
        limit = f"{self.limit:,.2f}{self.unit}"
        return (
            f"  {self.name:<62} {shown:>12}  limit {limit:>10}  {'met' if self.met else 'NOT met'}"
        )


RECORDED: list[Target] = []


def target(name: str, figure: float, limit: float, unit: str = "x") -> str:
    """Record a target's measured figure against its limit (at most `limit` is met) and
    return the verdict's words, for the benchmark's own line."""
    recorded = Target(name, figure, limit, unit)
    RECORDED.append(recorded)
    return "met" if recorded.met else "NOT met"


def summary() -> str:
    if not RECORDED:
        return ""
    lines = ["\n== targets measured in this run"]
    lines += [t.line() for t in RECORDED]
    met = sum(t.met for t in RECORDED)
    lines.append(f"  {met} of {len(RECORDED)} met")
    return "\n".join(lines)
