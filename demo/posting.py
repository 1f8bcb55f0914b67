"""One synthetic posting's facts: what the demo published, so tests know what to find."""

from dataclasses import dataclass
from datetime import datetime

from demo.employers import Employer

HOURS_PER_YEAR = 2080


@dataclass(frozen=True)
class DemoPay:
    """Pay as posted: `minimum`/`maximum` in units of `period` (None where the ad gives none)."""

    form: str  # hourly_range | annual_range | k_range | up_to | starting_at | single
    minimum: float | None
    maximum: float | None
    period: str  # "hour" | "year"
    text: str  # the words the ad uses ("$19.50 - $24.75 per hour")
    structured: bool  # also published in the format's own pay fields
    in_text: bool  # the words appear in the description

    def annual(self, value: float | None) -> float | None:
        if value is None:
            return None
        return round(value * HOURS_PER_YEAR if self.period == "hour" else value, 2)


@dataclass(frozen=True)
class DemoPosting:
    kind: str
    employer: Employer
    external_id: str  # the id the spider reports (Greenhouse id, Workday req id, JSON-LD id)
    title: str
    role: str
    relevant: bool
    soc: str | None
    city: str | None
    state: str | None  # USPS code; None for a remote job open anywhere in the US
    postal_code: str | None
    arrangement: str  # remote | hybrid | onsite
    remote_scope: str | None  # "US" or a state code for remote jobs
    extra_place: tuple[str, str, str] | None  # a second (city, state, zip) for multi-site jobs
    employment_type: str  # FULL_TIME | PART_TIME | PER_DIEM | TEMPORARY
    posted_at: datetime
    pay: DemoPay | None
    bonus: int | None  # a sign-on/retention bonus in the text (not pay)
    credential_line: str  # the sentence that states them
    credentials: dict[str, str]  # code → required | preferred | eligible
    education: str | None
    experience_years: int | None
    setting: str | None
    code_sets: tuple[str, ...]
    ehr: str | None
    description_html: str = ""
    layout: str = "single"  # JSON-LD: single | graph | list
    serial: int = 0  # order within the employer
