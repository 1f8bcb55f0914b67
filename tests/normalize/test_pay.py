"""Pay rules from SPEC "Normalization rules" → Pay, one case per rule."""

import pytest

from spiders.normalize.pay import Pay, annualize, pay_from_structured, pay_from_text


def _triple(pay: Pay | None) -> tuple | None:
    return None if pay is None else (pay.min, pay.max, pay.period)


@pytest.mark.parametrize(
    ("period", "factor"),
    [("hour", 2080), ("day", 260), ("week", 52), ("biweek", 26), ("month", 12), ("year", 1)],
)
def test_annual_factors(period, factor):
    assert annualize(10.0, period) == 10.0 * factor


def test_annualize_hours_per_year_for_federal_pay():
    assert annualize(20.0, "hour", hours_per_year=2087) == 41740.0


def test_annualize_unknown_period_is_none():
    assert annualize(100.0, None) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$20 - $25/hr", (20, 25, "hour")),
        ("$20 hourly", (20, 20, "hour")),
        ("$20 an hour", (20, 20, "hour")),
        ("$60,000 per annum", (60000, 60000, "year")),
        ("$4,000 monthly", (4000, 4000, "month")),
        ("$2,000 bi-weekly", (2000, 2000, "biweek")),
        ("$1,000 weekly", (1000, 1000, "week")),
        ("Daily rate: $250", (250, 250, "day")),
        ("$250 per diem", (250, 250, "day")),
        ("$45K", (45000, 45000, "year")),
    ],
)
def test_period_from_words(text, expected):
    assert _triple(pay_from_text(text)) == expected


def test_words_beat_size_even_when_the_number_looks_yearly():
    # "$40 per year" is absurd, not "hourly because small": words are there, so no guessing
    assert pay_from_text("Salary: $40 per year") is None
    assert _triple(pay_from_text("$5,000 per month")) == (5000, 5000, "month")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pay: $199", (199, 199, "hour")),
        ("Pay: $15,000", (15000, 15000, "year")),
        ("Pay: $200", (200, 200, None)),
        ("Pay: $14,999", (14999, 14999, None)),
    ],
)
def test_size_rule_without_words(text, expected):
    assert _triple(pay_from_text(text)) == expected


def test_unknown_period_has_no_annual_figure():
    pay = pay_from_text("Compensation: $5,000 - $6,500")
    assert pay is not None and pay.annual_min is None and pay.annual_max is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Up to $30 per hour", (None, 30, "hour")),
        ("Starting at $18.50/hour", (18.5, None, "hour")),
        ("From $60,000 a year", (60000, None, "year")),
        ("$25+ per hour", (25, None, "hour")),
        ("$30 an hour", (30, 30, "hour")),
    ],
)
def test_up_to_starting_at_and_single_figures(text, expected):
    assert _triple(pay_from_text(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "$45,000 – $55,000 per year",
        "$45,000 — $55,000 per year",
        "$45,000 to $55,000 per year",
        "between $45,000 and $55,000 per year",
        "$45K-$55K",
        "$45-55K",
    ],
)
def test_range_forms(text):
    assert _triple(pay_from_text(text)) == (45000, 55000, "year")


def test_period_stated_on_each_value():
    assert _triple(pay_from_text("$19.23/hr - $28.85/hr")) == (19.23, 28.85, "hour")


def test_k_with_decimal():
    assert _triple(pay_from_text("$45.5K")) == (45500, 45500, "year")


def test_html_entities_in_pay_text():
    assert _triple(pay_from_text("$21.00 &ndash; $29.00&nbsp;hourly")) == (21, 29, "hour")


@pytest.mark.parametrize(
    "text",
    [
        "$2,500 sign-on bonus",
        "Sign-on bonus: $5,000",
        "Referral bonus of $1,000",
        "Tuition reimbursement up to $5,250 per year",
        "401(k) with 6% match",
        "Earn $500 for every friend you refer!",
        "Monthly stipend of $500 for home office",
    ],
)
def test_money_that_is_not_pay(text):
    assert pay_from_text(text) is None


def test_pay_next_to_a_bonus_is_still_read():
    assert _triple(pay_from_text("$24 - $28 per hour + $3,000 sign on bonus")) == (24, 28, "hour")
    assert _triple(pay_from_text("$45,000 - $55,000 annually plus bonus")) == (
        45000,
        55000,
        "year",
    )


