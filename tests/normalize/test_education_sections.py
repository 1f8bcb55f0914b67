"""Education floors read from the forms federal and other real postings use (issue 11): each
test is one form, written from a class of misses, never from one posting's words alone."""

import pytest

from spiders.normalize.education import education_floor, education_from_code


@pytest.mark.parametrize(
    "text",
    [
        "Education: Degree in dental surgery (D.D.S.) or dental medicine (D.M.D.) from a school "
        "approved by the Council on Dental Education.",
        "Must hold a DDS or DMD from an accredited dental school.",
        "Pharm.D. from an ACPE-accredited college of pharmacy required.",
        "Applicants must be a graduate from a full course of study in a School of Law accredited "
        "by the American Bar Association.",
        "J.D. from an accredited law school and bar membership required.",
    ],
)
def test_professional_doctorates(text):
    assert education_floor(text) == "doctorate"


def test_a_degree_in_a_major_study_is_a_bachelors():
    text = "Basic Requirement: Degree in a major study in an academic field related to the health"
    assert education_floor(text) == "bachelor"
    assert education_floor("Degree with a major in biology.") == "bachelor"


def test_who_must_have_the_experience_does_not_hide_the_experience_route():
    text = (
        "Applicants must possess one year of specialized experience equivalent to at least the "
        "GS-4 level or four years of education above the high school level."
    )
    assert education_floor(text) is None
    # education alone, the same words: the floor stands
    assert education_floor("Four years of education above the high school level.") == (
        "certificate"
    )


def test_a_pointer_to_whether_one_may_substitute_is_no_substitution():
    pointer = (
        "For information on basic qualifications, which includes information on whether you may "
        "substitute education for specialized experience, see the standard. You must be a recent "
        "graduate who has completed a vocational or technical degree or certificate."
    )
    assert education_floor(pointer) == "certificate"
    said = "Substitution of education for experience: a certificate program counts."
    assert education_floor(said) is None


def test_a_parenthesised_alternative_to_experience_is_no_alternative_to_the_degree():
    text = (
        "Possess a bachelor's degree in biology, AND Five years of clinical laboratory experience "
        "in blood banking (or categorical experience which matches categorical certification)."
    )
    assert education_floor(text) == "bachelor"
    # right after the degree it is still experience alone
    assert education_floor("Bachelor's degree (or equivalent experience) required.") is None


def test_a_lower_degree_and_a_higher_one_ask_for_the_higher():
    text = "Bachelors of Science Degree (BSN) and a Master's degree in Nursing required."
    assert education_floor(text) == "master"
    # joined by "or" the lower one is accepted
    assert education_floor("BSN or a Master's degree in Nursing required.") == "bachelor"


def test_a_bridge_program_or_transcript_is_no_degree_asked_for():
    text = (
        "The completion of coursework equivalent to a nursing degree in a MSN Bridge Program "
        "constitutes completion of an approved course. Submit a copy of the MSN transcript."
    )
    assert education_floor(text) is None
    assert education_floor("MSN required.") == "master"


def test_a_grade_table_after_the_basic_requirement_is_no_floor():
    text = (
        "BASIC REQUIREMENTS: Master's degree in Nursing. Grade Determinations: Nurse I Level I - "
        "An Associate Degree (ADN) or Diploma in Nursing, with no additional experience."
    )
    assert education_floor(text) == "master"
    # with no level before it, the grade table is what the posting says
    table = "Grade Determinations: Nurse I Level I - An ADN or Diploma in Nursing"
    assert education_floor(table) == "certificate"


def test_an_inline_preferred_block_is_preferred():
    text = (
        "Graduate of a school of professional nursing. PREFERRED REQUIREMENTS: 1. 5 years of "
        "experience 2. Master's degree in nursing 3. CPHQ QUALIFICATIONS: Licensed as an RN."
    )
    assert education_floor(text) is None
    # the block ends at the next heading
    after = text.replace("Licensed as an RN.", "Associate degree in nursing.")
    assert education_floor(after) == "associate"


