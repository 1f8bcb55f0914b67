"""The synthetic sample: a few hundred health-information postings, the same for a seed.

`build_sample(seed, now)` decides each posting's facts (title, place, arrangement, pay,
credentials, education, experience, EHR...) and writes its HTML description. The facts are
kept on each `DemoPosting`, so tests and benchmarks know what a careful reader should find;
`demo.formats` renders the postings the way each source kind publishes them.
"""

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from demo import catalog, places
from demo.catalog import Role
from demo.description import render_description
from demo.employers import EMPLOYERS, Employer
from demo.posting import HOURS_PER_YEAR, DemoPay, DemoPosting

DEFAULT_SEED = 20240611
POSTED_WITHIN_DAYS = 45


@dataclass(frozen=True)
class DemoSample:
    seed: int
    now: datetime
    postings: tuple[DemoPosting, ...]
    employers: tuple[Employer, ...] = field(default=EMPLOYERS)

    def of(self, employer: Employer | str) -> list[DemoPosting]:
        slug = employer if isinstance(employer, str) else employer.slug
        return [posting for posting in self.postings if posting.employer.slug == slug]

    def of_kind(self, kind: str) -> list[DemoPosting]:
        return [posting for posting in self.postings if posting.kind == kind]


def build_sample(seed: int = DEFAULT_SEED, now: datetime | None = None) -> DemoSample:
    """Every employer's open postings; the same seed and `now` give the same sample."""
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    rng = random.Random(seed)
    roles = {role.key: role for role in (*catalog.ROLES, *catalog.OTHER_ROLES)}
    postings: list[DemoPosting] = []
    for employer in EMPLOYERS:
        ids = _id_maker(employer, rng)
        for serial in range(employer.count):
            role = roles[_weighted(rng, employer.role_weights)]
            posting = _posting(rng, employer, role, now=now, external_id=ids(), serial=serial)
            postings.append(replace(posting, description_html=render_description(posting, rng)))
    return DemoSample(seed=seed, now=now, postings=tuple(postings))


# -- one posting ------------------------------------------------------------------------


def _posting(
    rng: random.Random, employer: Employer, role: Role, *, now: datetime, external_id: str,
    serial: int,
) -> DemoPosting:  # fmt: skip
    arrangement = _arrangement(rng, employer, role)
    state = _weighted(rng, employer.states or places.NATIONAL_STATE_WEIGHTS)
    city, postal = rng.choice(places.CITIES[state])
    remote_scope = None
    if arrangement == "remote":
        # Health systems hire remote staff in their own states; vendors anywhere.
        remote_scope = state if employer.states or rng.random() < 0.3 else "US"
        if remote_scope == "US":
            city = postal = None
            state = None
        elif employer.kind != "jsonld" or rng.random() < 0.5:
            city = postal = None  # remote in a state: no office named
    extra_place = None
    if arrangement == "onsite" and employer.states and rng.random() < 0.1:
        other = _weighted(rng, employer.states)
        extra_city, extra_zip = rng.choice(places.CITIES[other])
        if extra_city != city:
            extra_place = (extra_city, other, extra_zip)
    credential_line, credentials = rng.choice(
        catalog.CREDENTIAL_LINES[rng.choice(role.credentials)]
    )
    return DemoPosting(
        kind=employer.kind,
        employer=employer,
        external_id=external_id,
        title=rng.choice(role.titles),
        role=role.key,
        relevant=role.relevant,
        soc=role.soc,
        city=city,
        state=state,
        postal_code=postal,
        arrangement=arrangement,
        remote_scope=remote_scope,
        extra_place=extra_place,
        employment_type=_weighted(
            rng, {"FULL_TIME": 80, "PART_TIME": 9, "PER_DIEM": 6, "TEMPORARY": 5}
        ),
        posted_at=now - timedelta(minutes=rng.randint(30, POSTED_WITHIN_DAYS * 24 * 60)),
        pay=_pay(rng, employer, role, state),
        bonus=rng.choice((2500, 3000, 5000, 7500, 10000)) if rng.random() < 0.12 else None,
        credential_line=credential_line,
        credentials=credentials,
        education=rng.choice(role.education) if rng.random() < 0.85 else None,
        experience_years=rng.randint(*role.experience) if rng.random() < 0.85 else None,
        setting=rng.choice(catalog.SETTINGS) if role.relevant else None,
        code_sets=catalog.CODE_SETS.get(role.key, ()),
        ehr=rng.choice(catalog.EHRS) if rng.random() < 0.8 else None,
        layout=_weighted(rng, {"single": 60, "graph": 25, "list": 15}),
        serial=serial,
    )


def _arrangement(rng: random.Random, employer: Employer, role: Role) -> str:
    remote_share = min(0.9, role.remote_share * employer.remote_bias)
    draw = rng.random()
    if draw < remote_share:
        return "remote"
    if role.remote_share > 0.1 and draw < remote_share + 0.12:
        return "hybrid"
    return "onsite"


# -- pay -----------------------------------------------------------------------------------