@pytest.mark.parametrize("text", ["25 charts per hour", "18-22 charts per hour", "500-bed"])
def test_throughput_and_counts_are_not_pay(text):
    assert pay_from_text(text) is None


def test_per_chart_pay_has_no_annual_figure():
    pay = pay_from_text("Production pay: $2.50 per chart")
    assert pay is not None
    assert (pay.min, pay.period, pay.annual_min) == (2.5, None, None)


@pytest.mark.parametrize("text", ["Pay: $0.00", "Salary: $1", "Pay: $50,000 per hour"])
def test_zero_and_absurd_values_are_no_pay(text):
    assert pay_from_text(text) is None


def test_pay_text_keeps_the_raw_phrase():
    pay = pay_from_text("Great team. Pay Range: $22.00 - $26.50 an hour. Apply now.")
    assert pay is not None and pay.text == "$22.00 - $26.50 an hour"
    assert pay.currency == "USD"


# structured pay -------------------------------------------------------------------------------


_SANE_AMOUNT = {"hour": 25, "day": 200, "week": 1000, "biweek": 2000, "month": 4000, "year": 50000}


@pytest.mark.parametrize(
    ("word", "period"),
    [
        ("YEAR", "year"),
        ("HOUR", "hour"),
        ("PA", "year"),
        ("PH", "hour"),
        ("Per Year", "year"),
        ("hourly", "hour"),
        ("salary", "year"),
        ("per-month-salary", "month"),
        ("1 YEAR", "year"),
        ("BW", "biweek"),
        ("WEEK", "week"),
        ("DAY", "day"),
    ],
)
def test_structured_period_words(word, period):
    amount = _SANE_AMOUNT[period]
    assert pay_from_structured(amount, amount, period=word).period == period


def test_structured_strings_and_currency():
    pay = pay_from_structured("$45,000.00", "55000", currency="usd", period="YEAR")
    assert (pay.min, pay.max, pay.currency, pay.annual_max) == (45000, 55000, "USD", 55000)


@pytest.mark.parametrize(("low", "high"), [(0, 0), ("0", ""), (None, None), ("n/a", None)])
def test_structured_zeros_and_blanks_are_no_pay(low, high):
    assert pay_from_structured(low, high, period="YEAR") is None


def test_structured_zero_minimum_keeps_the_maximum():
    pay = pay_from_structured(0, 30, period="HOUR")
    assert (pay.min, pay.max) == (None, 30)


def test_structured_without_period_uses_the_size_rule():
    assert pay_from_structured(45000, 55000).period == "year"
    assert pay_from_structured(18, 22).period == "hour"
    assert pay_from_structured(5000, 6000).period is None


def test_structured_hours_per_year_for_usajobs():
    pay = pay_from_structured("25.00", "30.00", period="PH", hours_per_year=2087)
    assert pay.annual_min == 52175.0


def test_structured_estimate_flag_and_swapped_ends():
    pay = pay_from_structured(60000, 50000, period="YEAR", estimated=True)
    assert (pay.min, pay.max, pay.estimated) == (50000, 60000, True)


def test_structured_piece_work_has_no_period():
    pay = pay_from_structured(3, 3, period="PW")
    assert pay.period is None and pay.annual_min is None


# --- rules added after the first held-out set -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The starting rate for this role is $21.15 per hour.", (21.15, None, "hour")),
        ("Wages start at $16/hr with a raise after 90 days.", (16, None, "hour")),
        ("Starting pay of $17.50 an hour", (17.5, None, "hour")),
        ("Pay begins at $52,000 a year", (52000, None, "year")),
        # a range after the starting words is still a range
        ("Starting pay range: $18 - $22 per hour", (18, 22, "hour")),
    ],
)
def test_pay_that_starts_at_a_figure_sets_only_the_minimum(text, expected):
    assert _triple(pay_from_text(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Annual pay: 52,000 - 61,000", (52000, 61000, "year")),  # the label's word: yearly
        ("Hourly Rate: 22.00-27.00", (22, 27, "hour")),
        ("Monthly salary: 4,200", (4200, 4200, "month")),
        ("Pay Range: 19.50 - 24.00", (19.5, 24, "hour")),  # no period word: size rule
        ("Salary: 55000", (55000, 55000, "year")),
        ("Salary: Up to 85,000", (None, 85000, "year")),
        ("Pay rate: starting at 19.25", (19.25, None, "hour")),
        ("Rate: 22.00-27.00", (22, 27, "hour")),  # "Rate:" opening its line
    ],
)
def test_bare_figures_after_a_pay_label(text, expected):
    pay = pay_from_text(text)
    assert _triple(pay) == expected
    assert pay.currency is None  # no mark: the currency is not guessed


