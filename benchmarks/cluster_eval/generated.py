"""The generated evaluation set: known duplicates beside known distinct-but-similar jobs.

Each scenario makes jobs with benchmarks.synthetic's Maker and publishes them the way
sources do; a row's job number is the truth. Scenarios:
- four kinds: one job on its employer's system, its career page (title reordered, brand
  with campus), an aggregator (snippet, "- Remote", "Inc.") and a job feed: one job;
- sibling hospitals: one title at two hospitals of one system, same state and pay: two jobs;
- two shifts: one employer, title and city, day and night (in the title, or in the text
  only): two jobs;
- agency reposts: an employer's job and one or two staffing agencies' copies (client named
  or not): one job; the agency's other jobs like it are others;
- boilerplate: one employer's template text for jobs of another title or level: two jobs;
- reposts: the same job back under a new id on the same board after the first closed: one;
- background: single postings of everything else.
"""

import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from benchmarks.cluster_eval.scoring import PairScore, score_groups
from benchmarks.synthetic import NOW, Employer, Maker
from store.clusters.batch import cluster_rows

SEED = 20261202
FIRST_SEEN = NOW - timedelta(days=30)
CLOSED = NOW - timedelta(days=20)
REPOSTED = NOW - timedelta(days=10)


@dataclass
class EvaluationSet:
    rows: list[dict] = field(default_factory=list)
    job_of: list[int] = field(default_factory=list)
    listed: list[tuple[datetime, datetime | None]] = field(default_factory=list)
    scenario: list[str] = field(default_factory=list)

    def add(self, row: dict, job: int, scenario: str, *, first=FIRST_SEEN, closed=None) -> None:
        self.rows.append(row)
        self.job_of.append(job)
        self.listed.append((first, closed))
        self.scenario.append(scenario)


def evaluation_set(seed: int = SEED, *, scale: int = 1) -> EvaluationSet:
    maker = Maker(seed, employers=120)
    rng = maker.rng
    made = EvaluationSet()

    for _ in range(150 * scale):
        job = maker.job()
        for copy in (maker.own, maker.career_page, maker.aggregator, maker.feed):
            made.add(copy(job), job.number, "four kinds")

    for _ in range(40 * scale):
        base = rng.choice(maker.employers)
        first = base.name.split()[0]
        hospitals = [
            Employer(f"{first} {saint} Hospital", base.kind, base.states, base.blurb,
                     base.benefits, base.duty_tails)
            for saint in rng.sample(("St. Luke", "Mercy", "Good Shepherd", "Sacred Heart"), 2)
        ]  # fmt: skip
        state = base.states[0]
        cities = [city for city, _zip in _cities(state)]
        twin = maker.job(hospitals[0], state=state, city=cities[0], remote="onsite")
        other = maker.job(
            hospitals[1], role=twin.role, title=twin.title, state=state,
            city=cities[-1], remote="onsite", pay=twin.pay,
        )  # fmt: skip
        for job in (twin, other):
            made.add(maker.own(job), job.number, "sibling hospitals")
            made.add(maker.aggregator(job), job.number, "sibling hospitals")

    for k in range(40 * scale):
        day = maker.job(shift="Day", remote="onsite")
        night = maker.job(
            day.employer, role=day.role, title=day.title, state=day.state, city=day.city,
            remote="onsite", pay=day.pay, shift="Night",
        )  # fmt: skip
        in_text_only = k % 2 == 1
        for job in (day, night):
            for copy in (maker.own, maker.feed):
                row = copy(job)
                if in_text_only:
                    row["title"] = job.title
                made.add(row, job.number, "two shifts")

    for k in range(60 * scale):
        job = maker.job()
        made.add(maker.own(job), job.number, "agency reposts")
        made.add(maker.agency(job, name_client=k % 2 == 0), job.number, "agency reposts")
        if k % 3 == 0:
            made.add(maker.agency(job, name_client=False), job.number, "agency reposts")
        # The agency's copy of another employer's job with the same title: another job.
        other = maker.job(role=job.role, title=job.title)
        made.add(maker.own(other), other.number, "agency reposts")
        made.add(maker.agency(other), other.number, "agency reposts")

    for k in range(40 * scale):
        first = maker.job(remote="onsite")
        if k % 2 == 0:
            role = rng.choice([r for r in ("roi", "hit", "records_clerk") if r != first.role])
            second = maker.job(
                first.employer, role=role, state=first.state, city=first.city, remote="onsite"
            )
        else:
            second = maker.job(
                first.employer, role=first.role, title=_other_level(first.title),
                state=first.state, city=first.city, remote="onsite",
            )  # fmt: skip
        second.description = first.description.replace(first.title, second.title)
        for job in (first, second):
            made.add(maker.own(job), job.number, "boilerplate")
            made.add(maker.aggregator(job), job.number, "boilerplate")

    for _ in range(40 * scale):
        job = maker.job()
        made.add(maker.own(job), job.number, "reposts", closed=CLOSED)
        made.add(maker.own(job, id_suffix="-R"), job.number, "reposts", first=REPOSTED)

    for _ in range(800 * scale):
        job = maker.job()
        made.add(maker.own(job), job.number, "background")
    return made


