import duckdb
import pytest

from idstitch.evaluate import scores


def _score(assignments, truth):
    con = duckdb.connect()
    con.execute("create table assignments (record_key varchar, customer_id varchar)")
    con.execute("create table truth (record_key varchar, person_id varchar)")
    con.executemany("insert into assignments values (?, ?)", assignments)
    con.executemany("insert into truth values (?, ?)", truth)
    return scores(con)


def test_perfect_clustering_scores_one():
    truth = [("r1", "p1"), ("r2", "p1"), ("r3", "p2")]
    result = _score([("r1", "c1"), ("r2", "c1"), ("r3", "c2")], truth)
    assert result["pairwise"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert result["bcubed"]["f1"] == 1.0


def test_one_false_merge_and_one_missed_link():
    # p1 = {r1, r2, r3}, p2 = {r4}; predicted c1 = {r1, r2, r4}, c2 = {r3}
    truth = [("r1", "p1"), ("r2", "p1"), ("r3", "p1"), ("r4", "p2")]
    result = _score([("r1", "c1"), ("r2", "c1"), ("r4", "c1"), ("r3", "c2")], truth)
    # predicted pairs: 3 (r1r2, r1r4, r2r4), correct: 1 (r1r2); true pairs: 3
    assert result["pairwise"]["precision"] == pytest.approx(1 / 3, abs=1e-5)
    assert result["pairwise"]["recall"] == pytest.approx(1 / 3, abs=1e-5)
    # b-cubed precision: r1 2/3, r2 2/3, r4 1/3, r3 1 -> 8/12
    assert result["bcubed"]["precision"] == pytest.approx(8 / 12, abs=1e-5)
    # b-cubed recall: r1 2/3, r2 2/3, r3 1/3, r4 1 -> 8/12
    assert result["bcubed"]["recall"] == pytest.approx(8 / 12, abs=1e-5)


def test_all_singletons_have_perfect_precision_zero_recall():
    truth = [("r1", "p1"), ("r2", "p1")]
    result = _score([("r1", "c1"), ("r2", "c2")], truth)
    assert result["pairwise"]["precision"] == 1.0
    assert result["pairwise"]["recall"] == 0.0


def test_records_missing_from_truth_are_an_error():
    with pytest.raises(ValueError, match="not in the truth"):
        _score([("r1", "c1"), ("zz", "c1")], [("r1", "p1")])
