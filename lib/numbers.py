"""Numbers in Vietnamese format (1.234,5) or English (1,234.5), without trailing zeros."""

from decimal import Decimal


def format_number(value, *, lang: str = "vi", places: int | None = None, grouping: bool = True) -> str:
    if value is None or value == "":
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    number = number.quantize(Decimal(1).scaleb(-places)) if places is not None else number.normalize()
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _dot, fraction = text.partition(".")
    thousands, decimal = (",", ".") if lang.startswith("en") else (".", ",")
    groups = []
    while grouping and len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = thousands.join(groups)
    if fraction:
        result += decimal + fraction
    return sign + result
