import pytest

from spiders.normalize.place import (
    Place,
    cities_named,
    parse_place,
    places_in_text,
    states_named,
    title_states,
    us_state,
    work_arrangement,
)


@pytest.mark.parametrize(
    ("text", "states"),
    [
        # a US city named alone, or a site named after it
        ("Boston", ["MA"]),
        ("Stamford Hub", ["CT"]),
        ("Greater Boston Area", ["MA"]),
        ("San Francisco; New York City; Seattle", ["CA", "NY", "WA"]),
        ("Toronto, New York, San Francisco", ["CA"]),
        # a city right before a state is that state's; other words are no city
        ("Dallas, PA", []),
        ("Boston Scientific", []),
        ("Remote", []),
        # a name shared by cities of several states is not in the table
        ("Portland", []),
        ("Columbus", []),
    ],
)
def test_cities_named_alone(text, states):
    assert cities_named(text) == states


@pytest.mark.parametrize(
    ("title", "states"),
    [
        ("Regional Account Executive - KS, IA, NE", ["KS", "IA", "NE"]),
        ("Territory Manager - TX/OK", ["TX", "OK"]),
        ("Medical Coder (Texas)", ["TX"]),
        # one bare code, or a part naming something else, is no place
        ("Nurse - OR", []),
        ("Analyst - IT", []),
        ("Coder - Remote", []),
        ("Medical Coder II", []),
    ],
)
def test_states_a_titles_last_part_names(title, states):
    assert title_states(title) == states


def test_a_list_of_jurisdictions_is_no_place():
    text = (
        "Current registration as a professional engineer by any State, the District of "
        "Columbia, Guam or Puerto Rico."
    )
    assert places_in_text(text) == []
    # a city and its state, then another place, still count
    assert places_in_text("The clinic is located in Tampa, Florida and serves Georgia.") == [
        Place("Tampa", "FL", "US")
    ]


def test_a_place_cue_may_take_an_article():
    text = "This position is based in our West Lebanon, NH office with frequent travel."
    assert places_in_text(text) == [Place("West Lebanon", "NH", "US")]


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("FL", "FL"),
        ("Florida", "FL"),
        ("Tampa, FL 33606", "FL"),
        ("USA-TX-Houston", "TX"),
        ("USA DC Washington", "DC"),
        ("Washington, DC", "DC"),
        ("Seattle, Washington", "WA"),
        ("Kansas City, MO", "MO"),
        ("Portland, OR 97201", "OR"),
        ("Work from home - Ohio", "OH"),
        ("Remote - US", None),
        ("Toronto, ON, Canada", None),
    ],
)
def test_us_state_from_any_form(text, state):
    assert us_state(text) == state


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Tampa, FL 33606", Place("Tampa", "FL", "US")),
        ("USA-TX-Houston", Place("Houston", "TX", "US")),
        ("New York, NY, United States", Place("New York", "NY", "US")),
        ("Remote - US", Place(None, None, "US")),
        ("United States", Place(None, None, "US")),
        ("USA", Place(None, None, "US")),
        ("London, UK", Place("London", None, "GB")),
        ("Los Angeles, CA", Place("Los Angeles", "CA", "US")),
        ("Toronto, ON, Canada", Place("Toronto", None, "CA")),
        ("Multiple Locations", Place(None, None, None)),
        (None, Place(None, None, None)),
    ],
)
def test_parse_place(text, place):
    assert parse_place(text) == place


@pytest.mark.parametrize(
    ("hint", "expected"),
    [
        ("TELECOMMUTE", "remote"),
        ("remote", "remote"),
        ("Hybrid", "hybrid"),
        ("onsite", "onsite"),
        ("on-site", "onsite"),
        ("ON_SITE", "onsite"),
        (True, "remote"),
    ],
)
def test_structured_hint(hint, expected):
    assert work_arrangement(hint) == expected


def test_hint_wins_over_words():
    assert work_arrangement("onsite", "Remote") == "onsite"


def test_false_hint_lets_words_decide():
    assert work_arrangement(False, "Hybrid schedule after training") == "hybrid"


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["Remote - US"], "remote"),
        (["This position is not remote."], "onsite"),
        (["No remote work is available for this role."], "onsite"),
        (["Hybrid remote: two days in office"], "hybrid"),
        (["Tampa, FL", "Medical Coder"], None),
        (["Process requests through remote access portals for our onsite team."], "onsite"),
    ],
)
def test_words(texts, expected):
    assert work_arrangement(None, *texts) == expected


def test_bare_remote_in_a_long_description_does_not_count():
    description = "Use remote desktop tools. " + "Code charts accurately. " * 20
    assert work_arrangement(None, "Tampa, FL", "Coder", description) is None


def test_strong_remote_phrase_in_a_long_description_counts():
    description = "Code charts accurately. " * 20 + "This is a fully remote position."
    assert work_arrangement(None, "Tampa, FL", "Coder", description) == "remote"


