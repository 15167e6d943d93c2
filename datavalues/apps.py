from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataValuesConfig(AppConfig):
    name = "datavalues"
    verbose_name = _("Data values")

    def ready(self):
        import atexit

        from django.core.signals import request_finished, request_started
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_migrate, post_save, pre_migrate

        from datavalues import rollup_cache
        from datavalues.models import DataValue

        request_started.connect(rollup_cache.request_started, dispatch_uid="rollup-request-started")
        request_finished.connect(rollup_cache.request_finished, dispatch_uid="rollup-request-finished")
        # A value saved or deleted replaces its year's token and its province's (datavalues.rollup_cache); every
        # other write is seen in the SQL each connection sends (rollup_cache.watch): reference data replaces the
        # token of everything, the rest of the work the token of the work.
        post_save.connect(rollup_cache.data_changed, sender=DataValue, dispatch_uid="rollup-DataValue-save")
        post_delete.connect(
            rollup_cache.data_changed, sender=DataValue, dispatch_uid="rollup-DataValue-delete"
        )
        connection_created.connect(rollup_cache.watch_connection, dispatch_uid="rollup-watch-connection")
        atexit.register(rollup_cache.report_at_exit)
        # a fresh database has no cache table until ops' first migration: migrate's writes are reported at its end
        pre_migrate.connect(rollup_cache.migration_started, dispatch_uid="rollup-migration-started")
        post_migrate.connect(rollup_cache.migration_finished, dispatch_uid="rollup-migration-finished")
