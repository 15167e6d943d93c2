"""Domain errors carry a message for the user, already translated (lazily)."""


class DomainError(Exception):
    """A service refused an operation; ``message`` is shown to the user as it is."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
