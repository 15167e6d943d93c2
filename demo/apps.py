from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo province and its year of work (`manage.py load_demo`, run by `make run`), clearly marked as demo."""

    name = "demo"
    verbose_name = _("Demo data")
