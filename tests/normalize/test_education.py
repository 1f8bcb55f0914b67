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
        (
            "Associate degree OR completion of an AHIMA-approved coding certification program",
            "certificate",
        ),
        ("Associate degree or a course of study in medical coding.", "certificate"),
        ("Associate degree or completion of a coding certification course.", "certificate"),
        ("Associate degree, or one year of education beyond high school.", "certificate"),
        ("Bachelor's degree in HIM, or an associate degree with RHIT.", "associate"),
    ],
)
def test_alternatives_give_the_least_accepted(text, floor):
    assert education_floor(text) == floor


def test_a_certification_alone_is_no_schooling():
    # a credential, asked for beside the degree, is not an education level
    assert education_floor("Associate degree, coding certification, or RHIT") == "associate"


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


@pytest.mark.parametrize(
    ("text", "floor"),
    [
        # a hospital school of nursing's diploma is a postsecondary award without a degree
        ("Associate Degree (ADN) or Diploma in Nursing from an approved school.", "certificate"),
        ("Graduation from a diploma program of nursing, or an associate degree.", "certificate"),
        ("Nursing diploma or associate degree in nursing required.", "certificate"),
        # a certificate program taken after a degree asks for the degree
        (
            "The curriculum may have been a post-baccalaureate certificate program or a four-year "
            "program that culminated in a baccalaureate degree.",
            "bachelor",
        ),
        ("A post-graduate certificate program in informatics and a master's degree.", "master"),
        # years above high school leading to a degree are that degree's study
        ("GS-5: 4 academic years above high school leading to a bachelor's degree", "bachelor"),
        ("GS-4: two years above high school", "certificate"),
    ],
)
def test_schooling_named_by_where_it_leads(text, floor):
    assert education_floor(text) == floor


@pytest.mark.parametrize(
    ("text", "floor"),
    [
        ("You hold a university degree in marketing or communication.", "bachelor"),
        ("Completed degree in Engineering, Computer Science, or a comparable field", "bachelor"),
        ("You're an Electronics Engineer (B.Tech/ M.Tech) or related field", "bachelor"),
        (
            "Basic Requirement: Must have degree with major study in the health sciences.",
            "bachelor",
        ),
        (
            "BASIC REQUIREMENTS Degree: Major study in an academic field related to health",
            "bachelor",
        ),
        (
            "Degree of doctor of medicine or an equivalent degree in osteopathic medicine.",
            "doctorate",
        ),
    ],
)
def test_degrees_said_without_their_level_word(text, floor):
    assert education_floor(text) == floor


@pytest.mark.parametrize(
    "text",
    [
        "A. Education: Bachelor's degree in Statistics. -OR- B. Combination of education and "
        "experience. -OR- C. Experience: A minimum of 4 years of professional experience.",
        "Bachelor's degree in a related field. OR COMBINATION of education and experience. "
        "OR EXPERIENCE: Four (4) years of appropriate experience.",
        "Bachelor's degree in social science; OR A combination of education and experience; OR "
        "Four years of training/experience comparable to a degree.",
        "Specialized experience in IT support. SUBSTITUTION OF EDUCATION FOR EXPERIENCE: "
        "GS-05: bachelor's degree.",
    ],
)
def test_a_route_by_experience_alone_asks_for_no_schooling(text):
    assert education_floor(text) is None


@pytest.mark.parametrize(
    "text",
    [
        # the least the posting accepts is experience alone: a degree beside it is no floor
        "Bachelor's degree or equivalent experience.",
        "Requirements: Bachelor's degree or equivalent experience; RHIA or RHIT.",
        "Associate degree in HIM or 2 years of coding experience required.",
        "Bachelor's degree in HIM or related field, or four (4) years of related experience.",
        "Two-year degree in HIM or equivalent combination of education and experience.",
        "Bachelor's degree in HIM or equivalent combination of education, training, and "
        "experience.",
        "Bachelor's degree, or an equivalent amount of experience.",
        "Bachelor's degree or 4 or more years of related experience.",
        "Master's or PhD degree in Computer Science and/or equivalent working experience",
        "Bachelor's degree (or equivalent experience) required",
        # experience first
        "Two years of experience OR an associate degree OR a coding program.",
        "Six months of experience OR one year above high school.",
        "Associate degree, coding certification, or experience",
        # a federal grade whose education substitutes for its experience
        "GS-10 : One year of specialized experience equivalent to the GS-09 level or 2 1/2 years "
        "of progressively higher education leading to a Ph.D. degree or equivalent doctoral "
        "degree.",
        "GS-9: 2 years of progressively higher level graduate education leading to a master's "
        "degree or master's or equivalent graduate degree or 1 year of specialized experience "
        "equivalent to at least GS-7",
    ],
)
def test_a_degree_beside_experience_alone_is_no_floor(text):
    assert education_floor(text) is None