def test_what_is_asked_in_addition_to_the_basic_requirement_raises_the_floor():
    text = (
        "Basic Qualifications Requirement: a degree with a major study in social science. "
        "Minimum Qualifications Requirement: In addition to the basic qualifications "
        "requirement, a Ph.D., or other earned doctorate OR Master's degree plus three years."
    )
    assert education_floor(text) == "master"
    # a lower level named there does not lower it
    dental = (
        "Education: Degree in dental surgery (D.D.S.). In addition, to the Basic Requirements, "
        "graduate study leading to an advanced degree such as Master of Science."
    )
    assert education_floor(dental) == "doctorate"


@pytest.mark.parametrize(
    ("field", "level"),
    [
        ("Bachelor's Degree", "bachelor"),  # Workable's education field
        ("High School or equivalent", "high_school"),
        ("bachelor degree", "bachelor"),  # schema.org credentialCategory
    ],
)
def test_a_sources_education_words_as_a_code(field, level):
    assert education_from_code(field) == level


@pytest.mark.parametrize("amount", ["(6) six months", "six (6) months", "6 months"])
def test_a_grade_that_opens_with_experience_and_goes_on_to_or_sets_no_floor(amount):
    # federal announcements write the figure in brackets before the word as often as after it
    text = (
        f"GS-04: {amount} of general experience and {amount} of specialized experience. "
        "OR Successful completion of 2 years of study above high school that included at "
        "least 12 semester hours in forestry."
    )
    assert education_floor(text) is None
    # without the experience route the study is the floor
    assert education_floor(text.split(" OR ")[1]) == "certificate"


PATHWAYS = (
    "Who May Be Considered: Individuals who have obtained a qualifying Associates, Bachelor's, "
    "Master's, Professional, Doctorate, Vocational or Technical degree or certificate from a "
    "qualifying educational institution, within the previous 2 years. "
)


def test_a_programmes_list_of_every_level_gives_way_to_the_positions_own_requirement():
    basic = "Basic Requirement: Bachelor's degree in computer science or a related degree."
    assert education_floor(PATHWAYS + basic) == "bachelor"
    # alone, the list says who may join the programme: the position itself sets no floor
    assert education_floor(PATHWAYS) is None
    # two levels named together are no such list
    assert education_floor("Associate degree or bachelor's degree. Master's degree.") == "associate"


def test_a_programmes_list_beside_an_experience_route_sets_no_floor():
    experience = (
        "Basic Requirement: Applicants must have IT-related experience demonstrating attention "
        "to detail and customer service."
    )
    assert education_floor(PATHWAYS + experience) is None


def test_a_programmes_list_of_bare_level_names_is_still_a_list():
    # "associates" and "masters" without "degree" name no level of their own
    text = (
        "Positions are open to: Recent graduates who have completed, within the previous two "
        "years, a qualifying associates, bachelors, masters, professional, doctorate, "
        "vocational or technical degree or certificate from a qualifying educational institution."
    )
    assert education_floor(text) is None
    assert education_floor(text + " Basic Requirement: a bachelor's degree.") == "bachelor"


@pytest.mark.parametrize(
    "text",
    [
        "GS-3 Survey Aid - 6 months of general work experience; OR successful completion of one "
        "year of study above high school that included 6 semester hours in surveying.",
        "At the GS-05: Qualifying experience for the GS-05 includes one year of specialized "
        "experience equivalent to the GS-04. OR Completion of a four year course of study "
        "leading to a bachelors degree.",
    ],
)
def test_a_titled_grade_opening_with_experience_asks_no_schooling(text):
    assert education_floor(text) is None


def test_an_education_substitution_heading_asks_no_schooling():
    text = (
        "Grade 05: one year of general IT experience. EDUCATION SUBSTITUTION: Grade 05 : "
        "Bachelor's degree in computer science or information systems."
    )
    assert education_floor(text) is None
    assert education_floor("Grade 05: Bachelor's degree in computer science.") == "bachelor"


@pytest.mark.parametrize(
    "text",
    [
        "BASIC REQUIREMENT: Degree: Doctor of Veterinary Medicine (DVM) from an accredited "
        "school. FOR THE GS-12 LEVEL: one year of specialized experience. OR SUBSTITUTION OF "
        "EDUCATION FOR EXPERIENCE: a Master's degree in epidemiology.",
        "BASIC QUALIFICATIONS: Degree: Doctor of Optometry (O.D.). Additional Requirements for "
        "Grades GS-11 and Above: For GS-11: One year of optometrist experience equivalent to "
        "GS-9. OR For research positions, a master's degree in physiological optics.",
    ],
)
def test_grades_after_a_basic_doctorate_keep_it(text):
    assert education_floor(text) == "doctorate"