# How often each kind shows pay: in its structured fields, only in the text, or not at all.
PAY_SHOWN = {
    "greenhouse": {"structured": 45, "text": 32, "none": 23},
    "workday": {"text": 72, "none": 28},  # Workday's cxs API has no pay field
    "jsonld": {"structured": 45, "text": 25, "none": 30},
}


def _pay(rng: random.Random, employer: Employer, role: Role, state: str | None) -> DemoPay | None:
    shown = _weighted(rng, PAY_SHOWN[employer.kind])
    if shown == "none":
        return None
    factor = places.STATE_PAY_FACTOR.get(state or "", 1.0)
    low, high = role.pay
    minimum = (low + rng.random() * 0.4 * (high - low)) * factor
    maximum = minimum * rng.uniform(1.2, 1.45)
    period = role.period
    if period == "year" and employer.kind == "workday" and rng.random() < 0.3:
        # Health systems often quote even salaried roles by the hour.
        minimum, maximum, period = minimum / HOURS_PER_YEAR, maximum / HOURS_PER_YEAR, "hour"
    if shown == "structured":
        form = "hourly_range" if period == "hour" else "annual_range"
    elif period == "hour":
        form = _weighted(rng, {"hourly_range": 55, "up_to": 12, "starting_at": 18, "single": 15})
    else:
        form = _weighted(rng, {"annual_range": 60, "k_range": 25, "up_to": 7, "starting_at": 8})
    minimum, maximum = _rounded(minimum, period, form), _rounded(maximum, period, form)
    if form == "up_to":
        minimum = None
    elif form == "starting_at":
        maximum = None
    elif form == "single":
        maximum = minimum
    return DemoPay(
        form=form,
        minimum=minimum,
        maximum=maximum,
        period=period,
        text=pay_text(rng, form, minimum, maximum, period),
        structured=shown == "structured",
        in_text=shown == "text" or rng.random() < 0.4,
    )


def _rounded(value: float, period: str, form: str) -> float:
    if form == "k_range":
        return round(value / 1000) * 1000.0
    if period == "year":
        return round(value / 500) * 500.0
    return round(value * 4) / 4  # quarters: $19.25, $24.75


def pay_text(
    rng: random.Random, form: str, minimum: float | None, maximum: float | None, period: str
) -> str:
    """The pay words of an ad, in the forms health-information ads use."""
    low, high = _money(minimum, period), _money(maximum, period)
    if form == "k_range":
        low_k, high_k = f"${minimum / 1000:.0f}K", f"${maximum / 1000:.0f}K"
        return rng.choice(
            (f"{low_k}–{high_k}", f"{low_k}-{high_k} annually", f"{low_k} to {high_k}")
        )
    if period == "hour":
        choices = {
            "hourly_range": (
                f"{low} - {high} per hour",
                f"{low}–{high}/hr",
                f"Pay range: {low} to {high} hourly",
                f"{low} - {high} an hour, based on experience",
            ),
            "up_to": (f"up to {high}/hr", f"Up to {high} per hour based on experience"),
            "starting_at": (f"starting at {low}/hour", f"Starting pay from {low} an hour"),
            "single": (f"{low} per hour", f"Hourly rate: {low}"),
        }
    else:
        choices = {
            "annual_range": (
                f"{low} - {high} per year",
                f"Salary range: {low} to {high} annually",
                f"{low} - {high} per annum, depending on experience",
            ),
            "up_to": (f"up to {high} per year",),
            "starting_at": (f"Starting salary from {low} per year",),
        }
    return rng.choice(choices[form])


def _money(value: float | None, period: str) -> str:
    if value is None:
        return ""
    return f"${value:,.2f}" if period == "hour" else f"${value:,.0f}"


# -- ids -------------------------------------------------------------------------------------


def _id_maker(employer: Employer, rng: random.Random):
    """A function giving the employer's next posting id, in the style of its platform."""
    number = rng.randint(4_000_000, 7_900_000) if employer.kind == "greenhouse" else 0
    if employer.kind == "workday":
        number = rng.randint(20_000, 90_000)
    elif employer.kind == "jsonld":
        number = rng.randint(100_000, 400_000)
    prefix = {"lakeshore-health": "R", "gulf-coast-health": "JR-0", "pacific-crest-health": "REQ-"}
    suffix = f"{rng.randint(2, 9):03d}"  # Greenhouse ids end in the board's shard digits

    def next_id() -> str:
        nonlocal number
        number += rng.randint(3, 600)
        if employer.kind == "greenhouse":
            return f"{number}{suffix}"
        if employer.kind == "workday":
            return f"{prefix.get(employer.slug, 'R')}{number:06d}"
        return str(number)

    return next_id


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys: Sequence[str] = list(weights)
    return rng.choices(keys, weights=[weights[key] for key in keys], k=1)[0]


def slug(text: str, sep: str = "-") -> str:
    """`"Coder II (HCC)"` → `"Coder-II-HCC"`: the form job URLs use."""
    return re.sub(r"[^A-Za-z0-9]+", sep, text).strip(sep)
