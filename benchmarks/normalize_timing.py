"""Time the normalizers: every one on the postings a crawl reads, and pay and remote on hard text.

    python -m benchmarks.normalize_timing
    python -m benchmarks.normalize_timing --against /work/wt/base    # beside another checkout

The table of every normalizer reads each posting the way the pipelines do (sanitize the HTML,
make its text, then arrangement, pay, places, occupation, credentials, education, experience,
facets, in that order, so what one normalizer leaves for the next is there as in a crawl) and
gives each its thread CPU ms per posting, least disturbed of `--rounds` runs. The postings:
`benchmarks.synthetic` ones (seed 7, rendered as `benchmarks.crawl_cost` serves them) and,
with $HITBOARD_CONFORMANCE_DIR set, the real descriptions below. `--against CHECKOUT` runs
the same table with that checkout's code (its own process, PYTHONPATH=CHECKOUT), rounds
alternating with this one's, so both see the same load.

"Hard" is a built ~8 KB description full of money that is not pay (benefits, bonuses, counts)
and of "remote" in tool phrases, with the pay line at the very end. "Typical" are real
descriptions from the conformance captures (The Muse page, the Appcast feed) when
$HITBOARD_CONFORMANCE_DIR points at them, else only the built text is timed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from spiders.normalize import text as text_module
from spiders.normalize.pay import pay_from_text
from spiders.normalize.place import work_arrangement


def _forget_conversions() -> None:
    """Time every call cold: drop converted descriptions kept from a previous call."""
    cached = getattr(text_module, "_html_to_text_cached", None)
    if cached is not None:
        cached.cache_clear()


def hard_description() -> str:
    filler = (
        "Our health system serves 1,200 patients a day across 14 hospitals and 300 clinics. "
        "Benefits include 401(k) match up to 6%, tuition reimbursement up to $5,250 per year, "
        "a $2,500 sign-on bonus and $500 referral awards. Coders use remote access tools and "
        "remote monitoring dashboards; expect 25 charts per hour after 90 days. "
    )
    return (
        "Medical Coder II\nRequired: CPC or CCS; 2+ years of inpatient coding experience.\n"
        + filler * 25
        + "\nPay Range: $24.00 - $32.00 per hour"
    )


def typical_descriptions() -> list[str]:
    root = os.environ.get("HITBOARD_CONFORMANCE_DIR")
    if not root:
        return []
    base = Path(root)
    texts: list[str] = []
    muse = base / "themuse" / "kodwork_themuse_public_jobs_page1_2023.json"
    if muse.exists():
        texts += [job["contents"] for job in json.loads(muse.read_text())["results"]]
    feed = base / "feeds" / "appcast_xml_feed_healthtrust_first50.xml"
    if feed.exists():
        texts += [job.findtext("body") or "" for job in ET.parse(feed).getroot().iter("job")]
    return [t for t in texts if t]


def per_call_ms(function, texts: list[str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        elapsed = 0.0
        for text in texts:
            _forget_conversions()
            start = time.thread_time()
            function(text)
            elapsed += time.thread_time() - start
        runs.append(elapsed / len(texts) * 1000)
    return min(runs)  # the least disturbed run: other work shares the machine


def hard_html() -> str:
    """The hard description as a careers site sends it: paragraphs and list items."""
    body = "".join(f"<p>{line}</p>" for line in hard_description().split("\n"))
    return body.replace(". ", ".</li><li>").replace("<p>Our", "<ul><li>Our")


def remote(text: str) -> object:
    return work_arrangement(None, "Tampa, FL", "Coder", text)


def pay_and_remote(text: str) -> object:
    return pay_from_text(text), remote(text)


def pay_and_remote_table() -> None:
    corpora = [("hard text", [hard_description()]), ("hard HTML", [hard_html()])]
    typical = typical_descriptions()
    if typical:
        corpora.append(("typical", typical))
    for label, texts in corpora:
        sizes = sorted(len(t) for t in texts)
        print(f"{label}: {len(texts)} text(s), median {sizes[len(sizes) // 2]} chars")
    print(f"{'ms per description':18} " + " ".join(f"{label:>10}" for label, _ in corpora))
    for name, function in (
        ("pay_from_text", pay_from_text),
        ("work_arrangement", remote),
        ("pay + remote", pay_and_remote),
    ):
        cells = [
            per_call_ms(function, texts, 50 if len(texts) == 1 else 10) for _, texts in corpora
        ]
        print(f"{name:18} " + " ".join(f"{cell:10.2f}" for cell in cells))


# -- every normalizer, as the pipelines call it ------------------------------------------------

SYNTHETIC_POSTINGS, SYNTHETIC_SEED = 1500, 7


def crawl_postings() -> dict[str, list[tuple[str, str]]]:
    """(title, description HTML) of the synthetic postings and of the typical real ones."""
    from benchmarks.crawl_cost import description_html
    from benchmarks.synthetic import synthetic_postings

    rows = synthetic_postings(SYNTHETIC_POSTINGS, seed=SYNTHETIC_SEED).rows
    postings = {"synthetic": [(r["title"], description_html(r["description_text"])) for r in rows]}
    typical = typical_descriptions()
    if typical:
        postings["typical"] = [("Medical Coder", text) for text in typical]
    return postings


def pipeline_steps() -> list[tuple[str, object]]:
    """(name, step) in the pipelines' order; a step takes and returns the posting's dict."""
    from spiders.normalize.credentials import find_credentials
    from spiders.normalize.education import education_floor, experience_years
    from spiders.normalize.facets import find_facets
    from spiders.normalize.occupation import classify_occupation
    from spiders.normalize.place import arrangement_said_by, places_in_text
    from spiders.normalize.text import html_to_text, sanitize_html

    def both(posting: dict) -> str:
        return f"{posting['title']}\n{posting['text']}"

    return [
        ("sanitize_html", lambda p: p.update(html=sanitize_html(p["html"]))),
        ("html_to_text", lambda p: p.update(text=html_to_text(p["html"]))),
        ("arrangement", lambda p: arrangement_said_by(None, None, p["title"], p["text"])),
        ("pay_from_text", lambda p: pay_from_text(p["text"])),
        ("places_in_text", lambda p: places_in_text(p["text"])),
        ("occupation", lambda p: classify_occupation(p["title"], p["text"])),
        ("credentials", lambda p: find_credentials(both(p))),
        ("education_floor", lambda p: education_floor(p["text"])),
        ("experience", lambda p: experience_years(p["text"])),
        ("facets", lambda p: find_facets(both(p))),
    ]


def normalizer_ms(postings: list[tuple[str, str]]) -> dict[str, float]:
    """Thread CPU ms per posting of each step, over all the postings once."""
    steps = pipeline_steps()
    spent = dict.fromkeys((name for name, _ in steps), 0.0)
    for title, html in postings:
        _forget_conversions()
        posting = {"title": title, "html": html}
        for name, step in steps:
            start = time.thread_time()
            step(posting)
            spent[name] += time.thread_time() - start
    ms = {name: seconds / len(postings) * 1000 for name, seconds in spent.items()}
    ms["all"] = sum(ms.values())
    return ms


def one_round() -> None:
    """One run of the table, as JSON on stdout (for the process that compares checkouts)."""
    print(json.dumps({label: normalizer_ms(p) for label, p in crawl_postings().items()}))


def _round_in(checkout: str | None) -> dict[str, dict[str, float]]:
    env = dict(os.environ)
    if checkout:
        env["PYTHONPATH"] = checkout
    else:
        env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    run = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--one-round"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(run.stdout)


def normalizers_table(rounds: int, against: str | None) -> None:
    runs: dict[str, list[dict]] = {"this": []}
    if against:
        runs["against"] = []
    for _ in range(rounds):
        for who in runs:  # alternating, so both see the same load
            runs[who].append(_round_in(against if who == "against" else None))
    best = {  # the least disturbed round of each step
        who: {
            label: {name: min(r[label][name] for r in results) for name in results[0][label]}
            for label in results[0]
        }
        for who, results in runs.items()
    }
    labels = list(best["this"])
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"ms per posting, least of {rounds} rounds (load average after: {load})")
    if against:
        print(f"against: {against}")
    heads = [f"{label} {who}" for label in labels for who in best]
    print(f"{'normalizer':16} " + " ".join(f"{head:>18}" for head in heads))
    for name in best["this"][labels[0]]:
        cells = [best[who][label][name] for label in labels for who in best]
        print(f"{name:16} " + " ".join(f"{cell:18.3f}" for cell in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--against", help="another checkout to time beside this one")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--one-round", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_round:
        one_round()
        return
    normalizers_table(args.rounds, args.against)
    print()
    pay_and_remote_table()


if __name__ == "__main__":
    main()
