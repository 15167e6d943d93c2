"""Search that forgives missing accents: "huong dan" finds "hướng dẫn"."""

import unicodedata


def fold(text: str) -> str:
    """Lower case, Vietnamese accents removed, đ read as d, spaces collapsed."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


def terms(query: str) -> list[str]:
    """The words of a search, folded; at most ten, so a pasted paragraph does not make a huge query."""
    return fold(query).split()[:10]
