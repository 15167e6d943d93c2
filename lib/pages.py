from urllib.parse import urlencode


def page_query(params: dict[str, str]) -> str:
    """The filters to carry from page to page, as '&q=...' (empty when no filter is set)."""
    kept = {k: v for k, v in params.items() if v}
    return "&" + urlencode(kept) if kept else ""
