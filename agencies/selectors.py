from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from agencies.models import Agency, AgencyName
from units.models import AdminUnit


def agencies_of(province: AdminUnit) -> QuerySet[Agency]:
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


def usual_provider(provider_text: str, agencies: Iterable[Agency]) -> Agency | None:
    """The province's agency the framework's 'usual provider' text names first ("Sở Y tế; Thống kê tỉnh" →
    the Department of Health), else the focal agency."""
    first = provider_text.split(";")[0].strip().lower()
    for agency in agencies:
        names = {agency.name.lower(), agency.kind.name_vi.lower().replace("{tinh}", "tỉnh")}
        if first and any(first.startswith(n) or n.startswith(first) for n in names):
            return agency
    return next((a for a in agencies if a.is_focal), None)


def names_by_agency() -> dict[int, list[AgencyName]] | None:
    """Every agency's names, oldest first, by agency id (``units.selectors.kept_names``)."""
    from units.selectors import kept_names

    return kept_names(AgencyName, "agency")
