"""NEOGOV agency boards on GovernmentJobs.com: one JSON answer holds the whole board.

`url` is the agency's board, `https://www.governmentjobs.com/careers/{agency}`. `GET
{host}/careers/home/loadJobsOnMaps?agency={agency}` with `X-Requested-With:
XMLHttpRequest` (without it the site answers 404) → `jobList[]`: title (`Classification`),
place (`Location`, with `JobAbbrvState`/`JobCity` where the place is a building), the pay
line (`SalaryInfo`, "$32.84 - $48.57 Hourly"), `JobType`, `RemoteWorkOptionText`,
`PostingDate` (`%m/%d/%y`) and the posting's first paragraphs (`FullDescription`, cut
short by the site: the whole text is not read). No paging, no detail request. The agency's
name is not in the answer: `params.company`, else the agency slug made readable.
"""

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Request, Response

from spiders.items import JobPostingItem
from spiders.normalize.text import clean_text
from spiders.sources.base import SourceSpider, company_from_slug, dated, id_field, workplace

HEADERS = {"X-Requested-With": "XMLHttpRequest", "Accept": "application/json"}


class NeogovSpider(SourceSpider):
    name = "neogov"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.careers = f"{self.root}/careers"
        self.agency = self.parts["agency"]

    async def start(self) -> AsyncIterator[Request]:
        url = f"{self.careers}/home/loadJobsOnMaps?agency={self.agency}"
        yield self.list_request(url, self.parse, headers=HEADERS)

    def parse(self, response: Response) -> Iterator[JobPostingItem]:
        answer = self.listed(response, "jobList")
        if answer is None:
            return
        _data, jobs = answer
        company = self.company(company_from_slug(self.agency))
        board = f"{self.careers}/{self.agency}"
        key = id_field("ID")
        fresh = self.unseen(jobs, key)
        yield from self.read_records(
            response.url, fresh, job_fields, board=board, company=company, key=key
        )


# -- pure extraction ------------------------------------------------------------


def job_fields(job: dict, *, board: str, company: str) -> dict[str, Any]:
    """The raw item fields of one `jobList` entry."""
    job_id = clean_text(job.get("ID"))
    slug = clean_text(job.get("JobTitle"))
    remote = clean_text(job.get("RemoteWorkOptionText"))
    return {
        "external_id": job_id,
        "url": f"{board}/jobs/{job_id}" + (f"/{slug}" if slug else ""),
        "title": clean_text(job.get("Classification")),
        "company": company,
        "location": clean_text(job.get("Location")),
        "city": _first(job.get("JobCity"), title_case=True),
        "state": _first(job.get("JobAbbrvState")),
        "employment_type": clean_text(job.get("JobType")),
        "posted_at": dated(job.get("PostingDate"), "%m/%d/%y", "%m/%d/%Y"),
        "remote_hint": workplace(remote) or remote,
        "salary_text": clean_text(job.get("SalaryInfo")),
        "description_text": clean_text(job.get("FullDescription"), keep_lines=True),
    }


def _first(values: Any, *, title_case: bool = False) -> str | None:
    """The first of a list field (`JobAbbrvState: ["WA"]`); the site lower-cases cities."""
    text = clean_text(values[0]) if isinstance(values, list) and values else None
    return text.title() if text and title_case else text
