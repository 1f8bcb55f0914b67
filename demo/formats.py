"""The sample in the answers of the real sources: Greenhouse's job board API, Workday's
cxs endpoints, and career pages carrying schema.org JobPosting (JSON-LD) plus sitemaps.

Pure functions from `DemoPosting`s (and the server's base URL) to JSON-ready dicts and
HTML/XML strings; `demo.site` serves them.
"""

import hashlib
import html
import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from demo.employers import Employer
from demo.places import STATE_NAMES
from demo.posting import DemoPosting
from demo.sample import slug

EASTERN = ZoneInfo("America/New_York")
CENTRAL = ZoneInfo("America/Chicago")
EMPLOYMENT_WORDS = {
    "FULL_TIME": "Full time",
    "PART_TIME": "Part time",
    "PER_DIEM": "Part time",  # Workday has no PRN time type; the text says per diem
    "TEMPORARY": "Full time",
}
DEPARTMENTS = {
    "coder_outpatient": "Coding",
    "coder_inpatient": "Coding",
    "coder_profee": "Coding",
    "risk_adjustment": "Risk Adjustment",
    "coding_auditor": "Coding Quality",
    "cdi": "Clinical Documentation Integrity",
    "registrar": "Cancer Registry",
    "analyst": "Analytics",
    "software_engineer": "Engineering",
    "marketing": "Marketing",
}


def _stable_number(*parts: str, digits: int = 10) -> int:
    """A number that depends only on `parts` (ids for offices, metadata, departments)."""
    digest = hashlib.sha256("/".join(parts).encode()).hexdigest()
    return int(digest[:12], 16) % 10**digits


def _place(posting: DemoPosting, *, state_style: str = "code") -> str | None:
    if posting.city is None or posting.state is None:
        return None
    region = STATE_NAMES[posting.state] if state_style == "name" else posting.state
    return f"{posting.city}, {region}"


# -- Greenhouse ---------------------------------------------------------------------------


def greenhouse_board_url(base: str, employer: Employer) -> str:
    return f"{base}/greenhouse/v1/boards/{employer.board}"


def greenhouse_job_url(base: str, posting: DemoPosting) -> str:
    """The human page (`job-boards.greenhouse.io/{token}/jobs/{id}` on the real site)."""
    return f"{base}/greenhouse/{posting.employer.board}/jobs/{posting.external_id}"


def greenhouse_location(posting: DemoPosting) -> str:
    if posting.arrangement == "remote":
        if posting.remote_scope and posting.remote_scope != "US":
            return f"Remote - {STATE_NAMES[posting.remote_scope]}"
        return ("Remote - US", "Remote (United States)", "United States - Remote")[
            posting.serial % 3
        ]
    style = "name" if posting.serial % 4 == 0 else "code"
    place = _place(posting, state_style=style) or "United States"
    if style == "name":
        place += ", United States"
    return f"{place} (Hybrid)" if posting.arrangement == "hybrid" else place


def greenhouse_pay_ranges(posting: DemoPosting) -> list[dict]:
    pay = posting.pay
    if pay is None or not pay.structured or pay.minimum is None or pay.maximum is None:
        return []
    hourly = pay.period == "hour"
    return [
        {
            "min_cents": round(pay.minimum * 100),
            "max_cents": round(pay.maximum * 100),
            "currency_type": "USD",
            "title": "Hourly Pay Range" if hourly else "Annual Base Salary Range",
            "blurb": "Final pay depends on skills, experience and location.",
        }
    ]


def _greenhouse_pay_block(ranges: list[dict]) -> str:
    """The pay box Greenhouse appends to a job's content when pay transparency is on."""
    if not ranges:
        return ""
    boxes = "".join(
        '<div class="pay-input">'
        f'<div class="description"><p>{html.escape(r["blurb"])}</p></div>'
        f'<div class="title">{html.escape(r["title"])}</div>'
        f'<div class="pay-range"><span>${r["min_cents"] / 100:,.2f}</span>'
        f'<span class="divider">&mdash;</span><span>${r["max_cents"] / 100:,.2f} USD</span></div>'
        "</div>"
        for r in ranges
    )
    return f'\n<div class="content-pay-transparency">{boxes}</div>'


