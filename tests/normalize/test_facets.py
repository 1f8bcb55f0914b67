import pytest

from spiders.normalize.facets import find_facets


@pytest.mark.parametrize(
    ("text", "facet", "value"),
    [
        ("Inpatient coding", "settings", "inpatient"),
        ("Outpatient surgery coding", "settings", "outpatient"),
        ("Profee coding", "settings", "professional_fee"),
        ("Emergency department coding", "settings", "emergency"),
        ("ED facility coding", "settings", "emergency"),
        ("HCC risk adjustment", "settings", "risk_adjustment"),
        ("ICD-10-CM", "code_sets", "ICD-10-CM"),
        ("ICD-10-PCS", "code_sets", "ICD-10-PCS"),
        ("CPT", "code_sets", "CPT"),
        ("HCPCS Level II", "code_sets", "HCPCS"),
        ("Epic", "ehr", "epic"),
        ("Cerner", "ehr", "oracle_health"),
        ("Oracle Health", "ehr", "oracle_health"),
        ("MEDITECH Expanse", "ehr", "meditech"),
    ],
)
def test_each_value(text, facet, value):
    assert value in find_facets(text)[facet]


def test_combined_code_set_notation():
    assert find_facets("ICD-10-CM/PCS")["code_sets"] == ["ICD-10-CM", "ICD-10-PCS"]


def test_epic_the_adjective_is_not_the_ehr():
    assert find_facets("An epic opportunity!")["ehr"] == []


def test_empty_text_has_every_key():
    assert find_facets(None) == {"settings": [], "code_sets": [], "ehr": []}
