"""The one item every spider yields.

Spiders fill the *raw* fields from what the source says; the pipelines
(normalize → classify → validate → store) fill the rest. No logic lives here.
"""

import scrapy


class JobPostingItem(scrapy.Item):
    # identity, set by the spider
    source = scrapy.Field()  # the source's slug from the sources file
    source_kind = scrapy.Field()  # greenhouse, workday, jsonld, ...
    external_id = scrapy.Field()  # the source's own id for the posting
    url = scrapy.Field()  # where a person applies or reads the posting

    # as posted, set by the spider
    title = scrapy.Field()
    company = scrapy.Field()
    location = scrapy.Field()  # one display string, e.g. "Tampa, FL 33606; Remote"
    locations = scrapy.Field()  # every posted place, as strings (optional)
    employment_type = scrapy.Field()
    posted_at = scrapy.Field()  # datetime, ISO string, or epoch ms; the pipeline parses it
    description_html = scrapy.Field()  # untrusted HTML; sanitized by the normalize pipeline
    description_text = scrapy.Field()  # plain text, when the source gives no HTML

    # structured hints, set by the spider when the source has them
    remote_hint = scrapy.Field()  # a structured flag: "remote" | "hybrid" | "onsite" | raw value
    education_hint = scrapy.Field()  # the source's education field: a code ("bachelor_degree")
    city = scrapy.Field()
    state = scrapy.Field()
    country = scrapy.Field()
    salary_min = scrapy.Field()  # structured pay (numbers or numeric strings)
    salary_max = scrapy.Field()
    salary_currency = scrapy.Field()
    salary_period = scrapy.Field()  # the source's own word: "YEAR", "PH", "Per Hour", "hourly" ...
    salary_estimated = scrapy.Field()
    salary_text = scrapy.Field()  # a pay line the source shows apart from the description

    # filled by the pipelines
    remote = scrapy.Field()  # "remote" | "hybrid" | "onsite" | None
    salary_annual_min = scrapy.Field()
    salary_annual_max = scrapy.Field()
    certifications = scrapy.Field()  # canonical codes, e.g. ["RHIT", "CCS"]
    credential_requirements = scrapy.Field()  # {"RHIT": "required", "CCS": "preferred"}
    education = scrapy.Field()
    experience_years = scrapy.Field()
    occupation = scrapy.Field()  # SOC 2018 code or None
    relevant = scrapy.Field()
    facets = scrapy.Field()  # {"settings": [...], "code_sets": [...], "ehr": [...]}
    states = scrapy.Field()  # every US state the posting is placed in (USPS codes)
    # where a value came from: "structured" | "text" | "inferred" (spiders/pipelines.py)
    salary_source = scrapy.Field()
    state_source = scrapy.Field()
    remote_source = scrapy.Field()
    education_source = scrapy.Field()

    # set by the recognise step (spiders/fingerprint.py)
    raw_fingerprint = scrapy.Field()
    unchanged = scrapy.Field()  # the stored posting is open and has this fingerprint
