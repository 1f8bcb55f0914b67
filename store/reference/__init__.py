"""Reference data: BLS wages and projections, credentials, career facts; each row sourced."""

from store.reference.loader import (
    career_facts,
    credential_forms,
    load_reference,
    reference_is_loaded,
    reference_rows,
)

__all__ = [
    "career_facts",
    "credential_forms",
    "load_reference",
    "reference_is_loaded",
    "reference_rows",
]
