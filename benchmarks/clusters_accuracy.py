"""Cluster accuracy: precision and recall of same-job pairs, on two sets.

    python -m benchmarks.clusters_accuracy [--no-real] [--failures]

- generated: the evaluation set of benchmarks/cluster_eval/generated.py (known duplicates and
  known distinct-but-similar jobs), clustered from scratch in memory and, the same rows,
  through the store's writers one batch at a time on a SQLite file;
- real: the postings of the real captures (HITBOARD_CONFORMANCE_DIR) against the hand labels
  of benchmarks/cluster_eval/real_labels.csv.
Both must reach 95% precision and 95% recall; the command exits non-zero otherwise.
"""

import argparse
import sys

from benchmarks.cluster_eval.captures import capture_postings
from benchmarks.cluster_eval.scoring import PairScore, read_labels, score_pairs
from store.clusters.batch import cluster_rows

TARGET = 0.95


def real_score(show_failures: bool = False) -> PairScore:
    postings = capture_postings()
    labels = read_labels()
    missing = {name for left, right, _ in labels for name in (left, right)} - set(postings)
    if missing:
        raise SystemExit(f"labelled postings not found in the captures: {sorted(missing)[:5]}")
    names = sorted(postings)
    found = cluster_rows([postings[name] for name in names])
    same = {frozenset((left, right)) for left, right, label in labels if label == "same"}
    score = score_pairs(names, found.tolist(), same)
    if show_failures:
        cluster = dict(zip(names, found.tolist(), strict=True))
        for pair in sorted(same, key=sorted):
            left, right = sorted(pair)
            if cluster[left] != cluster[right]:
                print(f"  missed: {left}  ~  {right}")
        by_label: dict[int, list[str]] = {}
        for name, label in cluster.items():
            by_label.setdefault(label, []).append(name)
        for group in by_label.values():
            if len(group) > 1 and not all(
                frozenset((a, b)) in same for a in group for b in group if a < b
            ):
                print(f"  joined: {sorted(group)}")
    return score


def _row(name: str, score: PairScore) -> str:
    return (
        f"| {name:<34} | {score.precision:>9.1%} | {score.recall:>6.1%} | "
        f"{score.true:>10,} | {score.predicted:>15,} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-real", action="store_true", help="skip the real captures")
    parser.add_argument("--no-generated", action="store_true", help="skip the generated set")
    parser.add_argument("--failures", action="store_true", help="list the pairs it got wrong")
    args = parser.parse_args()

    results: list[tuple[str, PairScore]] = []
    if not args.no_generated:
        from benchmarks.cluster_eval.generated import generated_scores

        results.extend(generated_scores(show_failures=args.failures))
    if not args.no_real:
        results.append(("real captures, hand-labelled pairs", real_score(args.failures)))
    print(f"| {'set':<34} | precision | recall | true pairs | predicted pairs |")
    print(f"|{'-' * 36}|{'-' * 11}|{'-' * 8}|{'-' * 12}|{'-' * 17}|")
    for name, score in results:
        print(_row(name, score))
    short = [n for n, s in results if s.precision < TARGET or s.recall < TARGET]
    if short:
        print(f"below {TARGET:.0%}: {', '.join(short)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
