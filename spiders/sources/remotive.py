"""Remotive's public remote-jobs API: `GET {url}`, every current job in one answer.

`url` is `https://remotive.com/api/remote-jobs`; `params` go through as the API's own
filters (`category = "medical"`), `search` as its `search`. Each of `jobs[]` is a whole
posting: title, employer, page, description, where applicants may live
(`candidate_required_location`, taken as the place) and a free-text `salary`
("$90 - $150 /hour"), read by the pay reader. Every job here is remote work.
"""

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Request, Response

from spiders.items import JobPostingItem
from spiders.normalize.text import clean_text
from spiders.sources.base import SourceSpider, id_field, with_query


class RemotiveSpider(SourceSpider):
    name = "remotive"

    async def start(self) -> AsyncIterator[Request]:
        query = dict(self.source.params)
        if self.source.search:
            query["search"] = self.source.search
        url = with_query(self.source.url, query) if query else self.source.url
        yield self.list_request(url, self.parse)

    def parse(self, response: Response) -> Iterator[JobPostingItem]:
        answer = self.listed(response, "jobs")
        if answer is None:
            return
        _data, jobs = answer
        key = id_field("id")
        yield from self.read_records(response.url, self.unseen(jobs, key), job_fields, key=key)


# -- pure extraction ------------------------------------------------------------


def job_fields(job: dict) -> dict[str, Any]:
    """The raw item fields of one Remotive job."""
    return {
        "external_id": clean_text(job.get("id")),
        "url": clean_text(job.get("url")),
        "title": clean_text(job.get("title")),
        "company": clean_text(job.get("company_name")),
        "location": clean_text(job.get("candidate_required_location")),
        "employment_type": clean_text(job.get("job_type")),
        "posted_at": clean_text(job.get("publication_date")),
        "remote_hint": "remote",
        "salary_text": clean_text(job.get("salary")),
        "description_html": clean_text(job.get("description"), keep_lines=True),
    }
