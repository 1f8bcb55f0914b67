"""hitboard's one vocabulary: the words stored in the database and written in the export.

Each set is a StrEnum, so a member is the very string the store holds (`RunStatus.FAILED ==
"failed"`) and nothing stored changes; import these instead of writing the strings out.
"""

from enum import StrEnum


class RunStatus(StrEnum):
    """Where a scrape run stands (`scrape_runs.status`)."""

    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    INTERRUPTED = "interrupted"  # its process died or was killed: it closes nothing


# A crawl that never started because its source was busy: an outcome, never a stored run.
REFUSED = "refused"


class RunTrigger(StrEnum):
    """What started a run (`scrape_runs.trigger`)."""

    MANUAL = "manual"  # `hitboard crawl`, a bare `scrapy crawl`
    SCHEDULE = "schedule"  # the scheduler service, on time
    OPERATOR = "operator"  # "run now" from the CLI or the Operations page
    DEMO = "demo"  # `hitboard demo`


class RequestStatus(StrEnum):
    """Where an operator's "run now" stands (`run_requests.status`)."""

    PENDING = "pending"
    STARTED = "started"
    REFUSED = "refused"
    DONE = "done"


class ScheduleOrigin(StrEnum):
    """Who set a schedule (`schedules.origin`): an operator's wins over the sources file's."""

    FILE = "file"
    OPERATOR = "operator"


class AlertKind(StrEnum):
    """What an alert is about (`alerts.kind`)."""

    EMPTY = "empty"  # a run returned no postings
    LOW_YIELD = "low_yield"  # far fewer postings than usual
    ERRORS = "errors"  # far more errors than usual
    FAILED = "failed"  # a run failed or was interrupted
    MISSED = "missed"  # a scheduled crawl did not start in time
    JOB_ERROR = "job_error"  # a scheduler job crashed
    SKIPPED = "skipped"  # a scheduled crawl found its source busy


class WorkArrangement(StrEnum):
    """Where the work happens (the export's `remote`)."""

    REMOTE = "remote"
    HYBRID = "hybrid"
    ONSITE = "onsite"


class EducationLevel(StrEnum):
    """The education a posting asks for at least (the export's `education`), lowest first."""

    HIGH_SCHOOL = "high_school"
    CERTIFICATE = "certificate"
    ASSOCIATE = "associate"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"


class PayPeriod(StrEnum):
    """What a posted pay figure is per (the export's `salary_period`)."""

    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    BIWEEK = "biweek"
    MONTH = "month"
    YEAR = "year"


class Occupation(StrEnum):
    """The SOC 2018 occupations of health-information work (SPEC "Occupation")."""

    RECORDS_SPECIALISTS = "29-2072"
    TECHNOLOGISTS_AND_REGISTRARS = "29-9021"
    HEALTH_SERVICES_MANAGERS = "11-9111"


# BLS titles, as the benchmarks and projections name them.
OCCUPATION_NAMES: dict[str, str] = {
    Occupation.RECORDS_SPECIALISTS: "Medical Records Specialists",
    Occupation.TECHNOLOGISTS_AND_REGISTRARS: (
        "Health Information Technologists and Medical Registrars"
    ),
    Occupation.HEALTH_SERVICES_MANAGERS: "Medical and Health Services Managers",
}
# The 2010 SOC code of the article's 2016 benchmark, split in 2018 into 29-2072 and 29-9021.
RECORDS_AND_HI_TECHNICIANS_2010 = "29-2071"
HISTORICAL_OCCUPATION_NAMES: dict[str, str] = {
    RECORDS_AND_HI_TECHNICIANS_2010: "Medical Records and Health Information Technicians",
}

# Canonical credential codes (SPEC "Credentials"); CTR, its name until 2024, is stored as ODS-C.
CREDENTIAL_CODES: tuple[str, ...] = (
    "RHIA", "RHIT", "CCA", "CCS", "CCS-P", "CDIP", "CHDA", "CHPS", "CHP", "CPC", "COC", "CPB",
    "CRC", "CIC", "CPMA", "ODS-C", "CBCS", "CEHRS",
)  # fmt: skip
