"""The matcher's thresholds, in one place: settings (HITBOARD_CLUSTER_*, see core/settings.py
and docs/clusters.md for what each one does), read once when the process starts."""

from dataclasses import dataclass, fields

from core.settings import Settings, get_settings


@dataclass(frozen=True)
class Thresholds:
    title_similarity: float
    description_same_employer: float
    description_other_poster: float
    min_shingles: int
    pay_tolerance: float
    max_block: int
    max_band_block: int
    long_open_days: int
    reposts_to_show: int

    @classmethod
    def from_settings(cls, settings: Settings) -> "Thresholds":
        """Each threshold from the setting of its name with `cluster_` before it."""
        return cls(
            **{field.name: getattr(settings, f"cluster_{field.name}") for field in fields(cls)}
        )


THRESHOLDS = Thresholds.from_settings(get_settings())
