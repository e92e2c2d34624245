"""Splink on the records idstitch matched: the baseline `idstitch splink-benchmark` compares
against. Runs in its own environment (Splink is not a dependency of this project):

    python splink_baseline.py --records records.parquet --out clusters.csv

The input is one row per record, as idstitch normalized it (int_identity__match_records plus
one column per identifier type), so both systems see the same values. The setup mirrors
idstitch's: the same blocking rules plus one per identifier, the same kinds of comparison
levels with term-frequency adjustment on names, u from ten million random pairs, m by EM
over the name, birth-date, email and phone blocks, m and u of account ids set by hand (see
ACCOUNT_IDS), the prior from the identifier matches, and the same 0.99 threshold.
Prints a JSON line with the wall time of training, prediction and clustering.
"""

from __future__ import annotations

import argparse
import json
import time

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

IDENTIFIERS = ["shop_customer_id", "loyalty_id", "device_id", "email", "phone"]
# Account ids are unique per person by construction: no EM session can learn their m (a POS
# card carries nothing else), and a million random pairs cannot measure a u near 1e-9. An
# expert sets them, as idstitch's deterministic keys do: agreement is near-proof.
ACCOUNT_IDS = ["shop_customer_id", "loyalty_id", "device_id"]
ACCOUNT_ID_M, ACCOUNT_ID_U = 0.99, 1e-7


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--threshold", type=float, default=0.99)
    args = parser.parse_args()

    con = duckdb.connect()
    df = con.sql(f"select * from read_parquet('{args.records}')")
    started = time.perf_counter()
    db_api = DuckDBAPI(connection=con)
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_key",
        blocking_rules_to_generate_predictions=[
            block_on("first_name_key", "last_name"),
            block_on("birth_date", "substr(first_name_key, 1, 1)"),
            block_on("birth_date", "substr(last_name, 1, 1)"),
            block_on("postcode", "last_name", "substr(first_name_key, 1, 1)"),
            *[block_on(column) for column in IDENTIFIERS],
        ],
        comparisons=[
            cl.JaroWinklerAtThresholds("first_name_key", [0.92, 0.8]).configure(
                term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("last_name", [0.92, 0.8]).configure(
                term_frequency_adjustments=True),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            cl.EmailComparison("email"),
            cl.LevenshteinAtThresholds("phone", [1]),
            cl.JaroWinklerAtThresholds("street", [0.9]),
            cl.ExactMatch("postcode"),
            cl.ExactMatch("shop_customer_id"),
            cl.ExactMatch("loyalty_id"),
            cl.ExactMatch("device_id"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(db_api.register(df), settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on(column) for column in ["shop_customer_id", "loyalty_id", "email"]],
        recall=0.8,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    for rule in [block_on("first_name_key", "last_name"), block_on("birth_date"),
                 block_on("email"), block_on("phone")]:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    model = linker.misc.save_model_to_json()
    for comparison in model["comparisons"]:
        if comparison["output_column_name"] in ACCOUNT_IDS:
            for level in comparison["comparison_levels"]:
                if level.get("is_null_level"):
                    continue
                exact = level["sql_condition"] != "ELSE"
                level["m_probability"] = ACCOUNT_ID_M if exact else 1 - ACCOUNT_ID_M
                level["u_probability"] = ACCOUNT_ID_U if exact else 1 - ACCOUNT_ID_U
    linker = Linker(db_api.register(df), model)
    trained = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=args.threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=args.threshold)
    clusters_table = clusters.as_duckdbpyrelation()
    clusters_table.select("record_key, cluster_id").write_csv(args.out)
    finished = time.perf_counter()
    print(json.dumps({"train_seconds": round(trained - started, 1),
                      "predict_cluster_seconds": round(finished - trained, 1),
                      "seconds": round(finished - started, 1)}))


if __name__ == "__main__":
    main()
