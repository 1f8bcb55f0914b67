"""`hitboard sources check [FILE]`: offline validation, one line per problem."""

import re

from tests.cli.boards import hitboard, hitboard_env, sources_toml

GOOD = [
    {
        "name": "cvs-health",
        "kind": "workday",
        "url": "https://cvshealth.wd1.myworkdayjobs.com/wday/cxs/cvshealth/CVS_Health_Careers",
        "search": "medical records",
        "schedule": "0 */6 * * *",
    },
    {
        "name": "bayview",
        "kind": "greenhouse",
        "url": "https://boards-api.greenhouse.io/v1/boards/b",
    },
    {"name": "clinic-pages", "kind": "jsonld", "sitemap": "https://clinic.example/sitemap.xml"},
    {"name": "clinic-jobs", "kind": "jsonld", "urls": ["https://clinic.example/jobs/1"]},
    {
        "name": "summit-feed",
        "kind": "feed",
        "url": "https://summit.example/jobs.xml",
        "keep": "all",
    },
    # Disabled: its missing keys are no concern until it is switched on.
    {
        "name": "federal",
        "kind": "usajobs",
        "url": "https://data.usajobs.gov/api/search",
        "enabled": False,
    },
]

# Each entry has exactly one problem; the pattern is what its line must say.
BAD = [
    ({"name": "typo", "kind": "workdai", "url": "https://x.example/"}, r"kind: unknown kind"),
    ({"name": "no-url", "kind": "greenhouse"}, r"missing url"),
    ({"name": "bayview", "kind": "lever", "url": "https://x.example/"}, r"duplicate name"),
    (
        {
            "name": "bad-cron",
            "kind": "lever",
            "url": "https://x.example/",
            "schedule": "61 * * * *",
        },
        r"schedule: bad cron expression '61 \* \* \* \*'",
    ),
    (
        {"name": "extra", "kind": "lever", "url": "https://x.example/", "pages": 3},
        r"pages: unknown key",
    ),
    (
        {"name": "ftp", "kind": "feed", "url": "ftp://x.example/jobs.xml"},
        r"url: not an http\(s\) URL",
    ),
    ({"name": "no-pages", "kind": "jsonld"}, r"missing urls or sitemap"),
    (
        {"name": "bad-oracle", "kind": "oracle", "url": "https://hcm.example/careers"},
        r"url: oracle source urls look like https://\{host\}/hcmUI/CandidateExperience/",
    ),
    (
        {
            "name": "bad-taleo",
            "kind": "taleo",
            "url": "https://x.tbe.taleo.net/a/ats/careers/v2/searchResults",
        },
        r"url: taleo source urls look like .*org=\{org\}&cws=\{cws\} or .*careersection",
    ),
]


def check(path, **env):
    return hitboard("sources", "check", str(path), env=hitboard_env(path.parent, **env), timeout=60)


