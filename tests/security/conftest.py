"""The plan fixtures, shared with the plan tests: the fuzz test uploads target workbooks to a plan."""

from tests.plans.conftest import five_year, full_plan  # noqa: F401
