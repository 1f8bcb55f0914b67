"""The one-line pay and place of a feed entry and a digest."""

from store.posting_summary import summary_line


def test_a_range_stated_at_one_end_says_which_end() -> None:
    up_to = {"company": "Acme", "city": "Tampa", "state": "FL", "remote": "onsite",
             "salary_annual_min": None, "salary_annual_max": 62400.0}  # fmt: skip
    assert summary_line(up_to) == "Acme · Tampa, FL (on-site) · up to $62,400 a year"
    start = dict(up_to, salary_annual_min=50000.0, salary_annual_max=None, remote="hybrid")
    assert summary_line(start) == "Acme · Tampa, FL (hybrid) · from $50,000 a year"
    both = dict(up_to, salary_annual_min=50000.0)
    assert summary_line(both) == "Acme · Tampa, FL (on-site) · $50,000 – $62,400 a year"
