from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataValuesConfig(AppConfig):
    name = "datavalues"
    verbose_name = _("Data values")

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from agencies.models import Agency, AgencyKind, AgencyName
        from datavalues.models import DataValue, PartAssignment, Series
        from datavalues.rollup_cache import data_changed
        from datavalues.rollup_cache import request_finished as finished
        from datavalues.rollup_cache import request_started as started
        from indicators.models import Indicator, IndicatorPart, NationalTarget, Objective
        from reports.models import ReportingCycle
        from units.models import AdminUnit, UnitName

        request_started.connect(started, dispatch_uid="rollup-request-started")
        request_finished.connect(finished, dispatch_uid="rollup-request-finished")
        # Cached roll-ups are computed from these, and each process keeps reference data under the token of
        # everything: a change gives them a new token (datavalues.rollup_cache). Values replace their year's only.
        reference = (
            Series,
            AdminUnit,
            UnitName,
            Agency,
            AgencyKind,
            AgencyName,
            Objective,
            Indicator,
            IndicatorPart,
            NationalTarget,
        )
        for model in (DataValue, *reference, PartAssignment, ReportingCycle):
            post_save.connect(data_changed, sender=model, dispatch_uid=f"rollup-{model.__name__}-save")
            post_delete.connect(data_changed, sender=model, dispatch_uid=f"rollup-{model.__name__}-delete")
        m2m_changed.connect(
            data_changed, sender=Indicator.dimensions.through, dispatch_uid="rollup-indicator-dimensions"
        )
