"""The normalize step's place and provenance decisions, one item at a time."""

import json

import pytest
from scrapy.utils.test import get_crawler

from spiders.items import JobPostingItem
from spiders.pipelines import ClassifyPipeline, NormalizePipeline
from spiders.sources.lever import LeverSpider

SOURCE = {"name": "s", "kind": "lever", "url": "https://api.lever.co/v0/postings/s", "keep": "all"}


def lever_crawler():
    crawler = get_crawler(LeverSpider)
    crawler.spider = LeverSpider(source=json.dumps(SOURCE))
    return crawler


@pytest.fixture(scope="module")
def crawler():
    return lever_crawler()


def normalized(**fields) -> JobPostingItem:
    crawler = lever_crawler()
    item = crawler.spider.new_item(external_id="1", url="https://jobs.lever.co/s/1", **fields)
    return NormalizePipeline.from_crawler(crawler).process_item(item)


def test_a_state_field_and_places_in_one_state():
    item = normalized(state="Florida", locations=["Tampa, Florida", "Bay Pines, Florida"])
    assert (item["state"], item["states"], item["state_source"]) == ("FL", ["FL"], "structured")
    assert item["city"] == "Tampa" and item["country"] == "US"


def test_places_in_several_states_give_no_state_but_list_them():
    item = normalized(state="Florida", locations=["Tampa, Florida", "Atlanta, Georgia"])
    assert (item["state"], item["city"], item["state_source"]) == (None, None, None)
    assert item["states"] == ["FL", "GA"] and item["country"] == "US"
    assert item["locations"] == ["Tampa, Florida", "Atlanta, Georgia"]


@pytest.mark.parametrize("location", [None, "Remote", "Multiple Locations", "United States"])
def test_a_vague_location_takes_the_place_its_description_names(location):
    item = normalized(
        location=location,
        description_text="This position is located at the Bay Pines VA Medical Center, "
        "Bay Pines, FL.",
    )
    assert (item["state"], item["state_source"], item["country"]) == ("FL", "text", "US")
    # the posting's own places stay as posted; with none, the one read is listed
    assert item["locations"] == ([location] if location else ["Bay Pines, FL"])


@pytest.mark.parametrize(
    ("fields", "state", "states"),
    [
        # a Workday site named after its city
        ({"location": "Stamford Hub", "country": "United States of America"}, "CT", ["CT"]),
        ({"location": "Boston"}, "MA", ["MA"]),
        # cities in two states: no one state, both listed
        ({"locations": ["Toronto, New York, San Francisco", "US"]}, None, ["NY", "CA"]),
        # the title's place part, when the posted place names none
        (
            {"location": "Remote", "title": "Account Executive - KS, IA, NE"},
            None,
            ["KS", "IA", "NE"],
        ),
    ],
)
def test_places_named_without_a_state_field(fields, state, states):
    item = normalized(**fields)
    assert (item["state"], item["states"]) == (state, states)


def test_a_location_negotiable_after_selection_takes_no_jurisdiction_list():
    item = normalized(
        location="Location Negotiable After Selection, United States",
        description_text="Current registration as a professional engineer by any State, the "
        "District of Columbia, Guam or Puerto Rico.",
    )
    assert (item["state"], item["states"]) == (None, [])


def test_a_description_naming_several_states_gives_none():
    item = normalized(
        location="Remote", description_text="Clinics located in Tampa, FL and Atlanta, GA."
    )
    assert (item["state"], item["states"], item["state_source"]) == (None, ["FL", "GA"], None)


def test_a_place_abroad_is_not_looked_for_in_the_description():
    item = normalized(location="Toronto, ON, Canada", description_text="Offices in Tampa, FL.")
    assert (item["state"], item["states"], item["country"]) == (None, [], "CA")


@pytest.mark.parametrize(
    ("fields", "remote", "source"),
    [
        ({"remote_hint": "hybrid"}, "hybrid", "structured"),
        ({"location": "Remote - US"}, "remote", "structured"),
        ({"title": "Medical Coder (Remote)"}, "remote", "text"),
        ({"description_text": "This is a fully remote role."}, "remote", "text"),
        ({"location": "Tampa, FL"}, None, None),
        # one of the places the source lists is remote, beside the first
        ({"location": "Austin | Chicago", "locations": ["Austin | Chicago", "Remote (US)"]},
         "remote", "structured"),
        ({"location": "Austin", "locations": ["Austin", "Chicago"]}, None, None),
    ],
)  # fmt: skip
def test_the_arrangement_says_which_field_told_it(fields, remote, source):
    item = normalized(**{"title": "Coder", **fields})
    assert (item["remote"], item["remote_source"]) == (remote, source)


@pytest.mark.parametrize(
    ("fields", "source"),
    [
        ({"salary_min": 20, "salary_max": 25, "salary_period": "HOUR"}, "structured"),
        ({"salary_text": "$20 - $25 per hour"}, "structured"),  # the source's own pay line
        ({"description_text": "Pay: $20 - $25 per hour."}, "text"),
        # no words say the period: the size of the figures does
        ({"salary_min": 52000, "salary_max": 61000}, "inferred"),
        ({"description_text": "Salary: $52,000 - $61,000"}, "inferred"),
        ({"description_text": "Competitive pay."}, None),
    ],
)
def test_pay_says_where_it_came_from(fields, source):
    assert normalized(**fields)["salary_source"] == source


@pytest.mark.parametrize(
    ("text", "education", "source"),
    [("Associate degree required.", "associate", "text"), ("RHIT required.", None, None)],
)
def test_education_is_read_from_the_text(crawler, text, education, source):
    item = normalized(title="Coder", description_text=text)
    item = ClassifyPipeline.from_crawler(crawler).process_item(item)
    assert (item["education"], item["education_source"]) == (education, source)


@pytest.mark.parametrize(
    ("hint", "text", "education", "source"),
    [
        # the source's own education field wins over the text, and says so
        ("bachelor_degree", "No degree needed.", "bachelor", "structured"),
        ("master_degree", "", "master", "structured"),
        # a code naming no level is no hint: the description is read
        ("unspecified", "Associate degree required.", "associate", "text"),
        # a field in words (schema.org educationRequirements) is read as the text is
        ("Bachelor's Degree in Computer Science.", "", "bachelor", "structured"),
        ("Bachelor's degree or equivalent experience", "GED required.", "high_school", "text"),
        (None, "", None, None),
    ],
)
def test_education_from_the_sources_field_is_structured(crawler, hint, text, education, source):
    item = normalized(title="Coder", description_text=text, education_hint=hint)
    item = ClassifyPipeline.from_crawler(crawler).process_item(item)
    assert (item["education"], item["education_source"]) == (education, source)


def test_a_description_past_the_bound_is_cut_there_and_the_cut_recorded():
    from spiders.pipelines import MAX_DESCRIPTION_CHARS

    crawler = lever_crawler()
    text = "Abstract and code inpatient records. " * 10_000  # 370,000 characters
    item = crawler.spider.new_item(
        external_id="1", url="https://jobs.lever.co/s/1", title="Coder", description_text=text
    )
    posting = NormalizePipeline.from_crawler(crawler).process_item(item)
    assert len(posting["description_text"]) <= MAX_DESCRIPTION_CHARS
    assert posting["description_text"].startswith("Abstract and code inpatient records.")
    reasons = [error["reason"] for error in crawler.spider.errors]
    assert any(
        "description_text is 370,000 characters; kept the first 200,000" in r for r in reasons
    )