def greenhouse_job(posting: DemoPosting, base: str, *, now: datetime, content: bool) -> dict:
    """One job as `GET /v1/boards/{token}/jobs[?content=true]` lists it."""
    employer = posting.employer
    first_published = posting.posted_at.astimezone(EASTERN)
    # Boards touch jobs after publishing (a recruiter edit, a re-post); never in the future.
    updated = min(first_published + timedelta(hours=(posting.serial * 7) % 30), now)
    job = {
        "absolute_url": greenhouse_job_url(base, posting),
        "data_compliance": [
            {
                "type": "gdpr",
                "requires_consent": False,
                "requires_processing_consent": False,
                "requires_retention_consent": False,
                "retention_period": None,
                "demographic_data_consent_applies": False,
            }
        ],
        "internal_job_id": _stable_number(employer.slug, posting.external_id, "internal"),
        "location": {"name": greenhouse_location(posting)},
        "metadata": [
            {
                "id": _stable_number(employer.slug, "employment-type"),
                "name": "Employment Type",
                "value": {
                    "FULL_TIME": "Full-time",
                    "PART_TIME": "Part-time",
                    "PER_DIEM": "Per Diem",
                    "TEMPORARY": "Temporary",
                }[posting.employment_type],
                "value_type": "single_select",
            }
        ],
        "id": int(posting.external_id),
        "updated_at": updated.astimezone(EASTERN).isoformat(timespec="seconds"),
        "requisition_id": f"REQ-{posting.serial + 1000}",
        "title": posting.title,
        "company_name": employer.name,
        "first_published": first_published.isoformat(timespec="seconds"),
        "language": "en",
        "application_deadline": None,
    }
    ranges = greenhouse_pay_ranges(posting)
    if ranges:
        job["pay_input_ranges"] = ranges
    if content:
        department = DEPARTMENTS.get(posting.role, "Health Information Management")
        office = greenhouse_location(posting).removesuffix(" (Hybrid)")
        job |= {
            # The board API sends the HTML escaped once: "&lt;p&gt;...".
            "content": html.escape(posting.description_html + _greenhouse_pay_block(ranges)),
            "departments": [
                {
                    "id": _stable_number(employer.slug, department),
                    "name": department,
                    "child_ids": [],
                    "parent_id": None,
                }
            ],
            "offices": [
                {
                    "id": _stable_number(employer.slug, office),
                    "name": office,
                    "location": office,
                    "child_ids": [],
                    "parent_id": None,
                }
            ],
            "ai_disclaimer": None,
            "include_ai_disclaimer": False,
            "ai_opt_out_request_url": None,
        }
    return job


def greenhouse_board(
    postings: Iterable[DemoPosting], base: str, *, now: datetime, content: bool
) -> dict:
    jobs = [greenhouse_job(posting, base, now=now, content=content) for posting in postings]
    return {"jobs": jobs, "meta": {"total": len(jobs)}}


# -- Workday ------------------------------------------------------------------------------


def workday_api_url(base: str, employer: Employer) -> str:
    return f"{base}/workday/wday/cxs/{employer.board}"


def workday_location(posting: DemoPosting) -> str:
    """Each tenant writes places its own way: `USA.OH.Cleveland`, `Houston, TX`, ..."""
    if posting.city is None or posting.state is None:
        scope = posting.remote_scope or "US"
        return f"Remote - {STATE_NAMES.get(scope, 'United States')}"
    return _workday_place(posting.employer, posting.city, posting.state)


def _workday_place(employer: Employer, city: str, state: str) -> str:
    if employer.slug == "lakeshore-health":
        return f"USA.{state}.{city}"
    if employer.slug == "pacific-crest-health":
        return f"{city}, {STATE_NAMES[state]}"
    return f"{city}, {state}"


def workday_additional_locations(posting: DemoPosting) -> list[str]:
    if posting.extra_place is None:
        return []
    city, state, _zip = posting.extra_place
    return [_workday_place(posting.employer, city, state)]


def workday_external_path(posting: DemoPosting) -> str:
    return f"/job/{slug(workday_location(posting))}/{slug(posting.title)}_{posting.external_id}"


def workday_remote_type(posting: DemoPosting) -> str:
    return {"remote": "Remote", "hybrid": "Hybrid", "onsite": "Onsite"}[posting.arrangement]


def workday_posted_on(posting: DemoPosting, now: datetime) -> str:
    days = (now.date() - posting.posted_at.date()).days
    if days <= 0:
        return "Posted Today"
    if days == 1:
        return "Posted Yesterday"
    return f"Posted {days} Days Ago" if days < 30 else "Posted 30+ Days Ago"


def workday_list_entry(posting: DemoPosting, now: datetime) -> dict:
    """One entry of `POST {url}/jobs` → `jobPostings`."""
    extra = workday_additional_locations(posting)
    return {
        "title": posting.title,
        "externalPath": workday_external_path(posting),
        "locationsText": f"{1 + len(extra)} Locations" if extra else workday_location(posting),
        "postedOn": workday_posted_on(posting, now),
        "remoteType": workday_remote_type(posting),
        "bulletFields": [posting.external_id],
    }