@pytest.mark.parametrize(
    "text",
    [
        "Salary: 2024 review cycle",  # between the size thresholds: not known to be money
        "Maintain a coding accuracy rate of 95 or higher",  # "rate" alone is no pay label
        "Coding accuracy rate: 95",
        "Pay: 26 pay periods a year",
        "Pay grade: 12",
    ],
)
def test_bare_figures_without_a_real_pay_label_are_not_pay(text):
    assert pay_from_text(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rate: $45/hr W2 or $50/hr 1099", (45, 50, "hour")),
        ("Pay: $27/hr (CPC) or $30/hr (CCS)", (27, 30, "hour")),
        ("Salary: $60,000 or $65,000 with RHIT", (60000, 65000, "year")),
        # different periods are not alternatives of one figure: the first is read
        ("$20/hr or $45,000/yr", (20, 20, "hour")),
    ],
)
def test_alternative_figures_of_one_period_make_a_range(text, expected):
    assert _triple(pay_from_text(text)) == expected


def test_alternatives_do_not_swallow_money_that_is_not_pay():
    assert pay_from_text("$500 sign-on bonus or $1,000 relocation") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CAD $60,000 - $70,000 per year", (60000, 70000, "year", "CAD")),
        ("$60,000 CAD annually", (60000, 60000, "year", "CAD")),
        ("C$25/hr", (25, 25, "hour", "CAD")),
        ("£30,000 per annum", (30000, 30000, "year", "GBP")),
        ("GBP 30,000 - 35,000 per annum", (30000, 35000, "year", "GBP")),
        ("£12.50 p/h", (12.5, 12.5, "hour", "GBP")),
        ("€45,000 per year", (45000, 45000, "year", "EUR")),
        ("EUR 45,000 a year", (45000, 45000, "year", "EUR")),
        ("$52,000 p.a.", (52000, 52000, "year", "USD")),
    ],
)
def test_currencies_beyond_the_dollar_are_kept(text, expected):
    pay = pay_from_text(text)
    assert (pay.min, pay.max, pay.period, pay.currency) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Experience managing large projects (over $500K).",
        "Manage budgets of $2,000,000 across three sites.",
    ],
)
def test_the_size_of_a_project_or_budget_is_not_pay(text):
    assert pay_from_text(text) is None


def test_size_words_do_not_hide_real_pay_later():
    pay = pay_from_text("Manage accounts over $50,000 and earn $20/hr")
    assert _triple(pay) == (20, 20, "hour")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hourly: 21.10 - 28.75", (21.10, 28.75, "hour")),
        ("Annual: 48,500 - 59,000", (48500, 59000, "year")),
        ("Monthly: 4,100", (4100, 4100, "month")),
    ],
)
def test_a_period_word_opening_a_line_labels_bare_figures(text, expected):
    assert _triple(pay_from_text(text)) == expected


def test_a_period_word_as_label_does_not_make_counts_pay():
    assert pay_from_text("Annual: 3 weeks of PTO") is None


@pytest.mark.parametrize(
    "text",
    [
        "Incentive-free production rate: $4.10 per outpatient chart coded",
        "Earn $2.75 per ED record abstracted",
        "$6 each inpatient case reviewed",
    ],
)
def test_per_unit_pay_with_words_describing_the_unit_has_no_period(text):
    pay = pay_from_text(text)
    assert pay is not None
    assert (pay.period, pay.annual_min, pay.annual_max) == (None, None, None)


def test_per_hour_worked_is_still_hourly():
    assert _triple(pay_from_text("$24 per hour worked")) == (24, 24, "hour")


@pytest.mark.parametrize(
    "text",
    ["Semi-monthly pay: $2,100", "Semimonthly salary of $1,980.50", "Semi monthly wage: $2,300"],
)
def test_semi_monthly_amounts_get_no_period(text):
    pay = pay_from_text(text)
    assert pay is not None
    assert pay.period is None and pay.annual_min is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rate: $19.00-$23.40 hr", (19.0, 23.4, "hour")),
        ("Salary $58,000 year, full benefits", (58000, 58000, "year")),
    ],
)
def test_a_time_unit_right_after_money_is_its_period(text, expected):
    assert _triple(pay_from_text(text)) == expected


