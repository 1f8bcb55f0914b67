"""`hitboard sources detect PAGE`: saved careers pages of our own that embed each system the
way employers do (links, iframes, scripts, page data, JSON-LD), then the command itself on
a saved page, a page with nothing to find, a missing file and pages fetched from
LocalServer (robots.txt obeyed, our User-Agent sent)."""

import tomllib
from pathlib import Path

import pytest

from demo.server import LocalServer, Reply
from spiders.detect import detect
from tests.cli.boards import hitboard, hitboard_env

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "detect"

# page → (kind, url) the entry must have: what the page's embed says, in the spider's terms.
EXPECTED = {
    "workday-link.html": (
        "workday",
        "https://gulfcoast.wd1.myworkdayjobs.com/wday/cxs/gulfcoast/GCH_Careers",
    ),
    "greenhouse-embed.html": (
        "greenhouse",
        "https://boards-api.greenhouse.io/v1/boards/bayviewhealth",
    ),
    "lever-link.html": ("lever", "https://api.lever.co/v0/postings/sunrise-health"),
    "ashby-embed.html": ("ashby", "https://api.ashbyhq.com/posting-api/job-board/mountain-clinics"),
    "smartrecruiters-link.html": (
        "smartrecruiters",
        "https://api.smartrecruiters.com/v1/companies/LakesideHealth/postings",
    ),
    "oracle-link.html": (
        "oracle",
        "https://fa-exam-saasfaprod1.fa.ocs.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_7",
    ),
    "taleo-link.html": ("taleo", "https://buckeye.taleo.net/careersection/ext"),
    "taleo-business-iframe.html": (
        "taleo",
        "https://acme.tbe.taleo.net/acme01/ats/careers/v2/searchResults?org=SUNCOAST&cws=41",
    ),
    "icims-iframe.html": ("icims", "https://careers-alleghenyvalley.icims.com/jobs"),
    "ukg-link.html": (
        "ukg",
        "https://recruiting2.ultipro.com/HEA1004HLTH/JobBoard/0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6",
    ),
    "phenom-site.html": ("phenom", "https://careers.carolinahealth.org"),
    "successfactors-site.html": ("successfactors", "https://careers.prairiehealth.org"),
    "jobvite-iframe.html": ("jobvite", "https://jobs.jobvite.com/pinelakeclinics"),
    "paylocity-link.html": (
        "paylocity",
        "https://recruiting.paylocity.com/recruiting/jobs/All/5f0d2c1e-7a3b-4c9d-8e1f-2a3b4c5d6e7f",
    ),
    "bamboohr-embed.html": ("bamboohr", "https://highdesertclinic.bamboohr.com"),
    "workable-link.html": (
        "workable",
        "https://apply.workable.com/api/v1/widget/accounts/cascadebh",
    ),
    "recruitee-link.html": ("recruitee", "https://summitcoding.recruitee.com"),
    "neogov-iframe.html": ("neogov", "https://www.governmentjobs.com/careers/marioncountyor"),
    "dayforce-script.html": ("dayforce", "https://jobs.dayforcehcm.com/en-US/mesahealth/CAREERS"),
}


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_each_system_is_recognised_with_its_source_url(page):
    (found,) = detect((PAGES / page).read_text())
    assert (found.kind, found.url) == EXPECTED[page]
    entry = tomllib.loads(found.entry())["source"][0]
    assert (entry["kind"], entry["url"], entry["keep"]) == (*EXPECTED[page], "relevant")


def test_a_job_page_with_json_ld_is_a_jsonld_source():
    (found,) = detect((PAGES / "jsonld-job.html").read_text())
    assert found.kind == "jsonld"
    assert found.urls == ("https://www.riverbendhospital.org/careers/medical-records-clerk",)


def test_the_employer_named_by_the_page_becomes_params_company():
    entry = tomllib.loads(detect((PAGES / "oracle-link.html").read_text())[0].entry())["source"][0]
    assert entry["params"] == {"company": "Front Range Health"}
    entry = tomllib.loads(detect((PAGES / "lever-link.html").read_text())[0].entry())["source"][0]
    assert "params" not in entry  # Lever's answers name no employer either way: none known


def test_a_page_without_a_career_system():
    assert detect((PAGES / "none.html").read_text()) == []


def test_a_page_embedding_two_systems_gives_two_entries():
    both = (PAGES / "lever-link.html").read_text() + (PAGES / "neogov-iframe.html").read_text()
    assert {found.kind for found in detect(both)} == {"lever", "neogov"}


def test_every_entry_passes_sources_check(tmp_path):
    entries = [
        found.entry() for page in sorted(PAGES.glob("*.html")) for found in detect(page.read_text())
    ]
    sources = tmp_path / "detected.toml"
    sources.write_text("\n\n".join(entries) + "\n", encoding="utf-8")
    result = hitboard("sources", "check", str(sources), env=hitboard_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert f"{len(EXPECTED) + 1} sources, no problems" in result.stdout


# -- the command -----------------------------------------------------------------------------


def test_detect_a_saved_page(tmp_path):
    result = hitboard(
        "sources", "detect", str(PAGES / "icims-iframe.html"), env=hitboard_env(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    (entry,) = tomllib.loads(result.stdout)["source"]
    assert (entry["kind"], entry["url"]) == EXPECTED["icims-iframe.html"]
    assert result.stdout.startswith(
        "[[source]]\n# iCIMS: <iframe src> https://careers-alleghenyvalley"
    )


def test_nothing_found_exits_1_and_says_so(tmp_path):
    result = hitboard("sources", "detect", str(PAGES / "none.html"), env=hitboard_env(tmp_path))
    assert result.returncode == 1
    assert "no career system recognised" in result.stderr and result.stdout == ""


def test_an_unreadable_page_exits_2(tmp_path):
    result = hitboard(
        "sources", "detect", str(tmp_path / "missing.html"), env=hitboard_env(tmp_path)
    )
    assert result.returncode == 2
    assert "missing.html: no such file" in result.stderr


def test_detect_a_fetched_page(tmp_path):
    with LocalServer() as server:
        server.add(
            "/robots.txt",
            Reply("User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"}),
        )
        server.add(
            "/careers",
            Reply(
                (PAGES / "phenom-site.html")
                .read_text()
                .replace(
                    'href="https://careers.carolinahealth.org/us/en/search-results"',
                    'href="/careers"',
                )
            ),
        )
        server.add("/private/careers", Reply((PAGES / "lever-link.html").read_text()))
        env = hitboard_env(tmp_path, HITBOARD_USER_AGENT="hitboard-test (ops@example.org)")
        fetched = hitboard("sources", "detect", server.url("/careers"), env=env)
        forbidden = hitboard("sources", "detect", server.url("/private/careers"), env=env)
    assert fetched.returncode == 0, fetched.stderr
    (entry,) = tomllib.loads(fetched.stdout)["source"]
    assert (entry["kind"], entry["url"]) == ("phenom", server.url(""))  # the site itself
    page_requests = [r for r in server.requests if r.path == "/careers"]
    assert (
        page_requests
        and page_requests[0].headers["user-agent"] == "hitboard-test (ops@example.org)"
    )
    assert forbidden.returncode == 2 and "robots.txt does not allow" in forbidden.stderr
    assert not [r for r in server.requests if r.path == "/private/careers"]