def test_a_basic_requirements_own_experience_route_still_asks_none():
    text = (
        "Basic Requirements: A. Degree: a bachelor's degree in social science. OR EXPERIENCE: "
        "Four (4) years of appropriate experience in the field."
    )
    assert education_floor(text) is None


def test_years_of_a_list_of_experience_go_with_the_degree():
    text = (
        "Applicants must possess a Ph.D. in psychology plus, after award of the Ph.D., six or "
        "more years of research, research administration, and/or managerial experience."
    )
    assert education_floor(text) == "doctorate"
    assert education_floor("A Ph.D. in psychology or managerial experience.") is None


def test_placement_into_an_advanced_degree_is_no_degree_asked():
    text = (
        "A bachelor's degree is required; the school accepts the transcript for placement into "
        "an advanced degree program."
    )
    assert education_floor(text) == "bachelor"


def test_academic_years_of_post_secondary_study_are_a_level_below_a_degree():
    two = (
        "To qualify at the GS-04, students must have completed two full academic years of "
        "post-high school study, or have an associate's degree."
    )
    assert education_floor(two) == "associate"
    one = "GS-03: at least one (1) academic year of post-secondary study in that field."
    assert education_floor(one) == "certificate"
    # "post-high school" names no high-school diploma
    assert education_floor("4 academic years of post-high school leading to a bachelor's.") == (
        "bachelor"
    )


def test_where_students_are_enrolled_is_no_level_asked():
    students = (
        "Positions are open to current students pursuing a qualifying degree or certificate in "
        "an accredited high school, college (including community colleges); professional, "
        "technical, vocational, and trade school; advanced degree programs. "
    )
    assert education_floor(students) is None
    assert education_floor(students + "GS-05: a bachelor's degree.") == "bachelor"
    enrolled = "You must be enrolled or accepted for enrollment in degree or certificate program."
    assert education_floor(enrolled) is None
    listing = (
        "List the hours of each course (for education completed at business, secretarial, "
        "technical school or military schools)."
    )
    assert education_floor(listing + " Requires a Bachelor's degree.") == "bachelor"


@pytest.mark.parametrize(
    "text",
    [
        "Basic Requirements: A degree in Psychology.",
        "Basic Education Requirement: Degree: biology, or a related field of science.",
        "Applicant must possess one of the basic education requirements: A. Successfully "
        "completed a degree in computer science.",
        # the professional series' basic education requirement is a bachelor's
        "In addition to the Basic Education Requirement, you must have one year of specialized "
        "experience; OR applicants may substitute the following education for the specialized "
        "experience requirements: A Ph.D. or equivalent doctoral degree.",
    ],
)
def test_a_basic_requirements_bare_degree_is_a_bachelors(text):
    assert education_floor(text) == "bachelor"


def test_schooling_in_place_of_a_grades_experience_does_not_raise_a_basic_degree():
    text = (
        "BASIC REQUIREMENTS: Degree: a full 4-year course of study leading to a bachelor's or "
        "higher degree in dietetics. GS-09: One year of specialized experience. OR EDUCATION: In "
        "lieu of specialized experience, GS-09: 2 years of graduate education leading to a "
        "master's degree."
    )
    assert education_floor(text) == "bachelor"
    grade = (
        "For the GS-12 level, applicants must have either (a) a Ph.D. in psychology, OR (b) one "
        "year of specialized experience equivalent to the GS-11 level."
    )
    assert education_floor(grade) is None
    assert education_floor("Basic Requirements: A degree in Psychology. " + grade) == "bachelor"


@pytest.mark.parametrize(
    "text",
    [
        "You must have IT-related experience demonstrating each of four competencies. OR "
        "Education: All academic degrees must be from accredited institutions. Grade 09: "
        "master's degree or equivalent graduate degree.",
        "Basic Educational Requirement: A. Degree: a bachelor's degree in social science. OR B. "
        "Combination of education and experience equivalent to a degree in the field.",
    ],
)
def test_an_education_or_combination_route_beside_experience_asks_none(text):
    assert education_floor(text) is None