def workday_human_url(base: str, posting: DemoPosting) -> str:
    """The page a person opens (`{tenant}.wdN.myworkdayjobs.com/{site}/job/...` for real)."""
    return f"{base}/workday/{posting.employer.board}{workday_external_path(posting)}"


def workday_detail(posting: DemoPosting, base: str, now: datetime) -> dict:
    """`GET {url}{externalPath}`: jobPostingInfo + hiringOrganization."""
    tenant, site = posting.employer.board.split("/")
    path = workday_external_path(posting)
    info = {
        "id": hashlib.md5(f"{tenant}/{posting.external_id}".encode()).hexdigest(),
        "title": posting.title,
        "jobDescription": posting.description_html,
        "location": workday_location(posting),
        "postedOn": workday_posted_on(posting, now),
        "startDate": posting.posted_at.astimezone(EASTERN).date().isoformat(),
        "timeType": EMPLOYMENT_WORDS[posting.employment_type],
        "jobReqId": posting.external_id,
        "jobPostingId": path.rsplit("/", 1)[-1],
        "jobPostingSiteId": site,
        "country": {
            "descriptor": "United States of America",
            "id": "bc33aa3152ec42d4995f4791a106ed09",
        },
        "canApply": True,
        "posted": True,
        "includeResumeParsing": True,
        "jobRequisitionLocation": {
            "descriptor": workday_location(posting),
            "country": {
                "descriptor": "United States of America",
                "id": "bc33aa3152ec42d4995f4791a106ed09",
                "alpha2Code": "US",
            },
        },
        "remoteType": workday_remote_type(posting),
        "externalUrl": workday_human_url(base, posting),
        "questionnaireId": hashlib.md5(f"{tenant}/questionnaire".encode()).hexdigest(),
    }
    if extra := workday_additional_locations(posting):
        info["additionalLocations"] = extra
    return {
        "jobPostingInfo": info,
        "hiringOrganization": {"name": posting.employer.name, "url": ""},
        "userAuthenticated": False,
    }


# -- JSON-LD career pages -------------------------------------------------------------------

EDUCATION_CATEGORIES = {
    "high_school": "high school",
    "certificate": "professional certificate",
    "associate": "associate degree",
    "bachelor": "bachelor degree",
    "master": "postgraduate degree",
}


def jsonld_sitemap_url(base: str, employer: Employer) -> str:
    return f"{base}/jsonld/{employer.slug}/sitemap.xml"


def jsonld_page_url(base: str, posting: DemoPosting) -> str:
    title = slug(posting.title).lower()
    return f"{base}/jsonld/{posting.employer.slug}/careers/job/{posting.external_id}-{title}.html"


def _date_posted(posting: DemoPosting) -> str:
    """Career sites write dates several ways: a date, local time with offset, or UTC."""
    style = posting.employer.slug
    if style == "magnolia-health":
        return posting.posted_at.astimezone(EASTERN).isoformat(timespec="seconds")
    if style == "cascade-university-health":
        return posting.posted_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return posting.posted_at.astimezone(CENTRAL).date().isoformat()


def _address(posting: DemoPosting, city: str, state: str, postal: str | None) -> dict:
    names = posting.employer.slug == "magnolia-health"  # this site spells out states
    address = {
        "@type": "PostalAddress",
        "streetAddress": f"{100 + _stable_number(city, posting.employer.slug, digits=4)} "
        f"{('Main', 'Medical Center', 'Hospital', 'Health Park')[len(city) % 4]} Drive",
        "addressLocality": city,
        "addressRegion": STATE_NAMES[state] if names else state,
        "addressCountry": "US",
    }
    if postal:
        address["postalCode"] = postal
    return {"@type": "Place", "address": address}