@pytest.mark.parametrize(
    ("text", "floor"),
    [
        # experience asked for with the degree, not instead of it
        ("Associate degree and 2 years of coding experience.", "associate"),
        ("High school diploma or GED and two years of experience.", "high_school"),
        ("Bachelor's degree in HIM or related field with experience in coding.", "bachelor"),
        # each alternative holds education: the least of them is the floor
        (
            "Master's degree and 1 year of experience, or Bachelor's degree and 3 years of "
            "experience.",
            "bachelor",
        ),
        # experience alone in another clause does not reach this one
        ("Bachelor's degree required; 3 years of experience or CCS preferred.", "bachelor"),
    ],
)
def test_experience_beside_a_degree_keeps_the_floor(text, floor):
    assert education_floor(text) == floor


@pytest.mark.parametrize(
    "text",
    [
        # a grade qualified by experience, with education as its "OR"
        "GS-04: Your resume must demonstrate at least six months of general experience in "
        "administrative work. OR Successfully completed two years of study at an accredited "
        "school above the high school level. GS-05: one year of specialized experience. OR "
        "Successfully completed a full four year course of study leading to a bachelor's degree.",
        # a federal list goes on past a stop to its next route (an upper-case OR)
        "GS-2 Biological Science Aid - 3 months of general experience; OR A high school diploma "
        "or the equivalent. GS-3 Biological Science Aid - 6 months of general work experience; "
        "OR Successful completion of 1 year of study above high school.",
        # one may stand for the other, either way round
        "An associate degree in HIT may be substituted for the required experience.",
        "Experience may be substituted for the degree on a year-for-year basis. Bachelor's "
        "degree in HIM.",
        "Bachelor's degree required. Four years of experience in lieu of a degree.",
        # the announcement says it asks for no schooling
        "This position does not have a positive education requirement. Bachelor's degree.",
        # a lettered route that opens with experience
        "Applicants for GS-11 must meet one of the following: A. Have a Ph.D. or equivalent "
        "doctoral degree in computer science; OR B. Have 3 full years of graduate education "
        "leading to a Ph.D.; OR E. Have IT-related experience demonstrating each competency.",
    ],
)
def test_federal_grades_by_experience_alone_ask_for_no_schooling(text):
    assert education_floor(text) is None


def test_experience_at_a_higher_grade_leaves_the_basic_requirement():
    # "One year (52 weeks) of specialized experience" stands for the Ph.D., not the degree
    text = (
        "BASIC REQUIREMENTS: Bachelor's degree in physics. For the ZP-III: IN ADDITION TO THE "
        "BASIC REQUIREMENTS applicants must have 3 years of graduate education leading to a "
        "Ph.D. degree or equivalent doctoral degree OR One year (52 weeks) of specialized "
        "experience equivalent to the GS-9 level."
    )
    assert education_floor(text) == "bachelor"


def test_a_lower_case_or_after_a_stop_is_a_new_clause():
    text = "Bachelor's degree in HIM required. or contact us with 5 years of experience."
    assert education_floor(text) == "bachelor"


def test_a_grade_whose_requirement_is_schooling_keeps_the_floor():
    # no "OR" to another route within the grade: the grade's requirement is the degree
    text = (
        "GS-05: Bachelor's degree in a related field. GS-07: one year of specialized experience "
        "equivalent to GS-05, which includes coding.\nBasic requirement: bachelor's degree."
    )
    assert education_floor(text) == "bachelor"


@pytest.mark.parametrize(
    ("text", "floor"),
    [
        # German: a completed course of university study, vocational training
        ("Sie haben ein abgeschlossenes Studium der Elektrotechnik", "bachelor"),
        ("Abgeschlossenes Hochschulstudium der Informatik", "bachelor"),
        ("Abgeschlossenes Masterstudium in Medizininformatik", "master"),
        ("Eine abgeschlossene Berufsausbildung als Medizinische Fachangestellte", "certificate"),
        # Chinese: 本科 undergraduate, 大专 junior college, 硕士 master's, 博士 doctorate
        ("任职要求:\n- 本科及以上学历;\n- 三年以上销售经验", "bachelor"),
        ("大专或本科学历, 医疗仪器专业毕业", "associate"),
        ("硕士及以上学历", "master"),
        ("博士学位", "doctorate"),
        # 优先: given priority, a preference
        ("本科学历优先", None),
    ],
)
def test_degree_words_in_other_languages(text, floor):
    assert education_floor(text) == floor


def test_however_turns_from_a_preferred_degree_to_the_accepted_one():
    text = (
        "Associate or Bachelor's Degree in Engineering preferred, however, candidates with at "
        "least a High School Diploma or GED will also be considered"
    )
    assert education_floor(text) == "high_school"


@pytest.mark.parametrize(
    "text",
    [
        "A bachelor degree may be substituted for the required experience.",
        "Bachelor's degree required. Experience in lieu of a degree is accepted.",
        "Bachelor's degree; or qualify based on experience alone.",
        # the route's words are matched without regard to case, Unicode's too
        "A bachelor degree may be \u017fubstituted for the required experience.",
        "A bachelor degree; or qual\u0131fy based on experience alone.",
    ],
)
def test_a_route_is_found_whatever_its_case(text):
    # the route is looked for only where its words occur (education._ROUTE_WORDS)
    assert education_floor(text) is None
    assert education_floor(text.replace("bachelor degree", "bachelor's degree, required.")) is None