def test_a_time_unit_after_money_does_not_swallow_year_end_bonuses():
    assert pay_from_text("Eligible for a $750 year-end bonus.") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$31/hr W-2 or $36/hr C2C", (31, 36, "hour")),
        ("ICD-10 coder: $29/hr", (29, 29, "hour")),
    ],
)
def test_a_number_hyphened_to_a_word_is_a_name_not_money(text, expected):
    assert _triple(pay_from_text(text)) == expected


def test_a_midpoint_between_minimum_and_maximum_is_no_bound():
    text = "Salary band (annual): min $61,200 | mid $72,000 | max $82,800"
    assert _triple(pay_from_text(text)) == (61200, 82800, "year")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rate tops out at $29.90 per hour.", (None, 29.90, "hour")),
        ("Compensation not to exceed $88,500.", (None, 88500, "year")),
        ("Capped at $41/hr.", (None, 41, "hour")),
    ],
)
def test_words_for_a_ceiling_set_only_the_maximum(text, expected):
    assert _triple(pay_from_text(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pay: $23.00/hr, up to $27.50/hr with CCS.", (23.0, 27.5, "hour")),
        ("Starting pay $19.40/hr; top of range $26.80/hr.", (19.4, 26.8, "hour")),
    ],
)
def test_a_figure_then_a_higher_up_to_figure_is_a_range(text, expected):
    assert _triple(pay_from_text(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the later figure is no pay, another period, lower, or on another line
        ("Pay: $22/hr, up to $2/hr shift differential.", (22, 22, "hour")),
        ("$55,000 per year, up to $30/hr for overtime.", (55000, 55000, "year")),
        ("Pay: $26/hr, up to $21/hr for trainees.", (26, 26, "hour")),
        ("Pay: $24/hr.\nUp to $30/hr for lead roles.", (24, 24, "hour")),
    ],
)
def test_an_up_to_figure_joins_only_a_like_figure_close_by(text, expected):
    assert _triple(pay_from_text(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the next line names a bonus or a location; it says nothing about the figures above it
        ("Wage: $19.75-$23.40 per hour\nRetention bonus: $2,000", (19.75, 23.4, "hour")),
        ("Rate: 31.00 - 36.50\nLocations: Dayton and Kettering", (31.0, 36.5, "hour")),
    ],
)
def test_words_on_the_next_line_do_not_describe_an_amount(text, expected):
    assert _triple(pay_from_text(text)) == expected


@pytest.mark.parametrize("text", ["$3,000 retention bonus", "Rate: 12 locations across the state"])
def test_words_on_the_amounts_own_line_still_describe_it(text):
    assert pay_from_text(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a word and a dash together join the two ends
        ("$46,949 to - $61,031 per year", (46949, 61031, "year")),
        ("Salary range: $52,000 - to $64,500 per year", (52000, 64500, "year")),
        ("$21.50 to -$26.75 per hour", (21.5, 26.75, "hour")),
        ("GS-07: $46,949 to - $61,031 per year", (46949, 61031, "year")),
        ("$19.00 through - $23.00/hr", (19, 23, "hour")),
    ],
)
def test_a_range_joined_by_a_word_and_a_dash_keeps_its_minimum(text, expected):
    assert _triple(pay_from_text(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$34 584 - 54 625 per year", (34584, 54625, "year")),
        ("Salary: $34 584 to $54 625 per year", (34584, 54625, "year")),
        ("USD 48 000 - 52 000 annually", (48000, 52000, "year")),
        ("$1 200 per month", (1200, 1200, "month")),
        ("€45 500.00 - €51 000.00 per year", (45500, 51000, "year")),
        # no period words: the grouped figures are yearly by size, not an hourly $34
        ("Pay: $34 584 - $54 625", (34584, 54625, "year")),
    ],
)
def test_a_space_as_thousands_separator(text, expected):
    assert _triple(pay_from_text(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # not thousands: a percent, a count of hours, figures without a currency mark
        ("$19 100% employer-paid health plan", (19, 19, "hour")),
        ("$20 per hour, 100 hours of PTO", (20, 20, "hour")),
        ("Pay: $18.50 - $22.00 per hour 401 retirement plan", (18.5, 22, "hour")),
        ("Serving 34 584 patients a year. Pay: $22 per hour", (22, 22, "hour")),
    ],
)
def test_spaces_that_are_not_thousands_separators(text, expected):
    assert _triple(pay_from_text(text)) == expected


def test_a_space_grouped_bonus_is_still_no_pay():
    assert pay_from_text("$2 500 sign-on bonus") is None