def jsonld_posting(posting: DemoPosting, base: str) -> dict:
    """The schema.org JobPosting the page carries (without @context)."""
    employer = posting.employer
    data: dict = {
        "@type": "JobPosting",
        "title": posting.title,
        "description": posting.description_html,
        "identifier": {
            "@type": "PropertyValue",
            "name": employer.name,
            "value": posting.external_id,
        },
        "datePosted": _date_posted(posting),
        "validThrough": (posting.posted_at + timedelta(days=60)).strftime("%Y-%m-%dT23:59:59Z"),
        "employmentType": posting.employment_type,
        "hiringOrganization": {
            "@type": "Organization",
            "name": employer.name,
            "sameAs": employer.website,
        },
        "url": jsonld_page_url(base, posting),
        "directApply": True,
    }
    places = []
    if posting.city and posting.state:
        places.append(_address(posting, posting.city, posting.state, posting.postal_code))
    if posting.extra_place:
        places.append(_address(posting, *posting.extra_place))
    if places:
        # Sites give one Place or a list of them; both are valid schema.org.
        data["jobLocation"] = places[0] if len(places) == 1 and posting.serial % 3 else places
    if posting.arrangement == "remote":
        data["jobLocationType"] = "TELECOMMUTE"
        scope = posting.remote_scope or "US"
        data["applicantLocationRequirements"] = (
            {"@type": "Country", "name": "USA"}
            if scope == "US"
            else {"@type": "State", "name": STATE_NAMES[scope]}
        )
    pay = posting.pay
    if pay and pay.structured:
        value: dict = {"@type": "QuantitativeValue", "unitText": pay.period.upper()}
        if pay.minimum is not None and pay.minimum == pay.maximum:
            value["value"] = pay.minimum
        else:
            if pay.minimum is not None:
                value["minValue"] = pay.minimum
            if pay.maximum is not None:
                value["maxValue"] = pay.maximum
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "USD", "value": value}
    if posting.education and posting.serial % 2 == 0:
        data["educationRequirements"] = {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": EDUCATION_CATEGORIES[posting.education],
        }
    if posting.experience_years and posting.serial % 3 == 0:
        data["experienceRequirements"] = {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": posting.experience_years * 12,
        }
    return data


def jsonld_block(posting: DemoPosting, base: str) -> object:
    """What goes in the page's script: one object, an @graph, or a list (sites use all three)."""
    job = jsonld_posting(posting, base)
    page_url = jsonld_page_url(base, posting)
    employer = posting.employer
    if posting.layout == "graph":
        return {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebPage", "@id": page_url, "url": page_url, "name": posting.title},
                {"@type": "Organization", "@id": f"{employer.website}#org", "name": employer.name},
                job,
            ],
        }
    if posting.layout == "list":
        crumbs = {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Careers", "item": f"{base}/"},
                {"@type": "ListItem", "position": 2, "name": posting.title, "item": page_url},
            ],
        }
        return [crumbs, {"@context": "https://schema.org", **job}]
    return {"@context": "https://schema.org", **job}


def script_json(data: object) -> str:
    """JSON safe inside <script>: no `</` can end the element early."""
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")


def jsonld_page(posting: DemoPosting, base: str) -> str:
    employer = posting.employer
    place = _place(posting) or ("Remote" if posting.arrangement == "remote" else "")
    org_block = ""
    if posting.serial % 5 == 0:  # some sites add their own Organization block first
        org = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": employer.name,
            "url": employer.website,
        }
        org_block = f'<script type="application/ld+json">{script_json(org)}</script>\n'
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f"<title>{html.escape(posting.title)} | Careers at {html.escape(employer.name)}</title>\n"
        f'<meta property="og:site_name" content="{html.escape(employer.name)}">\n'
        f"{org_block}"
        f'<script type="application/ld+json">{script_json(jsonld_block(posting, base))}</script>\n'
        "</head><body>\n"
        f'<header><a href="{base}/">{html.escape(employer.name)} Careers</a></header>\n'
        f"<main><h1>{html.escape(posting.title)}</h1>\n"
        f'<p class="location">{html.escape(place)}</p>\n'
        f"{posting.description_html}\n"
        '<p><a class="apply" href="#apply">Apply now</a></p></main>\n'
        "</body></html>\n"
    )


def sitemap(entries: Iterable[tuple[str, datetime]]) -> str:
    """A sitemap urlset: each page with its last modification date."""
    urls = "".join(
        f"<url><loc>{html.escape(url)}</loc><lastmod>{when.date().isoformat()}</lastmod></url>\n"
        for url, when in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}</urlset>\n"
    )


def sitemap_index(urls: Iterable[str]) -> str:
    maps = "".join(f"<sitemap><loc>{html.escape(url)}</loc></sitemap>\n" for url in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{maps}</sitemapindex>\n"
    )


# -- pages a person opens (the apply links of Greenhouse and Workday jobs) --------------------


def job_page(posting: DemoPosting, location: str) -> str:
    employer = posting.employer
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f"<title>{html.escape(posting.title)} - {html.escape(employer.name)}</title></head>\n"
        f"<body><main><h1>{html.escape(posting.title)}</h1>\n"
        f"<p>{html.escape(employer.name)} · {html.escape(location)}</p>\n"
        f"{posting.description_html}\n</main></body></html>\n"
    )