# --- states beat country words; Canada by province ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("New Mexico", Place(None, "NM", "US")),
        ("Albuquerque, New Mexico", Place("Albuquerque", "NM", "US")),
        ("Remote in New Mexico", Place(None, "NM", "US")),
        ("Mexico, MO", Place("Mexico", "MO", "US")),  # a town in Missouri
        ("Lebanon, PA", Place("Lebanon", "PA", "US")),
        ("Mexico", Place(None, None, "MX")),
        ("Mexico City, Mexico", Place("Mexico City", None, "MX")),
    ],
)
def test_a_state_wins_over_a_country_word(text, place):
    assert parse_place(text) == place


def test_us_state_new_mexico():
    assert us_state("New Mexico") == "NM"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Toronto, ON", Place("Toronto", None, "CA")),
        ("Vancouver, BC V6B 1A1", Place("Vancouver", None, "CA")),
        ("Montreal, Quebec", Place("Montreal", None, "CA")),
        ("Toronto, Ontario, Canada", Place("Toronto", None, "CA")),
        ("Halifax, Nova Scotia", Place("Halifax", None, "CA")),
        # a province's name as a US city keeps its state
        ("Ontario, CA", Place("Ontario", "CA", "US")),
    ],
)
def test_canadian_provinces_name_canada(text, place):
    assert parse_place(text) == place


@pytest.mark.parametrize(
    "text", ["Washington, D.C.", "Washington, D.C. 20001", "Washington, DC, USA"]
)
def test_dc_as_its_own_segment(text):
    assert parse_place(text) == Place("Washington", "DC", "US")


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # a denied hybrid is no hybrid; a remote denied with it stays denied
        (["No remote or hybrid work for this position."], "onsite"),
        (["Hybrid is not available; remote only."], "remote"),
        (["Not hybrid. Work is onsite only."], "onsite"),
        # remote describing past experience says nothing about this job
        (["Remote abstracting experience a plus."], None),
        (["Remote work experience required. You are based on-site in Mesa."], "onsite"),
        (["Prior remote experience helpful. This job is based in-office."], "onsite"),
        # yes/no fields
        (["Remote: No"], "onsite"),
        (["Telework eligible: No"], "onsite"),
        (["Work from home? No"], "onsite"),
        # a denied telecommute or telework, like a denied remote
        (["Telecommuting is not available for this role."], "onsite"),
        (["Telework is not an option."], "onsite"),
        (["Working from home is not permitted."], "onsite"),
        (["Full-time telecommuting position."], "remote"),
        (["Remote: Yes"], "remote"),
        # the phrasings ads use for the real thing still count
        (["Remote within Texas"], "remote"),
        (["100% remote"], "remote"),
        (["Hybrid schedule, 3 days onsite"], "hybrid"),
    ],
)
def test_arrangement_words_in_context(texts, expected):
    assert work_arrangement(None, *texts) == expected


@pytest.mark.parametrize(
    "text", ["Anywhere in the U.S. (remote job)", "Anywhere in the USA", "Remote, U.S.A."]
)
def test_nationwide_wording_is_no_city(text):
    assert parse_place(text).city is None


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # a denial joined by "or" covers both arrangements, in either order
        (["This is not a hybrid or remote position."], "onsite"),
        (["Not a hybrid or a telework role; staff report to the clinic."], "onsite"),
        # a comma starts a new statement: the remote after it is not denied
        (["No hybrid, remote only."], "remote"),
    ],
)
def test_a_denied_hybrid_or_remote_is_onsite(texts, expected):
    assert work_arrangement(None, *texts) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Telework: Not available", "onsite"),
        ("Work from home: not offered", "onsite"),
        ("Remote option: Unavailable", "onsite"),
        ("Remote work: Available", "remote"),
    ],
)
def test_a_yes_no_field_answered_not_available(text, expected):
    assert work_arrangement(None, text) == expected


# A long description: the bare word "remote" does not count in it, only what states it.
LONG = "Our health system serves patients across the region with eleven hospitals. " * 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the label on its own line, the answer opening the next (USAJOBS' layout)
        ("Remote job\nNo\nTelework eligible\nYes—as determined by the agency policy.", "hybrid"),
        ("Remote job\nNo\nTelework eligible\nNo", "onsite"),
        ("Remote job\nNo", "onsite"),
        ("Telework eligible\nYes", "hybrid"),
        ("Remote job\nYes\nTelework eligible\nNot applicable, a remote position.", "remote"),
        (LONG + "\nRemote job\nNo\nTelework eligible\nYes\n" + LONG, "hybrid"),
        (LONG + "\nRemote job:\nNo\n" + LONG, "onsite"),
        (LONG + "\nWork from home?\nYes\n" + LONG, "remote"),
        # the same answers on one line
        ("Remote job: No. Telework eligible: Yes", "hybrid"),
        ("Telecommute: Yes", "remote"),
    ],
)
def test_yes_no_fields_answered_on_the_next_line(text, expected):
    assert work_arrangement(None, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a label needs its answer right after it; a sentence that goes on is no answer
        LONG + "\nTelework eligible staff sign an agreement\nNo exceptions are made.",
        LONG + "\nTelework eligible positions are listed on our site.",
    ],
)
def test_words_after_a_remote_phrase_are_no_answer(text):
    assert work_arrangement(None, text) is None


