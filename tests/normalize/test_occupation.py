import pytest

from spiders.normalize.occupation import classify_occupation, is_relevant


@pytest.mark.parametrize(
    ("title", "soc"),
    [
        ("Medical Coder", "29-2072"),
        ("Medical Records Clerk", "29-2072"),
        ("Release of Information Specialist", "29-2072"),
        ("ROI Specialist", "29-2072"),
        ("Inpatient Coder II - Remote", "29-2072"),
        ("Cancer Registrar", "29-9021"),
        ("CDI Specialist", "29-9021"),
        ("Health Data Analyst", "29-9021"),
        ("Director of Health Information Management", "11-9111"),
        ("HIM Manager", "11-9111"),
        ("Coding Manager", "11-9111"),
    ],
)
def test_in_scope_titles(title, soc):
    assert classify_occupation(title) == soc
    assert is_relevant(soc)


@pytest.mark.parametrize(
    "title",
    [
        "Python Coder",
        "University Registrar",
        "Registered Nurse",
        "Medical Assistant",
        "Patient Access Registrar",
        "Practice Manager",
        "Health Information Exchange Analyst",
    ],
)
def test_out_of_scope_titles(title):
    assert classify_occupation(title) is None
    assert not is_relevant(classify_occupation(title))


def test_generic_coder_title_reads_the_text():
    assert classify_occupation("Coder", "Write Python and review AI code") is None
    assert classify_occupation("Coder", "Assign ICD-10-CM and CPT codes; CPC required") == "29-2072"


def test_bare_registrar_needs_a_registry_in_the_text():
    assert classify_occupation("Registrar") is None
    assert classify_occupation("Registrar", "Abstract cases for the cancer registry") == "29-9021"


def test_generic_title_with_clear_him_text():
    text = "Review medical records, assign ICD-10-CM codes and process release of information."
    assert classify_occupation("Specialist II", text) == "29-2072"


def test_onet_title_list_is_used():
    # "Health Information Management Specialist" is an O*NET 29-9021 alternate title
    assert classify_occupation("Health Information Management Specialist") == "29-9021"


def test_empty_title():
    assert classify_occupation("") is None
    assert not is_relevant(None)


@pytest.mark.parametrize(
    "title",
    [
        "Medical Record Abstractor - Quality",
        "Medical Record Abstractor",
        "Medical Records Abstractor",
        "Chart Abstractor",
        "Quality Abstractor",
        "Abstraction Specialist - Core Measures",
    ],
)
def test_abstractors_are_health_data_work(title):
    assert classify_occupation(title) == "29-9021"


def test_bare_abstractor_follows_the_text():
    text = "Abstract core measures from medical records; ICD-10 and HIM department experience."
    assert classify_occupation("Abstractor", text) == "29-9021"
    assert classify_occupation("Title Abstractor") is None


@pytest.mark.parametrize(
    ("title", "soc"),
    [
        ("Medical Records Consultants", "29-9021"),  # O*NET lists "Medical Record Consultant"
        ("Health Information Clerks", "29-2072"),
        ("Medical Record Specialists", "29-2072"),
    ],
)
def test_singular_and_plural_titles_meet_in_the_onet_list(title, soc):
    assert classify_occupation(title) == soc


@pytest.mark.parametrize(
    ("title", "soc"),
    [
        ("Health Information Technologist II", "29-9021"),
        ("HIM Technologist", "29-9021"),
        ("Health Information Management Technologist", "29-9021"),
        ("Medical Registrar", None),  # patient registration or, in the UK, a doctor
    ],
)
def test_the_soc_name_itself_is_a_technologist_title(title, soc):
    assert classify_occupation(title) == soc


@pytest.mark.parametrize(
    "title",
    [
        # records administrators and federal supervisory positions run the work
        "Supervisory Medical Records Administrator",
        "Medical Record Administrator (Coding Supervisor)",
        "Medical Records Administrator",
        "Coding Administrator - HIM",
        "Supervisory Medical Records Technician (Coder)",
        "Supervisory Health Information Specialist",
        "Supervisory Health Information Administrator",
        "Supervisory Cancer Registrar",
    ],
)
def test_administrators_and_supervisory_positions_of_records_work_are_managers(title):
    assert classify_occupation(title) == "11-9111"


@pytest.mark.parametrize(
    ("title", "soc"),
    [
        # a working supervisor stays with the workers (SOC files supervisors of technical work
        # with those they supervise)
        ("Coding Supervisor", "29-2072"),
        ("Medical Records Supervisor", "29-2072"),
        # the O*NET title of the RHIA's field
        ("Health Information Administrator", "29-9021"),
        ("Health Information Management Administrator", "29-9021"),
        # administrators of systems or of other work
        ("Epic Systems Administrator - Health Information Management", None),
        ("EHR Administrator", None),
        ("Benefits Administrator", None),
        ("Supervisory Nurse", None),
        ("Supervisory IT Specialist", None),
    ],
)
def test_supervisors_and_administrators_that_are_not_managers_of_records_work(title, soc):
    assert classify_occupation(title) == soc
