"""The `idstitch` command: generate data, evaluate the marts, summarise a run."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from idstitch import (
    benchmark,
    evaluate,
    generate,
    increment,
    junk_trial,
    phone,
    postgres,
    scale,
    transliteration,
    warehouse,
)


def _noise(value: str) -> float:
    if value in generate.NOISE_LEVELS:
        return generate.NOISE_LEVELS[value]
    try:
        return float(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"noise must be one of {sorted(generate.NOISE_LEVELS)} or a number") from exc


def _corruptions(value: str) -> dict[str, float]:
    try:
        return generate.parse_corruptions(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


CORRUPTIONS_HELP = ("record corruptions on top of the noise: " + "|".join(generate.CORRUPTION_PRESETS)
                    + " or name=rate,... (" + ", ".join(generate.CORRUPTIONS) + ")")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="idstitch", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="write the six demo sources and a truth file")
    gen.add_argument("--persons", type=int, default=2000)
    gen.add_argument("--seed", type=int, default=42)
    gen.add_argument("--noise", type=_noise, default=1.0, help="low|medium|high or a number")
    gen.add_argument("--corruptions", type=_corruptions, default={}, help=CORRUPTIONS_HELP)
    gen.add_argument("--out", type=Path, required=True)

    ev = sub.add_parser("evaluate", help="score the built marts against the truth file")
    ev.add_argument("--truth", type=Path, default=warehouse.DEMO_TRUTH)
    sm = sub.add_parser("summary", help="print the latest run's figures")
    for cmd in (ev, sm):
        cmd.add_argument("--target", choices=["duckdb", "postgres"], default=None,
                         help="default: $IDSTITCH_TARGET or duckdb")
        cmd.add_argument("--duckdb", type=Path, default=None,
                         help="DuckDB file (default: $IDSTITCH_DUCKDB_PATH or warehouse.duckdb)")

    ld = sub.add_parser("load", help="replace the raw source tables with generated CSV files")
    ld.add_argument("--source-dir", type=Path, required=True, help="output of `generate`")
    ld.add_argument("--target", choices=["duckdb", "postgres"], default=None)
    ld.add_argument("--duckdb", type=Path, default=None)

    sub.add_parser("postgres-up", help="start the local PostgreSQL and create role and database")
    sub.add_parser("transliteration-seed", help="regenerate seeds/config/transliteration.csv "
                   "from the anyascii package (the idstitch.transliterate macro's table)")
    sub.add_parser("phone-seeds", help="regenerate seeds/config/phone_regions.csv and "
                   "phone_calling_codes.csv from the phonenumbers package (libphonenumber's metadata)")

    bm = sub.add_parser("benchmark", help="time dbt build on generated data, per target")
    bm.add_argument("--persons", type=int, default=100000)
    bm.add_argument("--seed", type=int, default=1)
    bm.add_argument("--noise", type=_noise, default=1.0)
    bm.add_argument("--corruptions", type=_corruptions, default={}, help=CORRUPTIONS_HELP)
    bm.add_argument("--targets", default="duckdb,postgres")
    bm.add_argument("--work", type=Path, default=Path("/tmp/idstitch-bench"))
    bm.add_argument("--dbt-vars", default=None, help="YAML/JSON vars for dbt build, e.g. "
                    "'{idstitch__staging_materialization: view}'")

    sc = sub.add_parser("scale-benchmark", help="wall time and peak memory of dbt build per "
                        "stage at sizes in source records, growth exponents, components vs scipy")
    sc.add_argument("--records", default="1000000,3000000",
                    help="comma-separated sizes in source identity records")
    sc.add_argument("--seed", type=int, default=1)
    sc.add_argument("--work", type=Path, default=Path("/tmp/idstitch-scale"))
    sc.add_argument("--dbt-vars", default=None)

    inc = sub.add_parser("increment-benchmark", help="a full build, then a build after a delta of "
                         "new, changed and deleted records: both timed, from one run")
    inc.add_argument("--persons", type=int, default=1000000)
    inc.add_argument("--share", type=float, default=0.01,
                     help="share of every identity source's records in the delta (a third "
                          "each new, changed, deleted)")
    inc.add_argument("--seed", type=int, default=1)
    inc.add_argument("--work", type=Path, default=Path("/tmp/idstitch-increment"))
    inc.add_argument("--dbt-vars", default=None)

    cc = sub.add_parser("cc-benchmark", help="connected components, idstitch against scipy, on "
                        "synthetic graphs (random, chains of increasing keys)")
    cc.add_argument("--nodes", type=int, default=10000000)
    cc.add_argument("--shapes", default="random,chains")
    cc.add_argument("--keys", default="integer,text",
                    help="node keys to run each shape with: integer ids, text keys, or both")
    cc.add_argument("--work", type=Path, default=Path("/tmp/idstitch-cc"))

    jt = sub.add_parser("junk-trial", help="build the demo, add junk records sharing one email and "
                        "one phone, rebuild: print what moved (parameters, customers, precision)")
    jt.add_argument("--records", type=int, default=10000)
    jt.add_argument("--work", type=Path, default=Path("/tmp/idstitch-junk"))

    sp = sub.add_parser("splink-benchmark", help="idstitch and Splink on the same generated "
                        "records, side by side (needs `make splink-env`)")
    sp.add_argument("--persons", type=int, default=20000)
    sp.add_argument("--seed", type=int, default=1)
    sp.add_argument("--noise", type=_noise, default=1.0)
    sp.add_argument("--work", type=Path, default=Path("/tmp/idstitch-splink"))
    sp.add_argument("--splink-python", type=Path, default=benchmark.SPLINK_PYTHON,
                    help="a Python with splink installed (default: .venv-splink)")
    sp.add_argument("--dbt-vars", default=None)

    args = parser.parse_args(argv)
    if args.command == "generate":
        if args.persons < 1:
            parser.error("--persons must be at least 1")
        started = time.perf_counter()
        counts = generate.generate(args.persons, args.seed, args.out, args.noise, args.corruptions)
        counts["seconds"] = round(time.perf_counter() - started, 2)
        print(json.dumps(counts, indent=2))
        return 0
    if args.command == "evaluate":
        with warehouse.connect(args.target, args.duckdb) as con:
            result = evaluate.evaluate(con, args.truth)
        print(json.dumps(result, indent=2))
        return 0
    if args.command == "summary":
        with warehouse.connect(args.target, args.duckdb) as con:
            print(warehouse.summary(con))
        return 0
    if args.command == "postgres-up":
        try:
            settings = postgres.ensure_local_server()
        except RuntimeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"PostgreSQL ready at {settings.host}:{settings.port}, database {settings.database}, "
              f"user {settings.user}, schema {settings.schema}")
        hint = postgres.salt_hint()
        if hint:
            print(f"warning: {hint}", file=sys.stderr)
        return 0
    if args.command == "transliteration-seed":
        count = transliteration.write_seed()
        print(f"wrote {count} rows to {transliteration.SEED} ({transliteration.describe()})")
        return 0
    if args.command == "phone-seeds":
        regions, codes = phone.write_seeds()
        print(f"wrote {regions} regions to {phone.REGIONS_SEED} and {codes} calling codes to "
              f"{phone.CODES_SEED} ({phone.describe()})")
        return 0
    if args.command == "benchmark":
        targets = [t.strip() for t in args.targets.split(",") if t.strip()]
        benchmark.main(args.persons, args.seed, args.noise, targets, args.work, args.dbt_vars,
                       args.corruptions)
        return 0
    if args.command == "scale-benchmark":
        sizes = [int(float(x)) for x in args.records.split(",") if x.strip()]
        scale.main(sizes, args.seed, args.work, args.dbt_vars)
        return 0
    if args.command == "increment-benchmark":
        increment.main(args.persons, args.share, args.seed, args.work, args.dbt_vars)
        return 0
    if args.command == "cc-benchmark":
        scale.cc_benchmark(args.nodes, [s.strip() for s in args.shapes.split(",") if s.strip()],
                           args.work, tuple(k.strip() for k in args.keys.split(",") if k.strip()))
        return 0
    if args.command == "junk-trial":
        junk_trial.main(args.records, args.work)
        return 0
    if args.command == "splink-benchmark":
        benchmark.versus_splink(args.persons, args.seed, args.noise, args.work,
                                args.splink_python, args.dbt_vars)
        return 0
    if args.command == "load":
        counts = warehouse.load_raw(args.source_dir, args.target, args.duckdb)
        print(json.dumps(counts, indent=2))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