@pytest.mark.parametrize(
    "text",
    [
        LONG + "\nLocation: Remote\n" + LONG,
        LONG + "\nJob location - Remote (US)\n" + LONG,
        LONG + " Work arrangement: Remote. " + LONG,
        LONG + "\n🌎 Remote\n" + LONG,
        LONG + "\n• Remote - United States\n" + LONG,
        LONG + "\nRemote\n" + LONG,
        LONG + " This is a remote / at-home position. " + LONG,
        LONG + " Remote or virtual work, with equipment provided. " + LONG,
        LONG + " You will work virtually from anywhere in the country. " + LONG,
        LONG + " Our coders are working virtually, with monthly meetings. " + LONG,
        LONG + " This is a virtual position. " + LONG,
        # a place on its own line, then a line that merely starts with "No": no answer
        LONG + "\nLocation:\nRemote\nNo weekends or holidays.\n" + LONG,
    ],
)
def test_remote_stated_inside_a_long_description(text):
    assert work_arrangement(None, text) == "remote"


@pytest.mark.parametrize(
    "text",
    [
        # tools, past experience, services and quantities are not where the job is
        LONG + "\nRemote access to Epic is provided.\n" + LONG,
        LONG + "\nRemote coding experience preferred\n" + LONG,
        LONG + "\nRemote patient monitoring\n" + LONG,
        LONG + " We provide at-home care to patients and families. " + LONG,
        LONG + " Patients can book virtual visits. " + LONG,
        LONG + " Virtually all referrals arrive by fax. " + LONG,
        LONG + " Our remote sites send records weekly. " + LONG,
    ],
)
def test_remote_words_that_do_not_state_the_arrangement(text):
    assert work_arrangement(None, text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Answer patient questions in person or by telephone.",
        LONG + " Obtain in-person consents from patients before release. " + LONG,
        LONG + " Assist patients in person and by phone with record requests. " + LONG,
        LONG + " Apply in person at 100 Main Street. " + LONG,
        LONG + " Services are offered in person or by video. " + LONG,
    ],
)
def test_in_person_about_patients_or_services_is_no_onsite_job(text):
    assert work_arrangement(None, text) is None


@pytest.mark.parametrize(
    "text",
    [
        "In person",
        LONG + "\nWork Location: In person",
        LONG + " This role is in person at the Tampa clinic. " + LONG,
        LONG + " You will work in person at our Dayton office. " + LONG,
        LONG + " This is an in-person position. " + LONG,
    ],
)
def test_in_person_about_the_work_is_onsite(text):
    assert work_arrangement(None, text) == "onsite"


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("CA, TX, FL", ["CA", "TX", "FL"]),
        ("Tampa, FL; Atlanta, GA", ["FL", "GA"]),
        ("Texas, Florida, Georgia", ["TX", "FL", "GA"]),
        ("Texas and Florida", ["TX", "FL"]),
        ("Florida / Georgia", ["FL", "GA"]),
        ("Remote in CA or TX", ["CA", "TX"]),
        ("USA-FL-Tampa; USA-GA-Atlanta", ["FL", "GA"]),
        # one state, however often it is named
        ("Phoenix, AZ; Tucson, AZ", ["AZ"]),
        ("Tampa, Florida; Bay Pines, Florida", ["FL"]),
        # a state's name before a comma and a state is a city
        ("Washington, DC", ["DC"]),
        ("Indiana, PA", ["PA"]),
        ("New York, New York", ["NY"]),
        ("Kansas City, MO", ["MO"]),
        ("Multiple Locations", []),
        (None, []),
    ],
)
def test_states_named_by_a_location(text, states):
    assert states_named(text) == states


@pytest.mark.parametrize(
    "text",
    ["CA, TX, FL", "Tampa, FL; Atlanta, GA", "Texas, Florida, Georgia", "Remote in CA or TX"],
)
def test_a_location_naming_several_states_gives_none(text):
    # not the last one named: none of them is the job's state
    assert parse_place(text) == Place(None, None, "US")


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("This position is located at the James A. Haley Veterans Hospital, Tampa, FL.", "FL"),
        ("Join our team at Bay Pines Medical Center, Bay Pines, FL", "FL"),
        ("Our clinic is located in Dayton, Ohio.", "OH"),
        ("The office: 100 Main St, Dayton, OH 45402", "OH"),
        ("Location:\nSt. Petersburg, FL", "FL"),
        ("Work in Winston-Salem, NC with a friendly team.", "NC"),
        ("You will be based in Tucson, AZ.", "AZ"),
    ],
)
def test_a_place_named_in_a_description(text, state):
    assert [place.state for place in places_in_text(text)] == [state]


