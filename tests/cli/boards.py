"""Small boards in the real formats, served by a LocalServer, for end-to-end crawls."""

import html
import json

from demo.server import LocalServer, Reply, ServedRequest

CODER = {
    "id": 4001,
    "title": "Inpatient Medical Coder II",
    "absolute_url": "https://example.org/jobs/4001",
    "location": {"name": "Tampa, FL 33606"},
    "updated_at": "2026-11-20T09:00:00-05:00",
    "content": html.escape(
        "<p>Code inpatient records using ICD-10-CM and ICD-10-PCS in Epic.</p>"
        "<ul><li>CCS required; RHIT preferred.</li>"
        "<li>Associate degree in Health Information Management.</li>"
        "<li>Pay: $24.50 - $31.00 per hour. $2,000 sign-on bonus.</li></ul>"
    ),
}
REGISTRAR = {
    "id": 4002,
    "title": "Cancer Registrar (Remote)",
    "absolute_url": "https://example.org/jobs/4002",
    "location": {"name": "Remote - US"},
    "updated_at": "2026-11-18T09:00:00Z",
    "content": html.escape(
        "<p>Fully remote. Abstract cancer cases for the registry.</p>"
        "<p>ODS-C (formerly CTR) required. Salary $62,000 - $74,000 per year.</p>"
    ),
}
ENGINEER = {
    "id": 4003,
    "title": "Senior Python Engineer",
    "absolute_url": "https://example.org/jobs/4003",
    "location": {"name": "Austin, TX"},
    "updated_at": "2026-11-19T09:00:00Z",
    "content": html.escape("<p>Build APIs in Python. $150,000 - $180,000 a year.</p>"),
}


def greenhouse_board(jobs: list[dict]) -> dict:
    return {"jobs": jobs, "meta": {"total": len(jobs)}}


WORKDAY_JOBS = [
    {
        "title": "Release of Information Specialist",
        "externalPath": "/job/Houston/Release-of-Information-Specialist_R100",
        "locationsText": "Houston, TX",
        "postedOn": "Posted 2 Days Ago",
        "bulletFields": ["R100"],
        "description": "<p>Process ROI requests. Hybrid: 3 days on site. "
        "$18.00/hr - $22.50/hr. High school diploma required. CCA preferred.</p>",
        "remoteType": "Hybrid",
    },
    {
        "title": "Director, Health Information Management",
        "externalPath": "/job/Columbus/Director-HIM_R200",
        "locationsText": "Columbus, OH",
        "postedOn": "Posted 5 Days Ago",
        "bulletFields": ["R200"],
        "description": "<p>Lead the HIM department. RHIA required. Bachelor's degree and "
        "7 years of experience. Pay range $115,000 to $140,000 annually.</p>",
        "remoteType": None,
    },
]


def workday_site(server: LocalServer, base: str, jobs: list[dict], page_size: int = 20) -> None:
    """A Workday cxs site at `base` (a path): paged list POSTs and a detail per job."""

    def jobs_page(request: ServedRequest) -> Reply:
        body = request.json() or {}
        offset, limit = int(body.get("offset", 0)), int(body.get("limit", 20))
        page = jobs[offset : offset + min(limit, page_size)]
        return Reply(
            {
                "total": len(jobs),
                "jobPostings": [
                    {
                        k: job[k]
                        for k in (
                            "title",
                            "externalPath",
                            "locationsText",
                            "postedOn",
                            "bulletFields",
                        )
                    }
                    for job in page
                ],
            }
        )

    server.route(f"{base}/jobs", jobs_page, method="POST")
    for job in jobs:
        detail = {
            "jobPostingInfo": {
                "id": job["bulletFields"][0].lower(),
                "title": job["title"],
                "jobDescription": job["description"],
                "location": job["locationsText"],
                "postedOn": job["postedOn"],
                "startDate": "2026-11-20",
                "timeType": "Full time",
                "jobReqId": job["bulletFields"][0],
                "externalUrl": f"https://example.org/careers{job['externalPath']}",
                "remoteType": job["remoteType"],
                "country": {"descriptor": "United States of America"},
            },
            "hiringOrganization": {"name": "Example Health"},
        }
        server.add(f"{base}{job['externalPath']}", detail)


def jsonld_page(posting: dict) -> str:
    return (
        "<html><head><title>Job</title>"
        f'<script type="application/ld+json">{json.dumps(posting)}</script>'
        "</head><body><h1>Job</h1></body></html>"
    )


HIM_TECH_JSONLD = {
    "@context": "https://schema.org",
    "@type": "JobPosting",
    "title": "Health Information Technician",
    "identifier": {"@type": "PropertyValue", "name": "Example Clinic", "value": "HIT-77"},
    "hiringOrganization": {"@type": "Organization", "name": "Example Clinic"},
    "datePosted": "2026-11-21",
    "employmentType": "FULL_TIME",
    "jobLocation": {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Sacramento",
            "addressRegion": "California",
            "addressCountry": "US",
        },
    },
    "baseSalary": {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {"@type": "QuantitativeValue", "minValue": 26, "maxValue": 32, "unitText": "HOUR"},
    },
    "description": "<p>Maintain patient records. RHIT required.</p>",
}
