import pytest

from spiders.normalize.place import Place, parse_place, us_state, work_arrangement


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
