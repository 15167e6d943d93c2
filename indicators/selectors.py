from django.db.models import Prefetch, QuerySet

from audit.models import AuditEntry
from indicators.models import Indicator, IndicatorPart, NationalTarget, Objective


def indicators_catalogue() -> QuerySet[Indicator]:
    return (
        Indicator.objects.select_related("objective")
        .prefetch_related(
            Prefetch("targets", queryset=NationalTarget.objects.order_by("year")),
            Prefetch("parts", queryset=IndicatorPart.objects.order_by("kind")),
            "dimensions",
        )
        .order_by("objective__number", "order", "code")
    )


def objectives_with_indicators() -> list[Objective]:
    """The objectives in order, each with its indicators (the catalogue's): kept in each process until reference
    data changes (``datavalues.rollup_cache.kept_while_units_stay``)."""
    from datavalues import rollup_cache

    def read() -> list[Objective]:
        return list(
            Objective.objects.prefetch_related(
                Prefetch("indicators", queryset=indicators_catalogue())
            ).order_by("number")
        )

    return rollup_cache.kept_while_units_stay(("objectives with indicators",), read)


def indicator_history(indicator: Indicator) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.for_object(indicator).select_related("actor")