def test_a_good_file_has_no_problems(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(sources_toml(GOOD), encoding="utf-8")
    result = check(path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{path}: {len(GOOD)} sources, no problems"
    assert result.stderr == ""


def test_a_bad_file_gets_one_line_per_problem(tmp_path):
    path = tmp_path / "bad.toml"
    entries = [GOOD[1], *(entry for entry, _problem in BAD)]
    path.write_text(sources_toml(entries), encoding="utf-8")
    result = check(path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(BAD), result.stderr
    for number, ((entry, problem), line) in enumerate(zip(BAD, lines, strict=True), start=2):
        # The line names the file, the entry (number and name) and the problem.
        assert line.startswith(f"{path}: source #{number} ('{entry['name']}'): "), line
        assert re.search(problem, line), (problem, line)
    assert "no problems" not in result.stdout


def test_two_problems_in_one_entry_give_two_lines(tmp_path):
    path = tmp_path / "bad.toml"
    entry = {"name": "twice", "kind": "lever", "url": "file:///etc/passwd", "color": "red"}
    path.write_text(sources_toml([entry]), encoding="utf-8")
    result = check(path)
    assert result.returncode == 2
    lines = sorted(result.stderr.strip().splitlines())
    assert len(lines) == 2, result.stderr
    assert all(line.startswith(f"{path}: source #1 ('twice'): ") for line in lines)
    assert "color: unknown key" in lines[0] and "url: not an http(s) URL" in lines[1]


def test_an_enabled_source_without_its_keys_is_a_warning_not_a_failure(tmp_path):
    path = tmp_path / "sources.toml"
    federal = {**GOOD[-1], "enabled": True}
    adzuna = {
        "name": "adzuna",
        "kind": "adzuna",
        "url": "https://api.adzuna.com/v1/api/jobs/us/search",
    }
    path.write_text(sources_toml([GOOD[0], federal, adzuna]), encoding="utf-8")

    # USAJOBS has half its pair; Adzuna has none.
    result = check(path, USAJOBS_EMAIL="operator@hitboard.example")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{path}: 3 sources, no problems"
    warnings = result.stderr.strip().splitlines()
    assert len(warnings) == 2, result.stderr
    assert "'federal'" in warnings[0] and "warning" in warnings[0]
    assert "USAJOBS_API_KEY" in warnings[0] and "USAJOBS_EMAIL" not in warnings[0]
    assert "'adzuna'" in warnings[1] and "ADZUNA_APP_ID, ADZUNA_APP_KEY" in warnings[1]

    # With the keys in the environment there is nothing to warn about.
    keys = {"USAJOBS_API_KEY": "k", "ADZUNA_APP_ID": "i", "ADZUNA_APP_KEY": "k"}
    quiet = check(path, USAJOBS_EMAIL="operator@hitboard.example", **keys)
    assert quiet.returncode == 0 and quiet.stderr == "", quiet.stderr


# A value of the wrong type is an error naming the field, never a guess ("yes" is not true).
WRONG_TYPES = [
    ({"enabled": "yes"}, r"enabled: must be true or false, not 'yes'"),
    ({"enabled": 1}, r"enabled: must be true or false, not 1"),
    ({"max_pages": "5"}, r"max_pages: must be a whole number, not '5'"),
    ({"search": 5}, r"search: must be text in quotes, not 5"),
    ({"params": {"category": 1.5}}, r"params\.category: must be"),
]


def test_a_value_of_the_wrong_type_names_the_entry_and_the_field(tmp_path):
    path = tmp_path / "typed.toml"
    base = {"kind": "lever", "url": "https://api.lever.co/v0/postings/bayview"}
    entries = [
        {"name": f"wrong-{number}", **base, **wrong}
        for number, (wrong, _) in enumerate(WRONG_TYPES)
    ]
    path.write_text(sources_toml(entries), encoding="utf-8")
    result = check(path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(WRONG_TYPES), result.stderr
    for number, ((_, problem), line) in enumerate(zip(WRONG_TYPES, lines, strict=True)):
        assert line.startswith(f"{path}: source #{number + 1} ('wrong-{number}'): "), line
        assert re.search(problem, line), (problem, line)


def _one_line_exit_2(result, path, problem):
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0].removeprefix("error: ")  # `crawl` marks it as an error; `check` lists it
    assert line.startswith(f"{path}: ") and re.search(problem, line), line


def test_a_file_that_is_not_utf8_gets_one_line_naming_its_line(tmp_path):
    path = tmp_path / "latin1.toml"
    text = sources_toml([GOOD[1]]).replace('"bayview"', '"bayview"\n# Caf\u00e9 board')
    path.write_bytes(text.encode("latin-1"))
    _one_line_exit_2(check(path), path, r"line 3: not UTF-8 text \(byte 0xe9")


def test_a_utf16_file_is_named_as_such(tmp_path):
    path = tmp_path / "utf16.toml"
    path.write_bytes(sources_toml([GOOD[1]]).encode("utf-16"))  # with its byte-order mark
    _one_line_exit_2(check(path), path, r"is UTF-16 text .*save it as UTF-8")


def test_a_utf8_byte_order_mark_is_allowed(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(sources_toml([GOOD[1]]).encode("utf-8-sig"))
    result = check(path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{path}: 1 sources, no problems"


def test_a_directory_given_as_the_file_gets_one_line(tmp_path):
    path = tmp_path / "sources.d"
    path.mkdir()
    _one_line_exit_2(check(path), path, r"is a directory, not a sources file")


def test_crawl_refuses_a_badly_typed_file_before_it_starts(tmp_path):
    path = tmp_path / "typed.toml"
    entry = {**GOOD[1], "enabled": "yes"}
    path.write_text(sources_toml([entry]), encoding="utf-8")
    result = hitboard("crawl", "--sources", str(path), env=hitboard_env(tmp_path), timeout=60)
    _one_line_exit_2(result, path, r"source #1 \('bayview'\): enabled: must be true or false")
