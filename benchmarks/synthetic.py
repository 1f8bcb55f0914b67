"""Synthetic health-information postings at any scale, with known duplicate groups.

    from benchmarks.synthetic import synthetic_postings, bulk_load
    made = synthetic_postings(100_000, seed=7, duplicate_share=0.3)
    made.rows      # dicts of Posting columns, ready for store.postings.upsert_postings
    made.job_of    # the job each row is a copy of: rows with one job are duplicates
    bulk_load("sqlite:///big.db", made.rows)   # fill a store fast (and cluster it)

Every employer, agency and posting is invented. Titles, duties, pay bands and places come
from the demo's catalog (`demo.catalog`, `demo.places`); each job is published by its
employer's own career system and, for a share of jobs, again by other sources in their own
forms: the employer's career page (title reordered, brand name with the campus), an
aggregator (a 500-character snippet, estimated pay), a job feed, a staffing agency (its own
name, "(Contract)", the employer named as its client or not, its own pay rate), or the
same board under a new id after the first closed (a repost).
"""

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from demo import catalog, places
from store.clusters.grouping import without_gc
from store.clusters.titles import parse_title

NOW = datetime(2026, 11, 1, tzinfo=UTC)
EMPLOYER_FIRST = (
    "Lakeshore", "Gulf Coast", "Pacific Crest", "Prairie View", "Hudson Valley", "Magnolia",
    "Cascade", "Blue Ridge", "Red River", "Summit", "Riverbend", "Cedar Valley", "Granite",
    "Harbor", "Sierra", "Piedmont", "Bayou", "Keystone", "Evergreen", "Golden Plains",
    "Ozark", "Tidewater", "High Desert", "Great Lakes", "Three Rivers", "Bluegrass", "Mesa",
    "Coastal Bend", "Heartland", "North Shore", "Silver Lake", "Willow Creek", "Iron Range",
    "Sandhills", "Palmetto", "Lone Pine", "Big Sky", "Capital Region", "Valley View", "Westfield",
)  # fmt: skip
EMPLOYER_MIDDLE = (
    "", "St. Anne", "St. Luke", "Mercy", "Baptist", "Methodist", "Community", "University",
    "Memorial", "Good Shepherd", "Sacred Heart", "Children's", "Veterans", "Northern",
    "Southern",
)  # fmt: skip
# A distinctive word for the names past the first len(FIRST) × len(MIDDLE): without it those
# would differ only in what kind of organization they are ("Blue Ridge Clinics", "Blue Ridge
# Health"), which to any reader (and the matcher) is one employer.
EMPLOYER_AREA = (
    "", "Highlands", "Lakes", "Pines", "Foothills", "Meadows", "Springs", "Bluffs", "Uplands",
    "Crossroads",
)  # fmt: skip
EMPLOYER_LAST = (
    "Health System", "Regional Health", "Medical Center", "Health Partners", "Clinics",
    "Hospital", "Health", "Physician Group", "Health Network", "Healthcare",
)  # fmt: skip
AGENCY_NAMES = (
    "Summit Medical Staffing", "Keystone Healthcare Staffing", "Bright Path Recruiting",
    "Harbor Talent Partners", "Northwind Coding Services", "Pinnacle HIM Services",
    "Clearview Medical Coding", "Atlas Health Staffing", "Beacon Locum Staffing",
    "Crestline Recruitment",
)  # fmt: skip
OWN_KINDS = ("workday", "greenhouse", "lever", "smartrecruiters", "icims", "oracle")
DEPARTMENTS = (
    "Health Information Management", "Revenue Integrity", "Coding and CDI", "Patient Access",
    "Oncology Services", "Quality and Patient Safety", "Physician Services", "Revenue Cycle",
    "Clinical Informatics", "Emergency Services", "Surgical Services", "Ambulatory Care",
)  # fmt: skip
TEAM_LINES = (
    "You will join a team of {n} colleagues in {department} at our {city} location.",
    "The {department} department supports {n} clinics and {m} inpatient units.",
    "This opening is one of {n} new positions created as {department} grows.",
    "Our {department} team closed {m} thousand encounters last year with a {k} percent "
    "accuracy rate.",
    "The position reports to the {department} manager and works closely with {n} providers.",
    "Training lasts {k} weeks and pairs you with a senior colleague from {department}.",
    "Schedules are set {k} weeks ahead and posted in our workforce system.",
    "Our {city} campus opened its new {department} offices in {year}.",
    "Most of the team has been with {department} for more than {k} years.",
    "We expect to fill this role within {k} weeks of the posting date.",
)  # fmt: skip
BLURB_LINES = (
    "{name} is a nonprofit health system serving {state} for more than {n} years.",
    "{name} operates {k} hospitals and {m} outpatient locations.",
    "Every year {name} cares for {m} thousand patients across {state}.",
    "{name} has been recognized for quality and patient safety {k} years in a row.",
    "At {name}, our mission is to improve the health of the communities we serve.",
    "{name} employs more than {m} hundred people and trains the next generation of "
    "health professionals.",
)  # fmt: skip
AGENCY_INTRO = (
    "{agency} is hiring for a {title} on behalf of a leading health system.",
    "Our client, {employer}, is looking for a {title} to join its team.",
    "{agency} has an immediate opening for an experienced {title}.",
)
AGENCY_FOOTER = (
    "{agency} is an equal opportunity employer and offers weekly pay, medical and dental "
    "benefits to contract staff. Apply today and a recruiter will call you within one day."
)
SHIFTS = ("Day", "Evening", "Night")
# How employers make the catalog's duties their own: each employer words them its own way.
DUTY_TAILS = (
    "following {short} policy", "as the {short} standard asks", "for every {short} site",
    "in line with {short} compliance rules", "within the {short} turnaround goal",
    "using the {short} workflow", "as part of the {short} quality program",
    "under the {short} documentation guidelines", "with support from the {short} team",
    "across all {short} service lines", "according to {short} procedures",
    "to {short} accuracy targets",
)  # fmt: skip
ROLE_WEIGHTS = {
    "coder_outpatient": 14, "coder_inpatient": 9, "coder_profee": 7, "coding_auditor": 3,
    "cdi": 7, "hit": 9, "roi": 6, "records_clerk": 9, "registrar": 5, "analyst": 3,
    "supervisor": 3, "manager": 3, "director": 1.5, "risk_adjustment": 2,
}  # fmt: skip
ROLES = {role.key: role for role in catalog.ROLES}


