"""Keyword search: words and phrases on FTS5 and PostgreSQL alike, ranked title first."""

import sqlite3
import unicodedata
from datetime import timedelta

import pytest
from sqlalchemy import update

from store import fulltext
from store.db import session_scope
from store.job_search import JobSearch
from store.listing import list_postings
from store.models import Posting
from store.postings import upsert_postings
from tests.store.records import T0, posting

# number -> (title, company, description); posted `number` days before T0.
# fmt: off
POSTINGS = {
    1: ("Medical Coder II", "Acme Health", "Code outpatient charts for the professional fee "
        "office. CPC required."),
    2: ("Health Information Technician", "Acme Health", "Scan, index and file records "
        "electronically; release of information requests."),
    3: ("Cancer Registrar", "Front Range Oncology", "Abstract cases. ODS-C required."),
    4: ("Tumor Registry Abstractor", "Lakeside", "A Certified Tumor Registrar (CTR) preferred."),
    5: ("Python Coder", "Widgets", "Write 100% tests; coder/biller experience not needed."),
    6: ("Release of Information Specialist", "Records Co", "Answer requests for information."),
    7: ("Professional Fee Coder", "Summit", "CCS-P required; ICD-10-CM and CPT."),
    8: ("Inpatient Coder", "Summit", "CCS required. Résumé and cover letter."),
    9: ("Coding Auditor", "Hill Country", "Audit coders' work. Plain resume welcome."),
    10: ("Medical Coder (closed)", "Gone Health", "Closed posting."),
}
# fmt: on


@pytest.fixture
def store(db_engine):
    records = [
        posting(
            number,
            title=title,
            company=company,
            description_text=description,
            description_html=f"<p>{description}</p>",
            posted_at=T0 - timedelta(days=number),
        )
        for number, (title, company, description) in POSTINGS.items()
    ]
    with session_scope(db_engine) as session:
        upsert_postings(session=session, records=records, seen_at=T0, run_id=None)
        session.execute(update(Posting).where(Posting.external_id == "job-10").values(closed_at=T0))
    return db_engine


def found(engine, keyword: str, **filters) -> list[int]:
    search = JobSearch(keyword=keyword, **filters)
    with session_scope(engine, readonly=True) as session:
        page = list_postings(session, search, limit=100, now=T0)
    numbers = [int(row["external_id"].removeprefix("job-")) for row in page.rows]
    assert page.total == len(numbers)
    return numbers


def test_words_never_match_inside_words(store):
    assert found(store, "CTR") != []  # the registrar postings
    assert 2 not in found(store, "CTR")  # "electronically" holds c-t-r
    assert found(store, "electron") == []  # no prefixes
    assert found(store, "electronically") == [2]
    assert found(store, "coding") == [9]  # no stemming: "coder" is another word


def test_every_term_must_match_somewhere(store):
    assert found(store, "coder summit") == [7, 8]  # the company counts
    assert found(store, "coder outpatient") == [1]  # the description counts
    assert found(store, "MEDICAL coder") == [1]  # case does not matter
    assert found(store, "coder nowhere") == []


def test_credential_names_find_each_other(store):
    # CTR is ODS-C's name until 2024: either finds both postings, as does the full name.
    assert found(store, "CTR") == [3, 4]
    assert found(store, "ods-c") == [3, 4]
    assert found(store, '"oncology data specialist"') == [3, 4]
    assert found(store, "registrar CTR") == [3, 4]


def test_phrases_keep_their_words_together(store):
    assert found(store, '"release of information"') == [6, 2]
    assert found(store, '"information release"') == []
    assert found(store, "information release") == [6, 2]  # words, anywhere
    assert found(store, '"release of information') == [6, 2]  # an unclosed quote


def test_punctuation_and_hyphenated_codes(store):
    assert found(store, "CCS-P") == [7]
    assert found(store, "ccs p") == [7]
    assert found(store, "ICD-10-CM") == [7]
    assert found(store, "icd 10") == [7]
    assert found(store, "coder/biller") == [5]
    assert found(store, "100%") == [5]
    assert found(store, "coders'") == [9]
    assert len(found(store, "%")) == len(POSTINGS) - 1  # no word at all: no keyword filter


