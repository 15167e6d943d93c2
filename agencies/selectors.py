from django.db.models import Prefetch, QuerySet

from agencies.models import Agency, AgencyName


def agencies_of(province) -> QuerySet[Agency]:
    return (
        Agency.objects.filter(province=province)
        .select_related("kind", "province")
        .prefetch_related(Prefetch("names", queryset=AgencyName.objects.order_by("valid_from")))
        .order_by("kind__order", "kind__code")
    )


def agencies_all() -> QuerySet[Agency]:
    return (
        Agency.objects.select_related("kind", "province")
        .prefetch_related("names", "province__names")
        .order_by("province__code", "kind__order")
    )