def _cities(state: str):
    from demo.places import CITIES

    cities = CITIES[state]
    return cities if len(cities) > 1 else CITIES["OH"]


def _other_level(title: str) -> str:
    for one, other in ((" III", " II"), (" II", " I"), (" I", " II")):
        if title.endswith(one):
            return title[: -len(one)] + other
    return f"Senior {title}"


# -- scoring ------------------------------------------------------------------------------


def from_scratch(made: EvaluationSet) -> list[int]:
    return cluster_rows(made.rows, listed=made.listed).tolist()


def through_the_store(made: EvaluationSet, batch: int = 200) -> list[int]:
    """The rows crawled into a SQLite store through its writers, in batches, in the order
    they were listed; the originals of reposts closed before their reposts arrive."""
    from sqlalchemy import update

    from store.db import dispose_engine, init_db, session_scope
    from store.models import Posting
    from store.postings import upsert_postings

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'evaluation.db'}"
        engine = init_db(url)
        waves = sorted({first for first, _closed in made.listed})
        for wave in waves:
            rows = [
                r for r, (first, _c) in zip(made.rows, made.listed, strict=True) if first == wave
            ]
            for start in range(0, len(rows), batch):
                with session_scope(engine) as session:
                    upsert_postings(
                        session=session, records=rows[start : start + batch], seen_at=wave,
                        run_id=None,
                    )  # fmt: skip
            with session_scope(engine) as session:
                for row, (_first, closed) in zip(made.rows, made.listed, strict=True):
                    if closed and closed <= waves[-1] and wave == waves[0]:
                        session.exec(
                            update(Posting)
                            .where(
                                Posting.source == row["source"],
                                Posting.external_id == row["external_id"],
                            )
                            .values(closed_at=closed)
                        )
        with session_scope(engine, readonly=True) as session:
            from sqlmodel import select

            found = {
                (p.source, p.external_id): p.cluster_id for p in session.exec(select(Posting)).all()
            }
        dispose_engine(url)
    names: dict[str, int] = {}
    return [
        names.setdefault(found[(row["source"], str(row["external_id"]))], len(names))
        for row in made.rows
    ]


def generated_scores(show_failures: bool = False) -> list[tuple[str, PairScore]]:
    made = evaluation_set()
    scratch = from_scratch(made)
    stored = through_the_store(made)
    if show_failures:
        _show(made, scratch)
    return [
        ("generated, from scratch", score_groups(scratch, made.job_of)),
        ("generated, through the store", score_groups(stored, made.job_of)),
        *(
            (f"  {name}", score_groups([scratch[i] for i in idx], [made.job_of[i] for i in idx]))
            for name in dict.fromkeys(made.scenario)
            if (idx := [i for i, s in enumerate(made.scenario) if s == name])
        ),
    ]


def _show(made: EvaluationSet, labels: list[int]) -> None:
    from itertools import combinations

    def describe(i: int) -> str:
        row = made.rows[i]
        return f"{row['source_kind']}: {row['title']!r} at {row['company']!r} {row['city']}"

    for a, b in combinations(range(len(labels)), 2):
        same_job, same_cluster = made.job_of[a] == made.job_of[b], labels[a] == labels[b]
        if same_job != same_cluster:
            kind = "missed" if same_job else "joined"
            print(f"  {kind} [{made.scenario[a]}] {describe(a)}  ~  {describe(b)}")
