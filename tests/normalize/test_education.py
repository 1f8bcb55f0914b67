import pytest

from spiders.normalize.education import education_floor, experience_years


@pytest.mark.parametrize(
    ("text", "floor"),
    [
        ("High school diploma or GED required.", "high_school"),
        ("Completion of a medical coding certificate program required.", "certificate"),
        ("Associate degree in HIM required.", "associate"),
        ("Bachelor's degree in HIM required.", "bachelor"),
        ("Master's degree (MHA or MBA) required.", "master"),
        ("PhD in epidemiology required.", "doctorate"),
    ],
)
def test_each_level(text, floor):
    assert education_floor(text) == floor


def test_floor_is_the_lowest_required_level():
    text = "High school diploma required; associate degree in HIM preferred."
    assert education_floor(text) == "high_school"
    assert education_floor("Associate's or Bachelor's degree in HIM") == "associate"


def test_preferred_only_states_no_floor():
    assert education_floor("Bachelor's degree preferred.") is None


def test_no_degree_required():
    assert education_floor("No degree required. CPC required.") is None


def test_words_that_look_like_degrees():
    assert education_floor("Certified Coding Associate (CCA) required") is None
    assert education_floor("Expert in MS Office") is None


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("3+ years of inpatient coding experience", 3.0),
        ("Minimum of two (2) years of experience", 2.0),
        ("2-3 years of coding experience", 2.0),
        ("Six months of medical records experience", 0.5),
        ("5 years of experience preferred; 3 years required.", 3.0),
        ("For over 25 years we have served. 1 year of coding experience required.", 1.0),
        ("Must obtain CPC within 6 months of hire.", None),
        ("Credential renewed every 2 years.", None),
    ],
)
def test_experience_years(text, years):
    assert experience_years(text) == years


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Four or more years of coding experience required.", 4.0),
        ("Eight+ years in health information management.", 8.0),
        ("6 or more years in a hospital HIM department.", 6.0),
    ],
)
def test_at_least_n_years_and_years_in_a_field(text, years):
    assert experience_years(text) == years


@pytest.mark.parametrize(
    "text",
    [
        "Serving our region for 30+ years in the community.",
        "Named a top workplace 5+ years in a row.",
        "3 years in coding school.",  # no "at least": not read as experience
    ],
)
def test_years_in_something_that_is_not_experience(text):
    assert experience_years(text) is None


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Education:\nAssociate (Required)\nLicense/Certification:\nRHIT (Preferred)", "associate"),
        ("Education: Associate's", "associate"),
        ("Education:\nAssociate (Preferred)", None),
    ],
)
def test_associate_alone_as_a_form_answer(text, level):
    assert education_floor(text) == level


@pytest.mark.parametrize(
    "text",
    [
        "Seniority level\nAssociate\nEmployment type\nFull-time",
        "Certifications:\nCertified Coding Associate (Required)",
    ],
)
def test_associate_as_a_rank_or_title_is_no_education(text):
    assert education_floor(text) is None


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Min. 3 yrs exp. with outpatient E/M coding.", 3.0),
        ("4+ yrs exp in HIM required", 4.0),
    ],
)
def test_exp_abbreviation_is_experience(text, years):
    assert experience_years(text) == years


@pytest.mark.parametrize(
    ("text", "floor"),
    [
        # the floor is the least of the alternatives the posting accepts
        ("Two years of experience OR an associate degree OR a coding program.", "certificate"),
        (
            "Associate degree OR completion of an AHIMA-approved coding certification program",
            "certificate",
        ),
        ("Associate degree or a course of study in medical coding.", "certificate"),
        ("Associate degree or completion of a coding certification course.", "certificate"),
        ("Six months of experience OR one year above high school.", "certificate"),
        ("Associate degree, or one year of education beyond high school.", "certificate"),
        ("Bachelor's degree in HIM, or an associate degree with RHIT.", "associate"),
    ],
)
def test_alternatives_give_the_least_accepted(text, floor):
    assert education_floor(text) == floor


def test_a_certification_alone_is_no_schooling():
    # a credential, asked for beside the degree, is not an education level
    assert education_floor("Associate degree, coding certification, or experience") == "associate"


@pytest.mark.parametrize(
    ("text", "floor"),
    [
        # a status right before "or" is that alternative's own
        (
            "Associate degree (preferred) or high school diploma with 3 years of experience",
            "high_school",
        ),
        (
            "Bachelor's degree preferred or associate degree with 3 years of experience.",
            "associate",
        ),
        ("Master's degree desired, or bachelor's degree in HIM.", "bachelor"),
    ],
)
def test_a_preferred_alternative_is_not_the_floor(text, floor):
    assert education_floor(text) == floor


@pytest.mark.parametrize(
    "text",
    [
        # a status after a list, or a heading above it, covers every alternative
        "Bachelor's or Master's degree preferred.",
        "Preferred: Bachelor's or Master's degree",
        # a status alone on the line or sentence below answers the line above
        "Bachelor's degree in HIM. Preferred.",
        "Education\nBachelor's degree\nPreferred",
        "Education\nBachelor's degree\nPreferred\nExperience\n2 years of coding",
        # headings with commas
        "Knowledge, Skills, and Abilities (Preferred):\n- Bachelor's degree in HIM",
    ],
)
def test_a_preferred_degree_is_no_floor(text):
    assert education_floor(text) is None


def test_a_status_line_heading_a_list_is_no_answer_to_the_line_above():
    text = "Required:\n- High school diploma\nPreferred\n- Bachelor's degree in HIM"
    assert education_floor(text) == "high_school"


def test_a_lone_required_line_answers_the_line_above():
    text = "Education\nHigh school diploma\nRequired\n\nBachelor's degree (preferred)"
    assert education_floor(text) == "high_school"