def test_every_place_of_a_list_in_a_description():
    text = "Clinics located in Tampa, FL and Atlanta, GA."
    assert [place.state for place in places_in_text(text)] == ["FL", "GA"]


@pytest.mark.parametrize(
    "text",
    [
        # a person and a degree, not a city and a state
        "Report to Jane Doe, MD, the medical director.",
        "Sincerely,\nJohn Smith, PA",
        "Master of Science in Nursing, MS preferred.",
        # where the company sits is not where the job is
        "Headquartered in Nashville, TN, we hire coders nationwide.",
        # a comma list of words that are no place
        "Skills: Epic, OR scheduling, and coding.",
    ],
)
def test_names_and_codes_in_a_description_that_are_no_place(text):
    assert places_in_text(text) == []


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Public Health Building - 3180 Center St NE", None),
        ("1200 Main Street NE, Salem, OR 97301", "OR"),
        ("400 Pine Ave. SW", None),
        ("Omaha, NE", "NE"),
        ("Lincoln, NE 68508", "NE"),
    ],
)
def test_a_street_quadrant_is_no_state(text, state):
    assert parse_place(text).state == state
    assert states_named(text) == ([state] if state else [])


@pytest.mark.parametrize("text", ["Salem, OR 97301", "Portland, OR", "Eugene, OR; Bend, OR"])
def test_oregon_is_no_conjunction(text):
    assert states_named(text) == ["OR"]


LONG = " We serve veterans across the region and value teamwork and integrity." * 4


@pytest.mark.parametrize(
    ("text", "arrangement"),
    [
        # on-site as an activity's word says where a task is done, not where the job is
        ("Conducts on-site inspections of sanitation projects." + LONG, None),
        ("Performing on-site surveys of worksites and on-site visits to clinics." + LONG, None),
        ("You will work on-site at our clinic." + LONG, "onsite"),
        # federal telework sentences
        ("This position is ELIGIBLE for telework; supervisory approval applies." + LONG, "hybrid"),
        ("This is a Full-Time telework position. The duty location is set later." + LONG, "remote"),
        ("90 percent of our positions are eligible for telework." + LONG, None),
        ("This position is not eligible for telework." + LONG, "onsite"),
        (
            "The agency has determined that the duties of this position are suitable for "
            "telework and the selectee may be allowed to telework." + LONG,
            "hybrid",
        ),
        (
            "The office has determined that the duties of this position are suitable for "
            "telework only during an emergency or natural disaster." + LONG,
            "onsite",
        ),
        ("This position is not suitable for telework." + LONG, "onsite"),
        # an accommodation is no arrangement
        ("We offer onsite sign language interpreters and readers." + LONG, None),
        # remote said of the place a location field names
        (
            "Job Description: Data Engineer Location: Eagan, Minnesota (Remote) Role" + LONG,
            "remote",
        ),
        ("Our offices (remote sites included) are in Eagan, Minnesota." + LONG, None),
    ],
)
def test_arrangement_in_activity_words_telework_sentences_and_places(text, arrangement):
    assert work_arrangement(None, None, None, text) == arrangement


LONG = "Abstract and code inpatient records for the health system. " * 12


@pytest.mark.parametrize(
    "text",
    [
        # a week split between home and an office, or a choice of either
        "We expect employees to be in the office at least three days per week.",
        "You will work 2 days a week in our office in Tampa.",
        "Our way of working allows you to have the option to work from home near one of our "
        "Hubs or come into one of our offices.",
    ],
)
def test_a_week_split_between_home_and_office_is_hybrid(text):
    assert work_arrangement(None, LONG + text) == "hybrid"


@pytest.mark.parametrize(
    "text",
    [
        # five days is no split; an office's opening hours are not the job's
        "You will be in the office 5 days a week.",
        "Our office is open three days per week for walk-ins.",
    ],
)
def test_office_days_that_are_no_split_are_not_hybrid(text):
    assert work_arrangement(None, LONG + text) != "hybrid"


def test_a_boards_remote_yields_to_the_week_the_description_sets_out():
    week = "We expect employees to be in the office at least three days per week." + LONG
    assert work_arrangement(None, "Anywhere in the World", None, week) == "hybrid"
    assert work_arrangement("remote", None, None, week) == "hybrid"
    # without such a week the board's word stands
    assert work_arrangement(None, "Anywhere in the World", None, LONG) == "remote"
