"""A report as an ordered list of sections, each a topic that builds its content and renders itself (ADR 8)."""
