from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataValuesConfig(AppConfig):
    name = "datavalues"
    verbose_name = _("Data values")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from datavalues.models import DataValue, Series
        from datavalues.rollup_cache import data_changed
        from units.models import AdminUnit

        # cached roll-ups are computed from these: a change gives them a new token (datavalues.rollup_cache)
        for model in (DataValue, Series, AdminUnit):
            post_save.connect(data_changed, sender=model, dispatch_uid=f"rollup-{model.__name__}-save")
            post_delete.connect(data_changed, sender=model, dispatch_uid=f"rollup-{model.__name__}-delete")