@dataclass(frozen=True)
class Employer:
    name: str
    kind: str  # its own career system
    states: tuple[str, ...]
    blurb: str
    benefits: str
    duty_tails: tuple[str, ...]


@dataclass
class Job:
    """One real job: what every copy of it says, in the employer's own words."""

    number: int
    employer: Employer
    role: str
    title: str
    city: str | None
    state: str | None
    remote: str
    pay: tuple[float, float, str] | None  # (low, high, "hour" | "year")
    shift: str | None
    description: str
    posted_at: datetime
    credentials: dict[str, str] = field(default_factory=dict)  # what its text asks for
    ehr: str | None = None  # the record system its text names


@dataclass
class Synthetic:
    rows: list[dict[str, Any]] = field(default_factory=list)
    job_of: list[int] = field(default_factory=list)  # the job each row is a copy of

    def add(self, row: dict[str, Any], job: int) -> None:
        self.rows.append(row)
        self.job_of.append(job)


class Maker:
    """Makes employers, jobs and their copies from one seeded random generator."""

    def __init__(self, seed: int, employers: int):
        self.rng = random.Random(seed)
        self.employers = [self._employer(i) for i in range(employers)]
        self.serial = 0
        self.used: set[tuple] = set()  # (employer, title, place, shift) of every job made
        self.templates: dict[tuple[str, str], tuple[str, str]] = {}
        self.role_keys = list(ROLE_WEIGHTS)
        self.role_weights = list(ROLE_WEIGHTS.values())

    # -- employers and jobs --------------------------------------------------------------

    def _employer(self, index: int) -> Employer:
        rng = self.rng
        first = EMPLOYER_FIRST[index % len(EMPLOYER_FIRST)]
        middle = EMPLOYER_MIDDLE[(index // len(EMPLOYER_FIRST)) % len(EMPLOYER_MIDDLE)]
        cycle = index // (len(EMPLOYER_FIRST) * len(EMPLOYER_MIDDLE))
        area = EMPLOYER_AREA[cycle % len(EMPLOYER_AREA)]
        last = EMPLOYER_LAST[cycle % len(EMPLOYER_LAST)]
        name = " ".join(part for part in (first, area, middle, last) if part)
        if cycle >= len(EMPLOYER_AREA):
            name = f"{name} {index}"
        weights = places.NATIONAL_STATE_WEIGHTS
        states = tuple(
            dict.fromkeys(rng.choices(list(weights), list(weights.values()), k=rng.randint(1, 3)))
        )
        numbers = {"n": rng.randint(20, 120), "k": rng.randint(2, 14), "m": rng.randint(10, 90)}
        state_name = places.STATE_NAMES[states[0]]
        blurb = " ".join(
            line.format(name=name, state=state_name, **numbers)
            for line in rng.sample(BLURB_LINES, 5)
        )
        benefits = "Benefits: " + ". ".join(rng.sample(catalog.BENEFITS, 8)) + "."
        short = name.split()[0]
        tails = tuple(t.format(short=short) for t in rng.sample(DUTY_TAILS, 3))
        return Employer(name, rng.choice(OWN_KINDS), states, blurb, benefits, tails)

    def _pick(self, options: Sequence[Any]) -> Any:
        return options[int(self.rng.random() * len(options))]

    def job(self, employer: Employer | None = None, **fixed: Any) -> Job:
        """A new job; keyword arguments fix any of its facts (role, title, city, shift...)."""
        rng, pick = self.rng, self._pick
        employer = employer or pick(self.employers)
        # Two different jobs never share employer, title words, place and shift: those
        # would be one job to any reader (the evaluation set makes such near-twins on
        # purpose, with a difference that tells them apart).
        for _attempt in range(20):
            role = ROLES[fixed.get("role") or rng.choices(self.role_keys, self.role_weights)[0]]
            title = fixed.get("title") or pick(role.titles)
            state = fixed.get("state") or pick(employer.states)
            city = fixed.get("city") or pick(places.CITIES[state])[0]
            remote = fixed.get("remote") or (
                "remote" if rng.random() < role.remote_share * 0.6 else "onsite"
            )
            shift = fixed.get("shift")
            where = state if remote == "remote" else city
            identity = (employer.name, _title_key(title), where, shift)
            if identity not in self.used or fixed:
                break
            employer = pick(self.employers)
        self.used.add(identity)
        pay = fixed.get("pay", self._pay(role, state))
        self.serial += 1
        description = fixed.get("description") or self._description(
            employer, role, title, city, remote, pay, shift
        )
        posted = fixed.get("posted_at") or NOW - timedelta(days=int(rng.random() * 120))
        # What its text asks for (nothing known when the text was given).
        _, _, credentials, ehr = self.templates.get((employer.name, role.key), ("", "", {}, None))
        return Job(
            self.serial, employer, role.key, title, city, state, remote, pay, shift,
            description, posted, credentials, ehr,
        )  # fmt: skip

    def _pay(self, role, state: str) -> tuple[float, float, str] | None:
        rng = self.rng
        if rng.random() < 0.3:
            return None
        low, high = role.pay
        factor = places.STATE_PAY_FACTOR.get(state, 1.0)
        minimum = round((low + rng.random() * 0.4 * (high - low)) * factor, 2)
        return minimum, round(minimum * (1.2 + 0.2 * rng.random()), 2), role.period

    def _template(self, employer: Employer, role_key: str) -> tuple[str, str, dict, str]:
        """An employer's text for a kind of job, the same in each of its ads for it: duties
        in its own words, then what it asks for (made once per employer and role); with the
        credentials and the record system that text names."""
        made = self.templates.get((employer.name, role_key))
        if made:
            return made
        rng, role = self.rng, ROLES[role_key]
        ehr = self._pick(catalog.EHRS)
        duties = [
            d.format(code_sets="ICD-10-CM, ICD-10-PCS and CPT", ehr=ehr, team="the department")
            + " "
            + self._pick(employer.duty_tails)
            for d in rng.sample(role.duties, min(len(role.duties), 5))
        ]
        education = self._pick(catalog.EDUCATION_LINES[self._pick(role.education)])
        experience = self._pick(catalog.EXPERIENCE_LINES).format(
            n=role.experience[1], years="years", area=catalog.EXPERIENCE_AREAS[role.key]
        )
        credential_line, credentials = self._pick(
            catalog.CREDENTIAL_LINES[self._pick(role.credentials)]
        )
        asks = [
            education,
            experience,
            credential_line,
            f"Experience with {ehr} and the {self._pick(catalog.ENCODERS)} encoder preferred.",
        ]
        eeo = self._pick(catalog.EEO_LINES).format(name=employer.name)
        made = (
            "\n".join(["Responsibilities:", *duties, "Qualifications:", *asks]),
            f"{employer.benefits}\n{eeo}",
            dict(credentials),
            ehr,
        )
        self.templates[(employer.name, role_key)] = made
        return made

    def _description(self, employer, role, title, city, remote, pay, shift) -> str:
        """About 2–4 KB: the employer's blurb and template, and what is this job's own."""
        random = self.rng.random
        duties_and_asks, closing, _, _ = self._template(employer, role.key)
        numbers = {
            "n": 3 + int(random() * 57), "m": 2 + int(random() * 38), "k": 2 + int(random() * 10),
            "year": 2012 + int(random() * 14), "department": self._pick(DEPARTMENTS),
            "city": city or "our",
        }  # fmt: skip
        first = int(random() * len(TEAM_LINES))
        team = [TEAM_LINES[(first + 3 * i) % len(TEAM_LINES)].format(**numbers) for i in range(6)]
        where = "This is a remote position." if remote == "remote" else f"Work location: {city}."
        lines = [employer.blurb, f"The {title} {role.summary}.", where, *team, duties_and_asks]
        if shift:
            lines.append(f"This position works {shift.lower()} shift.")
        if pay:
            unit = "per hour" if pay[2] == "hour" else "per year"
            lines.append(f"Pay range: ${pay[0]:,.2f} - ${pay[1]:,.2f} {unit}.")
        lines.append(closing)
        return "\n".join(lines)

    # -- copies of a job, in each kind of source's own forms -------------------------------

    def own(self, job: Job, *, id_suffix: str = "") -> dict:
        kind = job.employer.kind
        return self._row(
            job,
            source=f"{_slug(job.employer.name)}-careers",
            kind=kind,
            external=f"R{job.number}{id_suffix}",
            title=self._with_shift(job.title, job.shift),
            company=job.employer.name,
            location=f"{job.city}, {job.state}" if job.remote != "remote" else "Remote",
        )

    def career_page(self, job: Job) -> dict:
        """The employer's JSON-LD career page: title reordered, brand name with the campus."""
        return self._row(
            job,
            source=f"{_slug(job.employer.name)}-site",
            kind="jsonld",
            external=f"https://careers.example/{job.number}",
            title=_reorder(self._with_shift(job.title, job.shift)),
            company=f"{job.employer.name} - {job.city}" if job.city else job.employer.name,
            location=f"{job.city}, {places.STATE_NAMES.get(job.state or '', '')}",
            remote=job.remote if job.remote == "remote" else None,
        )

    def aggregator(self, job: Job) -> dict:
        """An aggregator's copy: a snippet of the text, sometimes an estimated salary."""
        title = self._with_shift(job.title, job.shift)
        if job.remote == "remote" and self.rng.random() < 0.5:
            title = f"{title} - Remote"
        row = self._row(
            job,
            source="adzuna-us",
            kind="adzuna",
            external=f"az{job.number}",
            title=title,
            company=f"{job.employer.name} Inc.",
            location=f"{job.city}, {job.state}",
            description=job.description[:500],
        )
        if row["salary_annual_min"] is None and self.rng.random() < 0.5:
            row.update(salary_annual_min=52000.0, salary_annual_max=64000.0, salary_estimated=True)
        return row

    def feed(self, job: Job) -> dict:
        return self._row(
            job,
            source="jobs-feed",
            kind="feed",
            external=f"feed-{job.number}",
            title=self._with_shift(job.title, job.shift),
            company=job.employer.name,
            location=f"{job.city}, {job.state}, United States",
        )

    def agency(self, job: Job, agency: str | None = None, *, name_client: bool = True) -> dict:
        """A staffing agency's repost: its name, its pay, the employer's text between its own."""
        rng = self.rng
        agency = agency or rng.choice(AGENCY_NAMES)
        intro = AGENCY_INTRO[1 if name_client else rng.choice((0, 2))]
        text = "\n".join(
            [
                intro.format(agency=agency, employer=job.employer.name, title=job.title),
                job.description,
                AGENCY_FOOTER.format(agency=agency),
            ]
        )
        row = self._row(
            job,
            source=f"{_slug(agency)}-jobs",
            kind="greenhouse",
            external=f"ag{job.number}-{rng.randint(100, 999)}",
            title=f"{self._with_shift(job.title, job.shift)} (Contract)",
            company=agency,
            location=f"{job.city}, {job.state}" if job.remote != "remote" else "Remote, US",
            description=text,
        )
        if job.pay and job.pay[2] == "hour":
            rate = round(job.pay[0] * 1.1, 2)
            row.update(salary_min=rate, salary_max=rate, salary_annual_min=rate * 2080)
            row.update(salary_annual_max=rate * 2080, salary_text=f"${rate}/hr")
        return row

    @staticmethod
    def _with_shift(title: str, shift: str | None) -> str:
        return f"{title} - {shift} Shift" if shift else title

    def _row(
        self, job: Job, *, source: str, kind: str, external: str, title: str, company: str,
        location: str, description: str | None = None, remote: str | None = "",
    ) -> dict[str, Any]:  # fmt: skip
        role = ROLES[job.role]
        pay = job.pay
        hourly = bool(pay) and pay[2] == "hour"
        annual = (pay[0] * 2080, pay[1] * 2080) if hourly else (pay[0], pay[1]) if pay else None
        row = {
            "source": source,
            "source_kind": kind,
            "external_id": external,
            "url": f"https://jobs.example/{source}/{external}",
            "title": title,
            "company": company,
            "location": location,
            "city": job.city if job.remote != "remote" or kind == "jsonld" else None,
            "state": job.state,
            "country": "US",
            "remote": job.remote if remote == "" else remote,
            "employment_type": "Full-time",
            "salary_min": pay[0] if pay else None,
            "salary_max": pay[1] if pay else None,
            "salary_currency": "USD" if pay else None,
            "salary_period": pay[2] if pay else None,
            "salary_annual_min": annual[0] if annual else None,
            "salary_annual_max": annual[1] if annual else None,
            "salary_estimated": False,
            "salary_text": None,
            "certifications": [],
            "credential_requirements": {},
            "education": role.education[0],
            "experience_years": float(role.experience[0]),
            "occupation": role.soc,
            "relevant": True,
            "facets": {},
            "posted_at": job.posted_at,
            "description_text": job.description if description is None else description,
            "description_html": None,
        }
        return row


def _title_key(title: str) -> str:
    """What makes two titles alike to a reader: their words (level and setting aside)."""
    return parse_title(title).key


@cache
def _slug(name: str) -> str:
    return "-".join("".join(c for c in word if c.isalnum()) for word in name.lower().split())


def _reorder(title: str) -> str:
    """ "Coder II - Inpatient" → "Inpatient Coder II": how career pages often word it."""
    if " - " in title:
        head, tail = title.split(" - ", 1)
        return f"{tail} {head}"
    return title


COPIES = ("career_page", "aggregator", "feed", "agency")


def synthetic_postings(
    count: int, *, seed: int = 20261201, duplicate_share: float = 0.3
) -> Synthetic:
    """`count` posting rows: each job on its employer's board, and `duplicate_share` of the
    rows being further copies of those jobs on other sources (1 to 4 copies a job)."""
    with without_gc():  # a million rows are tens of millions of objects
        return _make(count, seed, duplicate_share)


def _make(count: int, seed: int, duplicate_share: float) -> Synthetic:
    made = Synthetic()
    for row, job in generate(count, seed=seed, duplicate_share=duplicate_share):
        made.add(row, job.number)
    return made


def generate(
    count: int, *, seed: int = 20261201, duplicate_share: float = 0.3
) -> Iterator[tuple[dict[str, Any], Job]]:
    """The rows of `synthetic_postings` one at a time, each with the job it is a copy of, for
    stores too big to hold in memory."""
    maker = Maker(seed, employers=max(40, count // 250))
    rng = maker.rng
    made = 0
    while made < count:
        job = maker.job()
        yield maker.own(job), job
        made += 1
        if rng.random() < duplicate_share / (1 - duplicate_share) / 2.2:
            for copy in rng.sample(COPIES, rng.randint(1, 4)):
                if made < count:
                    yield getattr(maker, copy)(job), job
                    made += 1


def iter_batches(rows: Sequence[dict], size: int) -> Iterator[Sequence[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def bulk_load(url: str, rows: Sequence[dict[str, Any]], *, cluster: bool = True) -> None:
    """Fill the store at `url` with `rows` fast: direct inserts in large transactions (not
    the crawl path), then, unless `cluster` is False, clustering from scratch."""
    from sqlalchemy import func, insert, select

    from store.clusters.sync import rebuild_clusters
    from store.db import init_db, session_scope
    from store.postings import POSTINGS, TEXTS, prepare_row, text_params

    engine = init_db(url)
    seen = NOW
    with without_gc(), session_scope(engine) as session:
        next_id = (session.exec(select(func.max(POSTINGS.c.id))).scalar() or 0) + 1
        for batch in iter_batches(rows, 20_000):
            prepared = []
            for row in batch:
                stored = prepare_row(row)
                stored.update(id=next_id, first_seen_at=seen, last_seen_at=seen)
                next_id += 1
                prepared.append(stored)
            session.exec(insert(POSTINGS), params=prepared)
            # The descriptions live in posting_texts (and its full-text index): the
            # matcher reads them there, as it does in a store filled by crawls.
            session.exec(insert(TEXTS), params=[text_params(r, r["id"]) for r in prepared])
        if cluster:
            rebuild_clusters(session=session)
