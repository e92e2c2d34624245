"""The `idstitch` command: generate data, evaluate the marts, summarise a run."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from idstitch import evaluate, generate, warehouse


def _noise(value: str) -> float:
    if value in generate.NOISE_LEVELS:
        return generate.NOISE_LEVELS[value]
    try:
        return float(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"noise must be one of {sorted(generate.NOISE_LEVELS)} or a number") from exc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="idstitch", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="write the six demo sources and a truth file")
    gen.add_argument("--persons", type=int, default=2000)
    gen.add_argument("--seed", type=int, default=42)
    gen.add_argument("--noise", type=_noise, default=1.0, help="low|medium|high or a number")
    gen.add_argument("--out", type=Path, required=True)

    ev = sub.add_parser("evaluate", help="score the built marts against the truth file")
    ev.add_argument("--truth", type=Path, default=warehouse.DEMO_TRUTH)
    ev.add_argument("--duckdb", type=Path, default=None, help="DuckDB file (default: env/var)")

    sm = sub.add_parser("summary", help="print the latest run's figures from the marts")
    sm.add_argument("--duckdb", type=Path, default=None)

    args = parser.parse_args(argv)
    if args.command == "generate":
        if args.persons < 1:
            parser.error("--persons must be at least 1")
        started = time.perf_counter()
        counts = generate.generate(args.persons, args.seed, args.out, args.noise)
        counts["seconds"] = round(time.perf_counter() - started, 2)
        print(json.dumps(counts, indent=2))
        return 0
    if args.command == "evaluate":
        with warehouse.connect(args.duckdb) as con:
            result = evaluate.evaluate(con, args.truth)
        print(json.dumps(result, indent=2))
        return 0
    if args.command == "summary":
        with warehouse.connect(args.duckdb) as con:
            print(warehouse.summary(con))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
