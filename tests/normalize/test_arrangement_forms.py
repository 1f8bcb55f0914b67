"""Work arrangements in the forms real postings use (issue 11): one test per form."""

import pytest

from spiders.normalize.place import work_arrangement


def test_a_hybrid_title_38_employee_is_an_appointment_not_a_hybrid_job():
    text = "Experience in federal guidelines for hiring Title 38 and Hybrid Title 38 employees."
    assert work_arrangement(None, text) is None
    assert work_arrangement(None, "This is a hybrid role in Charleston.") == "hybrid"


@pytest.mark.parametrize(
    "text",
    [
        "The building offers amenities such as an on-site fitness center, health unit and cafe.",
        "Perks: On-site Wellness Center. On-site services such as a mailroom and dry cleaning.",
        "Free on-site parking and on-site child care.",
    ],
)
def test_an_on_site_amenity_says_nothing_of_where_the_job_is(text):
    assert work_arrangement(None, text) is None


def test_on_site_work_is_still_onsite():
    assert work_arrangement(None, "This role is on-site at our Tampa clinic.") == "onsite"


@pytest.mark.parametrize(
    "text",
    [
        "This position can be based out of any of our branch locations. Work from home option "
        "is possible.",
        "We offer flexi-time working hours and possibility of home office.",
        "There is a possibility to work from home two days a month.",
    ],
)
def test_working_from_home_as_a_possibility_is_hybrid(text):
    assert work_arrangement(None, text) == "hybrid"


def test_working_from_home_as_the_job_is_remote():
    assert work_arrangement(None, "This is a work from home position.") == "remote"
