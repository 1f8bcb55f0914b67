import pytest

from spiders.normalize.credentials import CANONICAL, find_credentials


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("RHIA", "RHIA"),
        ("RHIT", "RHIT"),
        ("CCA credential for coding", "CCA"),
        ("CCS", "CCS"),
        ("CCS-P", "CCS-P"),
        ("CDIP", "CDIP"),
        ("CHDA", "CHDA"),
        ("CHPS", "CHPS"),
        ("CHP for our HIPAA privacy office", "CHP"),
        ("CPC", "CPC"),
        ("COC", "COC"),
        ("CPB", "CPB"),
        ("CRC for risk adjustment coding", "CRC"),
        ("CIC for inpatient coding", "CIC"),
        ("CPMA", "CPMA"),
        ("ODS-C", "ODS-C"),
        ("CBCS", "CBCS"),
        ("CEHRS", "CEHRS"),
    ],
)
def test_every_canonical_code(text, code):
    assert list(find_credentials(text)) == [code]


def test_canonical_list_is_the_spec_list():
    assert len(CANONICAL) == 18 and "CTR" not in CANONICAL


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("R.H.I.T.", "RHIT"),
        ("R.H.I.A. required", "RHIA"),
        ("CPC-A", "CPC"),
        ("COC-A", "COC"),
        ("CRC-A accepted", "CRC"),
        ("CPC-H", "COC"),
        ("CCS–P", "CCS-P"),
        ("CTR", "ODS-C"),
        ("Certified Tumor Registrar", "ODS-C"),
        ("Certified Coding Specialist - Physician-based", "CCS-P"),
        ("Registered Health Information Technician", "RHIT"),
    ],
)
def test_variant_forms(text, code):
    assert list(find_credentials(text)) == [code]


@pytest.mark.parametrize(
    "text",
    [
        "Optimize CPC and CTR across paid search campaigns",
        "Track CPM, CPC, CTR and conversion rate",
        "CRC (Clinical Research Coordinator) with IRB experience",
        "Colorectal cancer (CRC) screening",
        "CIC (Certification in Infection Control) from CBIC",
        "CCSP or CISSP; secure AWS workloads",
        "CHP background check",
        "Citrix CCA-V certification",
        "Commission on Cancer (COC) standards",
    ],
)
def test_collisions_are_not_credentials(text):
    assert find_credentials(text) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RHIT required, CCS preferred", {"RHIT": "required", "CCS": "preferred"}),
        (
            "RHIT, RHIA, or CCS required",
            {"RHIA": "required", "RHIT": "required", "CCS": "required"},
        ),
        ("Must have CPC; CRC a plus.", {"CPC": "required", "CRC": "preferred"}),
        ("RHIA-eligible", {"RHIA": "eligible"}),
        ("Must obtain CPC within 9 months of hire.", {"CPC": "eligible"}),
        ("CTR certification preferred but not required.", {"ODS-C": "preferred"}),
        ("Certifications: RHIT", {"RHIT": None}),
        (
            "Required Qualifications:\n- RHIT\nPreferred Qualifications:\n- CHPS",
            {"RHIT": "required", "CHPS": "preferred"},
        ),
    ],
)
def test_required_preferred_eligible(text, expected):
    assert find_credentials(text) == expected


def test_same_code_twice_keeps_the_strongest():
    assert find_credentials("CPC preferred.\nCPC required for remote work.") == {"CPC": "required"}


def test_empty():
    assert find_credentials(None) == {}
    assert find_credentials("") == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "AHIMA credential (RHIT/RHIA) required at time of hire.",
            {"RHIT": "required", "RHIA": "required"},
        ),
        ("CPC by date of hire.", {"CPC": "required"}),
        ("CCS upon hire", {"CCS": "required"}),
        ("RHIT prior to start date of employment", {"RHIT": "required"}),
        # a period before "of hire" is still time to earn it
        ("CPC required within 6 months of hire date.", {"CPC": "eligible"}),
        ("RHIT eligible at time of hire", {"RHIT": "eligible"}),
    ],
)
def test_held_at_hire_is_required(text, expected):
    assert find_credentials(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CCA must be obtained within 12 months.", {"CCA": "eligible"}),
        ("CCA required.", {"CCA": "required"}),
        ("Cloudera CCA required for the data platform team.", {}),
    ],
)
def test_cca_asked_for_as_a_qualification_counts(text, expected):
    assert find_credentials(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Abstract prostate, breast and CRC tumors for the registry; ODS-C preferred.",
        "Follow CRC patients through treatment and survivorship.",
    ],
)
def test_crc_among_cancer_sites_is_colorectal_cancer(text):
    assert "CRC" not in find_credentials(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RHIA or CHP required.", {"RHIA": "required", "CHP": "required"}),
        ("CHP or CHPS a plus.", {"CHPS": "preferred", "CHP": "preferred"}),
        ("CHP officers may apply.", {}),
    ],
)
def test_chp_beside_another_him_credential_is_the_privacy_credential(text, expected):
    assert find_credentials(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Report CPC (cost per click) for our HIM coding school ads. RHIT preferred.",
        "Improve click-through rate (CTR) on cancer registry software campaigns.",
    ],
)
def test_a_code_glossed_as_an_ad_measure_is_not_the_credential(text):
    found = find_credentials(text)
    assert "CPC" not in found and "ODS-C" not in found


def test_a_code_glossed_with_its_credential_name_still_counts():
    text = "CPC (Certified Professional Coder) required to review ad-click billing."
    assert find_credentials(text) == {"CPC": "required"}


@pytest.mark.parametrize(
    "text",
    [
        # the posting spells the letters out as something else, and means that everywhere
        "Chief of Campaigns and Strategies (CCS) leads outreach; report to the CCS weekly.",
        "The CCS (Chief of Campaigns and Strategies) sets the plan.",
        "Clinical Research Coordinator (CRC) for our coding-study trials.",
        "Certified Clinical Supervisor (CCS) needed for the counseling team.",
        "Certification in Infection Control (CIC) is required for this role.",
        "Track Click-Through Rate (CTR) for every campaign.",
    ],
)
def test_an_acronym_the_posting_defines_for_something_else_is_no_credential(text):
    assert find_credentials(text) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # spelled out as the credential itself, or in the field's words
        ("Certified Coding Specialist (CCS) required.", {"CCS": "required"}),
        ("Certified Tumor Registrar (CTR) required.", {"ODS-C": "required"}),
        ("Certified Healthcare Privacy Professional (CHP) preferred.", {"CHP": "preferred"}),
        # letters in parentheses that spell nothing out are the credential
        ("Must hold a coding credential (CCS) or CPC.", {"CCS": "required", "CPC": "required"}),
        # another acronym defined nearby leaves ours alone
        ("Director of Patient Care (DPC) and CPC required.", {"CPC": "required"}),
    ],
)
def test_acronyms_spelled_out_as_the_credential_still_count(text, expected):
    assert find_credentials(text) == expected
