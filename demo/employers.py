"""The demo's fictional employers, the boards they post on and the jobs they post."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Employer:
    """A fictional employer and the board it posts on."""

    slug: str  # names its demo source: demo-<slug>
    name: str
    kind: str  # greenhouse | workday | jsonld
    count: int  # postings it has open
    blurb: str
    # States it hires in, with weights; empty: anywhere in the US.
    states: dict[str, int] = field(default_factory=dict)
    # Role keys (demo.catalog) with weights: how often it posts each kind of job.
    role_weights: dict[str, float] = field(default_factory=dict)
    remote_bias: float = 1.0  # multiplies each role's remote share
    board: str = ""  # greenhouse token, or workday "tenant/site"
    website: str = ""


# fmt: off
# A health system's mix: mostly coding and records work, some nurses and other staff.
HEALTH_SYSTEM_ROLES = {
    "coder_outpatient": 14, "coder_inpatient": 9, "coder_profee": 7, "coding_auditor": 3,
    "cdi": 7, "hit": 9, "roi": 6, "records_clerk": 9, "registrar": 5, "analyst": 3,
    "supervisor": 3, "manager": 3, "director": 1.5, "risk_adjustment": 1, "nurse": 5,
    "infection_preventionist": 1.5, "research_coordinator": 1.5,
}

EMPLOYERS: tuple[Employer, ...] = (
    # Health systems on Workday.
    Employer(
        slug="lakeshore-health", name="Lakeshore Health System", kind="workday", count=48,
        blurb=(
            "Lakeshore Health System is a nonprofit network of nine hospitals and more than 80 "
            "outpatient locations across northern Ohio."
        ),
        states={"OH": 10, "PA": 1, "MI": 1},
        role_weights=HEALTH_SYSTEM_ROLES,
        remote_bias=0.9, board="lakeshorehealth/LakeshoreCareers",
        website="https://careers.lakeshorehealth.example",
    ),
    Employer(
        slug="gulf-coast-health", name="Gulf Coast Regional Health", kind="workday", count=42,
        blurb=(
            "Gulf Coast Regional Health cares for communities from Corpus Christi to Tampa Bay "
            "with 14 hospitals, a children's hospital and a physician group of 1,200 providers."
        ),
        states={"TX": 6, "FL": 5, "LA": 2, "AL": 1},
        role_weights=HEALTH_SYSTEM_ROLES,
        remote_bias=1.0, board="gulfcoasthealth/External",
        website="https://www.gulfcoasthealth.example",
    ),
    Employer(
        slug="pacific-crest-health", name="Pacific Crest Health", kind="workday", count=30,
        blurb=(
            "Pacific Crest Health is an integrated academic health system serving California's "
            "Central Valley and Bay Area."
        ),
        states={"CA": 10, "NV": 1},
        role_weights=HEALTH_SYSTEM_ROLES,
        remote_bias=1.1, board="pacificcrest/PCH_Careers",
        website="https://jobs.pacificcresthealth.example",
    ),
    # Coding companies and health-information vendors on Greenhouse.
    Employer(
        slug="meridian-coding", name="Meridian Coding Partners", kind="greenhouse", count=55,
        blurb=(
            "Meridian Coding Partners provides remote coding, auditing and CDI services to more "
            "than 300 hospitals and physician groups."
        ),
        states={},
        role_weights={
            "coder_outpatient": 14, "coder_inpatient": 10, "coder_profee": 9,
            "risk_adjustment": 6, "coding_auditor": 6, "cdi": 4, "manager": 2, "registrar": 2,
            "marketing": 1.5, "software_engineer": 1.5,
        },
        remote_bias=1.7, board="meridiancoding",
        website="https://www.meridiancoding.example",
    ),
    Employer(
        slug="chartbridge", name="ChartBridge Health Information Services", kind="greenhouse",
        count=45,
        blurb=(
            "ChartBridge runs release of information, records management and HIM staffing for "
            "hospitals and clinics in 30 states."
        ),
        states={},
        role_weights={
            "roi": 16, "records_clerk": 9, "hit": 8, "supervisor": 3, "manager": 2,
            "coder_outpatient": 3, "analyst": 1, "software_engineer": 1,
        },
        remote_bias=0.8, board="chartbridge",
        website="https://chartbridge.example",
    ),
    Employer(
        slug="ascend-risk", name="Ascend Risk Analytics", kind="greenhouse", count=35,
        blurb=(
            "Ascend Risk Analytics helps Medicare Advantage plans document and report risk "
            "accurately."
        ),
        states={},
        role_weights={
            "risk_adjustment": 12, "coding_auditor": 4, "analyst": 5, "manager": 1.5,
            "software_engineer": 2, "marketing": 2,
        },
        remote_bias=1.4, board="ascendrisk",
        website="https://ascendrisk.example",
    ),
    Employer(
        slug="northstar-rcm", name="Northstar Revenue Cycle", kind="greenhouse", count=25,
        blurb=(
            "Northstar Revenue Cycle handles coding, billing and denials for physician groups and "
            "rural hospitals."
        ),
        states={},
        role_weights={
            "coder_profee": 8, "coder_outpatient": 6, "coding_auditor": 2, "hit": 2,
            "supervisor": 1.5, "marketing": 1, "director": 1,
        },
        remote_bias=1.3, board="northstarrcm",
        website="https://northstarrcm.example",
    ),
    # Hospitals and clinics with their own career pages (JSON-LD).
    Employer(
        slug="hudson-valley-medical", name="Hudson Valley Medical Center", kind="jsonld", count=48,
        blurb=(
            "Hudson Valley Medical Center is a 520-bed teaching hospital and Level I trauma "
            "center with community clinics across the Hudson Valley."
        ),
        states={"NY": 8, "NJ": 2, "CT": 1},
        role_weights=HEALTH_SYSTEM_ROLES,
        remote_bias=0.8, board="",
        website="https://careers.hudsonvalleymedical.example",
    ),
    Employer(
        slug="magnolia-health", name="Magnolia Health Partners", kind="jsonld", count=45,
        blurb=(
            "Magnolia Health Partners operates six hospitals and 40 primary and specialty care "
            "clinics in Florida and Georgia."
        ),
        states={"FL": 6, "GA": 4, "SC": 1, "AL": 1},
        role_weights=HEALTH_SYSTEM_ROLES,
        remote_bias=0.9, board="",
        website="https://www.magnoliahealthpartners.example",
    ),
    Employer(
        slug="prairie-view-clinics", name="Prairie View Clinics", kind="jsonld", count=40,
        blurb=(
            "Prairie View Clinics is a physician-led multispecialty group with 65 clinics and "
            "four critical access hospitals across the Midwest."
        ),
        states={"IL": 3, "MN": 2, "IA": 2, "WI": 2, "MO": 2, "KS": 1, "NE": 1, "IN": 1},
        role_weights={**HEALTH_SYSTEM_ROLES, "coder_inpatient": 3, "coder_profee": 12, "cdi": 3},
        remote_bias=1.0, board="",
        website="https://careers.prairieviewclinics.example",
    ),
    Employer(
        slug="cascade-university-health", name="Cascade University Health", kind="jsonld", count=37,
        blurb=(
            "Cascade University Health is the academic medical center of a public health sciences "
            "university in the Pacific Northwest."
        ),
        states={"WA": 5, "OR": 4, "TX": 1, "CA": 1},
        role_weights={
            **HEALTH_SYSTEM_ROLES, "registrar": 6, "analyst": 5, "university_registrar": 2
        },
        remote_bias=1.0, board="",
        website="https://jobs.cascadeuniversityhealth.example",
    ),
)
# fmt: on