def test_accents_fold_both_ways(store):
    assert found(store, "resume") == [8, 9]
    assert found(store, "RÉSUMÉ") == [8, 9]


def test_stop_words_are_words_like_any_other(store):
    assert found(store, "of") == [6, 2]
    assert found(store, "for") == [1, 6]


def test_title_matches_come_first_then_newest(store):
    assert found(store, "coder") == [1, 5, 7, 8]  # all in the title: newest first
    # A title holding more of the terms comes first, however old the posting.
    assert found(store, "coder fee") == [7, 1]
    assert found(store, "information release") == [6, 2]
    assert found(store, "registrar CTR") == [3, 4]
    assert found(store, "coder fee", sort="newest") == [1, 7]


def test_closed_postings_only_when_asked(store):
    assert 10 not in found(store, "coder")
    assert found(store, "coder", include_closed=True) == [1, 5, 7, 8, 10]


def test_a_rewritten_posting_is_found_by_its_new_words_only(store):
    record = posting(
        1,
        title="Medical Coder II",
        company="Acme Health",
        description_text="Review denials for the billing office.",
        posted_at=T0 - timedelta(days=1),
    )
    with session_scope(store) as session:
        upsert_postings(session=session, records=[record], seen_at=T0, run_id=None)
    assert 1 not in found(store, "outpatient")
    assert found(store, "denials") == [1]
    with session_scope(store) as session:
        upsert_postings(
            session=session, records=[{**record, "title": "Denials Analyst"}], seen_at=T0,
            run_id=None,
        )  # fmt: skip
    assert found(store, "coder medical") == []
    assert found(store, "analyst") == [1]


def test_list_punctuation_around_a_bare_word_is_no_part_of_it(store):
    terms = fulltext.keyword_terms("  Coder, REMOTE coder; 'ROI'")
    assert [term.text for term in terms] == ["coder", "remote", "roi"]
    assert found(store, "Coder, 'Medical';") == found(store, "coder medical") == [1]
    assert found(store, "(Inpatient), summit.") == [8]


def test_query_terms_are_words_phrases_and_credential_forms():
    terms = fulltext.keyword_terms('  Coder "Release of  Information" coder CTR -- ')
    assert [term.text for term in terms] == ["coder", "release of information", "ctr"]
    assert terms[1].forms == (("release", "of", "information"),)
    assert ("ods", "c") in terms[2].forms and ("certified", "tumor", "registrar") in terms[2].forms
    assert fulltext.keyword_terms("") == [] and fulltext.keyword_terms('" , "') == []
    assert len(fulltext.keyword_terms(" ".join(f"w{n}" for n in range(30)))) == 10


def test_python_words_are_exactly_what_fts5_indexes():
    """Every character of the Basic Multilingual Plane, as FTS5 sees it inside a word.

    PostgreSQL indexes fulltext.words(); SQLite indexes what FTS5 makes of the same text.
    """
    samples = [
        f"ab{chr(cp)}cd {chr(cp)}x" for cp in range(1, 0x10000) if not 0xD800 <= cp <= 0xDFFF
    ] + ["Café CCS-P ODS‑C® İstanbul straße ﬁle 𝐀bc 😀x", "TAB\there—dash’quote"]
    fulltext.words("".join(samples))  # learn every character at once, not one probe each
    connection = sqlite3.connect(":memory:")
    connection.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='{fulltext.TOKENIZER}')")
    connection.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    connection.executemany("INSERT INTO t (rowid, x) VALUES (?, ?)", enumerate(samples, 1))
    indexed: dict[int, list[str]] = {}
    for doc, term in connection.execute("SELECT doc, term FROM v ORDER BY doc, offset"):
        indexed.setdefault(doc, []).append(term)
    differ = [
        (hex(ord(text[2])), unicodedata.name(text[2], "?"))
        for doc, text in enumerate(samples, 1)
        if fulltext.words(text) != indexed.get(doc, [])
    ]
    assert differ == []
    # Folded words fold to themselves: a query written with them finds the same words.
    assert all(fulltext.words(" ".join(words)) == words for words in indexed.values())
