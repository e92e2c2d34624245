"""Every var is validated when the project compiles (macros/graph/validate_config.sql), and
each error names the var (or the idstitch__sources entry and its staging model), what reads
it and the allowed values (issue 17).

Problems found in the vars are listed together in one error, so most kinds are checked on
the output of one `dbt parse` with many bad vars at once (parsing renders every model: no
warehouse needed); the staging-column check runs only when executing, against a built
warehouse (`dbt compile --select int_identity__records`)."""

from __future__ import annotations

import pytest
from conftest import WORKER_A, run_dbt, vars_arg

pytestmark = WORKER_A

# one bad value per kind of rule; the demo's other vars stay as they are
BAD_VARS = {
    "idstitch__max_clustering_rounds": 30,
    "idstitch__match_threshold": 0.9,
    "idstitch__match_review_threshold": 0.95,
    "idstitch__identifier_types": {
        "shop_customer_id": {"confidence": 1.0, "shareable": False},
        "email": {"confidnce": 1.0, "shareable": "family"},
        "loyalty_id": {"confidence": 1.0, "shareable": "ture"},
        "phone": {"confidence": 95, "shareable": True},
        "device_id": {"confidence": 0.9, "shareable": True},
        "address": {"confidence": 0.8, "shareable": True},
    },
    "idstitch__max_id_churn_share": 5,
    "idstitch__max_records_per_value": "1,000",
    "idstitch__expose_pii": "yes",
    "idstitch__m_probabilities_from": "splink",
    "idstitch__earliest_record_time": "1970-02-30",
    "idstitch__cannot_link_levels": {"birth_date": ["els"]},
}


def problems_of(proc) -> list[str]:
    """The lines of the validation error, one per problem."""
    return [line.strip()[2:] for line in proc.stdout.splitlines() if line.strip().startswith("- idstitch__")]


@pytest.fixture(scope="module")
def parse_with_bad_vars(duckdb_env, tmp_path_factory):
    env = dict(duckdb_env)
    env["DBT_TARGET_PATH"] = str(tmp_path_factory.mktemp("config-validation") / "target")
    proc = run_dbt(["parse", *vars_arg(BAD_VARS)], env, check=False)
    assert proc.returncode != 0, proc.stdout[-3000:]
    assert "problems:" in proc.stdout, proc.stdout[-3000:]
    return problems_of(proc)


def the_problem(problems: list[str], start: str) -> str:
    found = [problem for problem in problems if problem.startswith(start)]
    assert len(found) == 1, f"no single problem starting {start!r} in:\n" + "\n".join(problems)
    return found[0]


def test_threshold_given_as_a_percentage_fails(duckdb_env, tmp_path):
    # 99 (meaning 99%) once switched probabilistic matching off silently: no probability reaches it
    env = dict(duckdb_env)
    env["DBT_TARGET_PATH"] = str(tmp_path / "target")
    proc = run_dbt(["parse", *vars_arg({"idstitch__match_threshold": 99})], env, check=False)
    assert proc.returncode != 0
    problem = the_problem(problems_of(proc), "idstitch__match_threshold must be a number in (0, 1], not 99")
    assert "0.99 for 99%" in problem and "int_identity__edges" in problem


def test_share_out_of_range_fails(parse_with_bad_vars):
    problem = the_problem(parse_with_bad_vars, "idstitch__max_id_churn_share")
    assert "must be a number in [0, 1], not 5" in problem
    assert "assert_id_churn_below_threshold" in problem


def test_review_threshold_above_match_threshold_fails(parse_with_bad_vars):
    problem = the_problem(parse_with_bad_vars, "idstitch__match_review_threshold (0.95) must be at most")
    assert "idstitch__match_threshold (0.9)" in problem and "int_identity__match_review" in problem


