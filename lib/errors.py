"""Domain errors carry a message for the user, already translated (lazily)."""


class DomainError(Exception):
    """A service refused an operation; ``message`` is shown to the user as it is."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field

    # Declared for the type checker, set only by the services that name more (``hasattr`` tells): the cells of a
    # budget a refusal names (plans.services.task_budget_set), the years of targets and the budget lines
    # (plans.services.plan_indicator_save, budget_execution_save), and whether the access decision refused
    # (datavalues.services.value_set).
    cells: dict[tuple[int, str], str]
    years: dict[int, str]
    lines: dict[int, list[str]]
    forbidden: bool


def quoted(raw, limit: int = 40) -> str:
    """What a person entered, as an error message quotes it: cut short, so that a damaged cell of 8 million
    characters does not become an 8-megabyte page."""
    text = "" if raw is None else str(raw)
    return text if len(text) <= limit else text[:limit] + "…"
