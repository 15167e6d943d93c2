"""Form helpers shared by the views."""

from lib.errors import DomainError


def add_domain_error(form, error: DomainError) -> None:
    """Show a service's refusal on the field it names, or above the form when the form has no such field."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
