"""Where the demo's jobs are: cities by state, how postings spread over states, pay by state."""

from core.states import US_STATES

# fmt: off
# (city, ZIP) by state.
CITIES: dict[str, tuple[tuple[str, str], ...]] = {
    "CA": (("Los Angeles", "90012"), ("San Diego", "92103"), ("Sacramento", "95816"),
           ("Fresno", "93721"), ("Oakland", "94612"), ("Riverside", "92501")),
    "TX": (("Houston", "77030"), ("Dallas", "75246"), ("San Antonio", "78229"),
           ("Austin", "78705"), ("El Paso", "79905"), ("Lubbock", "79430")),
    "FL": (("Tampa", "33606"), ("Orlando", "32803"), ("Jacksonville", "32209"),
           ("Miami", "33136"), ("Gainesville", "32608")),
    "OH": (("Cleveland", "44106"), ("Columbus", "43210"), ("Cincinnati", "45219"),
           ("Akron", "44304"), ("Toledo", "43614"), ("Dayton", "45409")),
    "NY": (("New York", "10016"), ("Rochester", "14642"), ("Albany", "12208"),
           ("Buffalo", "14203"), ("Syracuse", "13210"), ("Poughkeepsie", "12601")),
    "PA": (("Pittsburgh", "15213"), ("Philadelphia", "19104"), ("Harrisburg", "17110")),
    "IL": (("Chicago", "60611"), ("Peoria", "61603"), ("Springfield", "62702")),
    "GA": (("Atlanta", "30322"), ("Savannah", "31404"), ("Macon", "31201")),
    "NC": (("Charlotte", "28204"), ("Raleigh", "27607"), ("Durham", "27710")),
    "MI": (("Detroit", "48202"), ("Grand Rapids", "49503"), ("Lansing", "48912")),
    "NJ": (("Newark", "07112"), ("New Brunswick", "08901"), ("Hackensack", "07601")),
    "VA": (("Richmond", "23298"), ("Norfolk", "23507"), ("Roanoke", "24014")),
    "WA": (("Seattle", "98104"), ("Spokane", "99204"), ("Tacoma", "98405")),
    "OR": (("Portland", "97239"), ("Eugene", "97401"), ("Salem", "97301")),
    "AZ": (("Phoenix", "85006"), ("Tucson", "85724")),
    "MA": (("Boston", "02114"), ("Worcester", "01655")),
    "TN": (("Nashville", "37232"), ("Memphis", "38103"), ("Knoxville", "37920")),
    "IN": (("Indianapolis", "46202"), ("Fort Wayne", "46805")),
    "MO": (("St. Louis", "63110"), ("Kansas City", "64108")),
    "MD": (("Baltimore", "21287"), ("Bethesda", "20814")),
    "CO": (("Denver", "80218"), ("Aurora", "80045")),
    "MN": (("Minneapolis", "55415"), ("Rochester", "55905"), ("Duluth", "55805")),
    "WI": (("Milwaukee", "53226"), ("Madison", "53792"), ("Green Bay", "54301")),
    "IA": (("Des Moines", "50309"), ("Iowa City", "52242")),
    "KS": (("Wichita", "67214"), ("Topeka", "66606")),
    "NE": (("Omaha", "68198"), ("Lincoln", "68506")),
    "AL": (("Birmingham", "35233"), ("Mobile", "36604"), ("Montgomery", "36116")),
    "LA": (("New Orleans", "70112"), ("Baton Rouge", "70808")),
    "KY": (("Louisville", "40202"), ("Lexington", "40536")),
    "SC": (("Columbia", "29203"), ("Charleston", "29425")),
    "OK": (("Oklahoma City", "73104"), ("Tulsa", "74104")),
    "UT": (("Salt Lake City", "84132"),),
    "NV": (("Las Vegas", "89102"), ("Reno", "89502")),
    "NM": (("Albuquerque", "87106"),),
    "AR": (("Little Rock", "72205"),),
    "CT": (("Hartford", "06106"), ("New Haven", "06510")),
    "MS": (("Jackson", "39216"),),
    "WV": (("Morgantown", "26506"),),
    "AK": (("Anchorage", "99508"),),
    "ME": (("Portland", "04102"),),
    "DC": (("Washington", "20010"),),
}
# Postings spread over states leaning toward CA, TX, FL, OH and NY, the states with the
# most medical records jobs (BLS OEWS).
NATIONAL_STATE_WEIGHTS = {
    "CA": 14, "TX": 12, "FL": 10, "OH": 8, "NY": 8, "PA": 5, "IL": 5, "GA": 4, "NC": 4,
    "MI": 4, "NJ": 4, "VA": 3, "WA": 3, "AZ": 3, "MA": 3, "TN": 3, "IN": 2, "MO": 2,
    "MD": 2, "CO": 2, "MN": 2, "WI": 2, "AL": 2, "LA": 2, "KY": 2, "SC": 2, "OR": 2,
    "OK": 1, "CT": 1, "UT": 1, "IA": 1, "NV": 1, "AR": 1, "KS": 1, "NM": 1, "NE": 1,
    "MS": 1, "WV": 1, "AK": 1, "ME": 1, "DC": 1,
}
# Pay runs higher on the coasts and lower in much of the South (BLS OEWS state means).
STATE_PAY_FACTOR = {
    "CA": 1.18, "NJ": 1.12, "NY": 1.12, "WA": 1.12, "MA": 1.12, "AK": 1.15, "MD": 1.08,
    "CO": 1.06, "OR": 1.08, "CT": 1.08, "DC": 1.12, "MS": 0.86, "AL": 0.88, "AR": 0.88,
    "WV": 0.88, "LA": 0.9, "KY": 0.9, "OK": 0.9, "SC": 0.9, "TN": 0.92, "TX": 0.96,
    "FL": 0.96, "GA": 0.95, "NM": 0.93,
}
# fmt: on
STATE_NAMES = {code: US_STATES[code] for code in CITIES}