def test_what_is_asked_in_addition_to_a_basic_route_without_a_degree_is_the_floor():
    basic = (
        "Basic Qualifications Requirement: a degree with a major study in social science. OR "
        "Combination of education and experience equivalent to a major in the field. "
    )
    assert education_floor(basic) is None
    added = (
        "In addition to the basic qualifications requirement, a Ph.D. OR Master's degree plus "
        "three (3) years of post-masters research experience."
    )
    assert education_floor(basic + added) == "master"


def test_an_or_route_set_off_by_asterisks_is_a_route_of_its_own():
    text = (
        "For GS-07: Applicants must show the following to qualify at this grade: one year of "
        "specialized experience equal to the GS-05 level. **OR applicants may substitute a "
        "master's degree in the field. (Transcripts are needed.) **OR a combination of "
        "qualifying specialized experience and graduate education."
    )
    assert education_floor(text) is None


def test_a_numbered_or_route_is_a_route_of_its_own():
    text = (
        "Minimum Education Requirements: 1. Education: a bachelor's degree in engineering. OR 2. "
        "Combination of education and experience -- college-level study and technical work "
        "that gave a sound knowledge of the field."
    )
    assert education_floor(text) is None
    # a numbered route of a grade asked on top of the basic degree leaves that degree asked
    added = (
        "Basic Education Requirement: a bachelor's degree in engineering. In addition to the "
        "Basic Education Requirements, for GS-7: 1. One year of specialized experience. OR 2. "
        "One year of graduate study. OR 3. Have combination of experience and graduate study."
    )
    assert education_floor(added) == "bachelor"


@pytest.mark.parametrize(
    "text",
    [
        "Basic requirements: A. You have a bachelor's degree in computer science. OR B. You have "
        "IT-related experience showing four competencies.",
        "Basic Requirements: a bachelor's degree in engineering; its courses must include "
        "calculus. OR Possess a combination of education and experience equal to such a degree.",
        "Basic requirements: A. A bachelor's degree in computer science. OR B. You have "
        "IT-related experience. For GS-07 (in addition to the basic requirements): A. A "
        "bachelor's degree with a grade point average of 3.0. OR B. You have at least one year "
        "of specialized experience.",
    ],
)
def test_who_has_the_experience_may_open_an_or_route(text):
    assert education_floor(text) is None


def test_a_grades_route_after_what_is_asked_in_addition_leaves_the_basic_degree():
    text = (
        "Basic Requirements: Applicants must possess a master's degree in social work. In "
        "addition, your resume must demonstrate one year of specialized experience at the GS-09 "
        "level. OR Possess a combination of specialized experience and graduate education."
    )
    assert education_floor(text) == "master"


def test_a_combination_route_naming_experience_first_is_a_route_of_its_own():
    text = (
        "Requirements for GS-5: A. One year of specialized experience equal to GS-04. OR B. A "
        "4-year course of study leading to a bachelor's degree. OR C. A combination of "
        "experience and education as described above. (Only study beyond the first 60 semester "
        "hours toward a bachelor's degree counts.)"
    )
    assert education_floor(text) is None


def test_being_enrolled_in_high_school_sets_no_floor():
    text = (
        "Basic Qualifications: - Be at least 16 years old. - Must be enrolled or accepted for "
        "enrollment in high school, a GED program or a college at least half time."
    )
    assert education_floor(text) is None
    assert education_floor("Must hold a high school diploma or GED.") == "high_school"


def test_a_grades_degree_after_a_semicolon_stands_for_its_experience():
    text = (
        "GS-5: One year of specialized experience equal to the GS-4 level; bachelor's degree "
        "with major study in forestry; or a mix of both. Transcripts are needed for any "
        "education above high school."
    )
    assert education_floor(text) is None
    # the grade's degree alone is asked
    assert education_floor("GS-5: bachelor's degree with major study in forestry.") == "bachelor"


def test_a_substitution_mentioned_before_a_basic_degree_leaves_that_degree():
    text = (
        "If you qualify by the substitution of education for experience, send your transcripts. "
        "Basic Requirements: Applicants must have completed a bachelor's degree in computer "
        "science. In addition to the basic requirement, you need one year of specialized "
        "experience."
    )
    assert education_floor(text) == "bachelor"
    # the substitution alone still says experience is a route
    assert education_floor("Substitution of education for experience: a bachelor's degree.") is (
        None
    )