def test_identifier_type_declaration_typos_name_the_type(parse_with_bad_vars):
    unknown = the_problem(parse_with_bad_vars, "idstitch__identifier_types.email: unknown key 'confidnce'")
    assert "(keys: confidence, shareable, format)" in unknown
    shareable = the_problem(parse_with_bad_vars, "idstitch__identifier_types.loyalty_id.shareable")
    assert "true" in shareable and "family" in shareable and "not ture" in shareable
    confidence = the_problem(parse_with_bad_vars, "idstitch__identifier_types.phone.confidence")
    assert "in (0, 1], not 95" in confidence
    # the declaration is blamed, not a source that uses the type
    assert not any(problem.startswith("idstitch__sources") for problem in parse_with_bad_vars)


def test_renamed_var_fails_naming_its_new_name(parse_with_bad_vars):
    problem = the_problem(parse_with_bad_vars, "idstitch__max_clustering_rounds was renamed")
    assert "idstitch__max_clustering_passes" in problem


def test_whole_number_boolean_choice_and_date_vars_are_checked(parse_with_bad_vars):
    assert "a whole number >= 1, not 1,000" in the_problem(
        parse_with_bad_vars, "idstitch__max_records_per_value"
    )
    assert "true or false" in the_problem(parse_with_bad_vars, "idstitch__expose_pii")
    assert "deterministic_links, em, not splink" in the_problem(
        parse_with_bad_vars, "idstitch__m_probabilities_from"
    )
    assert "not 1970-02-30" in the_problem(parse_with_bad_vars, "idstitch__earliest_record_time")


def test_cannot_link_level_must_be_a_level_of_its_comparison(parse_with_bad_vars):
    problem = the_problem(parse_with_bad_vars, "idstitch__cannot_link_levels.birth_date: no level 'els'")
    assert "exact, partial_date, else" in problem and "int_identity__never_links" in problem


def compile_records_failing(env: dict[str, str], sources: list[dict]) -> list[str]:
    """Compile int_identity__records on a built demo with these idstitch__sources (and no
    activity: the demo's names sources the list leaves out); it must fail: its problems."""
    proc = run_dbt(
        ["compile", "--select", "int_identity__records",
         *vars_arg({"idstitch__sources": sources, "idstitch__transaction_sources": [],
                    "idstitch__event_sources": []})],
        env,
        check=False,
    )
    assert proc.returncode != 0
    return problems_of(proc)


def test_source_column_missing_from_its_staging_model_fails(scratch):
    """At execution, every column a sources entry names is looked up in its built staging
    model: a typo fails naming the entry, the model, where the column is named and the
    model's columns, instead of failing inside the compiled union."""
    sources = [
        {
            "source": "ecommerce",
            "model": "stg_ecommerce__customers",
            "record_id": "customer_id",
            "created_at": "created_at",
            "updated_at": "updated_at",
            "identifiers": [{"type": "email", "column": "emial", "issue_column": "email_issue"}],
            "attributes": {"last_name": "LAST_NAME", "city": "town"},
        }
    ]
    problems = compile_records_failing(scratch, sources)
    email = the_problem(
        problems, "idstitch__sources entry 'ecommerce' (model stg_ecommerce__customers): column 'emial'"
    )
    assert "(identifiers[0].column) is not a column of stg_ecommerce__customers" in email
    assert "its columns are: " in email and "email_issue" in email
    the_problem(
        problems,
        "idstitch__sources entry 'ecommerce' (model stg_ecommerce__customers): "
        "column 'town' (attributes.city)",
    )
    # compared case-insensitively: LAST_NAME is last_name
    assert len(problems) == 2, problems


def test_deleted_flag_must_be_a_boolean_column(scratch):
    """A soft-delete flag that is a timestamp (the app's deleted_at itself) fails by name at
    execution, instead of inside every reader of the source."""
    sources = [{"source": "mobile_app", "model": "stg_mobile_app__users",
                "record_id": "app_user_id", "created_at": "created_at",
                "deleted_flag": "deleted_at",
                "identifiers": [{"type": "email", "column": "email"}]}]
    problem = the_problem(compile_records_failing(scratch, sources),
                          "idstitch__sources entry 'mobile_app' (model stg_mobile_app__users): "
                          "deleted_flag column 'deleted_at' must be a boolean")
    assert "is_deleted" in problem
