"""benchmarks.synthetic.bulk_load fills a store as crawls would for the matcher."""

import sqlite3

from benchmarks.synthetic import bulk_load, synthetic_postings


def test_bulk_load_keeps_descriptions_where_the_matcher_reads_them(tmp_path):
    rows = synthetic_postings(300, seed=3).rows
    path = tmp_path / "store.db"
    bulk_load(f"sqlite:///{path}", rows)
    with sqlite3.connect(path) as connection:
        texts = dict(
            connection.execute(
                "SELECT p.external_id, t.description_text FROM postings p"
                " JOIN posting_texts t ON t.posting_id = p.id"
            )
        )
        signed = connection.execute(
            "SELECT count(*) FROM posting_matches WHERE shingles > 0"
        ).fetchone()[0]
    assert texts == {str(row["external_id"]): row["description_text"] for row in rows}
    assert signed == len(rows)  # every description signed by rebuild_clusters
