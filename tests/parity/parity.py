#!/usr/bin/env python3
"""Parity test: every metric with a DuckDB twin (crates/engine/sql/<metric id>.sql) must give
the engine's value on the same data, range and settings.

    python3 -m venv .venv && .venv/bin/pip install -r tests/parity/requirements.txt
    .venv/bin/python tests/parity/parity.py [--data DIR] [--sizes 2000 sample:10000 ...] [--release]

Without --data, runs `cargo run -p jornada-engine --example parity -- OUT SIZES...`, which
writes one directory per case (data size x settings variant) holding the canonical export
(`*.csv`, `load.sql`), the twins as `jornada sql` prints them (`twins/`) and the engine's values (`engine.json`: per range, metric id -> value;
and the metrics the engine found unavailable). Each case is loaded into a fresh in-memory
DuckDB; each twin runs once per range with `range_start`/`range_end` set as variables.

Detail twins (crates/engine/sql/details/<metric id>.sql) return rows (key, value): each
range's rows must be exactly the engine's `facts` for that metric (same keys, equal values).

Data-driven: every `*.sql` file in crates/engine/sql is a twin. A twin whose metric the
engine reports unavailable for a case is skipped (and counted); a twin with no metric in the
engine at all fails. Equality: relative tolerance 1e-9 (absolute 1e-9 near zero); NULL
equals only NULL. Prints `N passed, N failed` and exits non-zero on any failure.
"""

import argparse
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
SQL_DIR = ROOT / "crates" / "engine" / "sql"
ONLY = []  # metric id prefixes (--only)
REL_TOL = 1e-9
ABS_TOL = 1e-9


def twins(data):
    """(metric id, sql text) for every twin file, sorted by id: the text as `jornada sql`
    prints it (shared views of sql/common spliced in), written by the case writer to
    DATA/twins. None as the text when the writer did not write that twin."""
    out = []
    for path in sorted(SQL_DIR.glob("*.sql")):
        spliced = data / "twins" / path.name
        out.append((path.stem, spliced.read_text(encoding="utf-8") if spliced.exists() else None))
    return out


def drop_temp_views(con):
    """A twin must create every shared view and macro it reads: none may leak from the twin
    before."""
    for (name,) in con.execute("SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal").fetchall():
        con.execute(f'DROP VIEW IF EXISTS "{name}"')
    macros = "SELECT DISTINCT function_name FROM duckdb_functions() WHERE database_name = 'temp' AND function_type IN ('macro', 'table_macro')"
    for (name,) in con.execute(macros).fetchall():
        con.execute(f'DROP MACRO IF EXISTS "{name}"')


def generate(out_dir, sizes, release):
    cmd = ["cargo", "run", "-q", "-p", "jornada-engine", "--example", "parity"]
    if release:
        cmd.insert(2, "--release")
    cmd += ["--", str(out_dir)] + [str(s) for s in sizes]
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True)


def same(engine, duck):
    if engine is None or duck is None:
        return engine is None and duck is None
    if math.isnan(engine) or math.isnan(duck):
        return False
    diff = abs(engine - duck)
    return diff <= ABS_TOL or diff <= REL_TOL * max(abs(engine), abs(duck))


def run_case(case_dir, all_twins, stats):
    engine = json.loads((case_dir / "engine.json").read_text(encoding="utf-8"))
    unavailable = engine.get("unavailable", {})
    known = set(unavailable)
    for r in engine["ranges"]:
        known.update(r["values"])
    con = duckdb.connect()
    cwd = os.getcwd()
    os.chdir(case_dir)
    try:
        con.execute((case_dir / "load.sql").read_text(encoding="utf-8"))
    finally:
        os.chdir(cwd)
    # The query's granularity (the pooled retention figures cut the range into its periods).
    con.execute(f"SET VARIABLE granularity = '{engine.get('granularity', 'month')}'")
    # Settings the twins read as variables (text lists only, e.g. core_actions).
    for name, value in engine.get("variables", {}).items():
        items = ", ".join("'" + str(v).replace("'", "''") + "'" for v in value)
        con.execute(f"SET VARIABLE {name} = [{items}]::VARCHAR[]")
    for metric_id, sql in all_twins:
        if sql is None:
            stats["failed"] += 1
            print(f"FAIL {case_dir.name} {metric_id}: no spliced twin in {case_dir.parent / 'twins'}")
            continue
        if metric_id not in known:
            stats["failed"] += 1
            print(f"FAIL {case_dir.name} {metric_id}: a twin with no engine metric of that id")
            continue
        if metric_id in unavailable:
            stats["skipped"] += 1
            continue
        for r in engine["ranges"]:
            con.execute(f"SET VARIABLE range_start = TIMESTAMP '{r['start']}'")
            con.execute(f"SET VARIABLE range_end = TIMESTAMP '{r['end']}'")
            want = r["values"].get(metric_id)
            try:
                drop_temp_views(con)
                rel = con.execute(sql)
                names = [d[0] for d in rel.description]
                row = rel.fetchone()
                got = None if row is None else row[names.index("value")]
                got = None if got is None else float(got)
            except Exception as e:  # a broken twin is a failure, reported with its error
                stats["failed"] += 1
                print(f"FAIL {case_dir.name} {metric_id} [{r['label']}]: DuckDB error: {e}")
                continue
            if same(want, got):
                stats["passed"] += 1
            else:
                stats["failed"] += 1
                print(f"FAIL {case_dir.name} {metric_id} [{r['label']}]: engine {want!r} duckdb {got!r}")
    run_channels(case_dir, engine, all_twins, con, stats)
    run_details(case_dir, engine, con, stats)


def run_details(case_dir, engine, con, stats):
    """Each detail twin, per range: its (key, value) rows against the engine's facts."""
    facts = engine.get("facts", {})
    for path in sorted((SQL_DIR / "details").glob("*.sql")):
        metric_id = path.stem
        if ONLY and not any(metric_id.startswith(p) for p in ONLY):
            continue
        spliced = case_dir.parent / "twins" / "details" / path.name
        if not spliced.exists():
            stats["failed"] += 1
            print(f"FAIL {case_dir.name} {metric_id} (details): no spliced twin")
            continue
        sql = spliced.read_text(encoding="utf-8")
        if metric_id in engine.get("unavailable", {}):
            stats["skipped"] += 1
            continue
        for r in engine["ranges"]:
            want = facts.get(r["label"], {}).get(metric_id)
            if want is None:
                continue
            con.execute(f"SET VARIABLE range_start = TIMESTAMP '{r['start']}'")
            con.execute(f"SET VARIABLE range_end = TIMESTAMP '{r['end']}'")
            try:
                drop_temp_views(con)
                got = {k: (None if v is None else float(v)) for k, v in con.execute(sql).fetchall()}
            except Exception as e:
                stats["failed"] += 1
                print(f"FAIL {case_dir.name} {metric_id} (details) [{r['label']}]: DuckDB error: {e}")
                continue
            bad = [k for k in sorted(set(want) | set(got))
                   if k not in want or k not in got or not same(want[k], got[k])]
            if bad:
                stats["failed"] += 1
                shown = ", ".join(f"{k}: engine {want.get(k, 'missing')!r} duckdb {got.get(k, 'missing')!r}" for k in bad[:5])
                print(f"FAIL {case_dir.name} {metric_id} (details) [{r['label']}]: {len(bad)} of {len(want)} differ: {shown}")
            else:
                stats["passed"] += 1


def run_channels(case_dir, engine, all_twins, con, stats):
    """Per-channel figures: for each metric in engine.json's `channel`, its twin run over the
    whole range with the variable `channel` set to each key the engine lists must give the
    engine's value; where the engine offers no breakdown by channel (null), the twin must give
    NULL for every channel of the spend."""
    full = next((r for r in engine["ranges"] if r["label"] == "all"), None)
    if full is None:
        return
    twins_by_id = dict(all_twins)
    con.execute(f"SET VARIABLE range_start = TIMESTAMP '{full['start']}'")
    con.execute(f"SET VARIABLE range_end = TIMESTAMP '{full['end']}'")
    spend_channels = [c for (c,) in con.execute(
        "SELECT DISTINCT channel FROM marketing_spend WHERE channel IS NOT NULL ORDER BY 1").fetchall()]
    for metric_id, rows in engine.get("channel", {}).items():
        sql = twins_by_id.get(metric_id)
        if sql is None or metric_id in engine.get("unavailable", {}):
            continue
        expected = rows if rows is not None else {c: None for c in spend_channels}
        for key, want in expected.items():
            con.execute("SET VARIABLE channel = '" + str(key).replace("'", "''") + "'")
            try:
                drop_temp_views(con)
                rel = con.execute(sql)
                names = [d[0] for d in rel.description]
                row = rel.fetchone()
                got = None if row is None or row[names.index("value")] is None else float(row[names.index("value")])
            except Exception as e:
                stats["failed"] += 1
                print(f"FAIL {case_dir.name} {metric_id} [channel={key}]: DuckDB error: {e}")
                continue
            if same(want, got):
                stats["passed"] += 1
            else:
                stats["failed"] += 1
                what = "no per-channel figure in the engine" if rows is None else "per channel"
                print(f"FAIL {case_dir.name} {metric_id} [channel={key}, {what}]: engine {want!r} duckdb {got!r}")
    con.execute("RESET VARIABLE channel")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, help="cases already written (skip cargo)")
    ap.add_argument("--out", type=Path, default=ROOT / "target" / "parity", help="where cargo writes the cases")
    ap.add_argument("--sizes", nargs="*", default=["2000", "30000", "sample:10000", "sample:100000"])
    ap.add_argument("--release", action="store_true", help="build the case writer in release mode")
    ap.add_argument("--only", nargs="*", default=[], help="metric id prefixes to check (default: every twin)")
    args = ap.parse_args()
    data = args.data
    if data is None:
        generate(args.out, args.sizes, args.release)
        data = args.out
    cases = sorted(p for p in data.iterdir() if (p / "engine.json").exists())
    if not cases:
        print(f"no cases (engine.json) under {data}")
        return 1
    ONLY[:] = args.only
    all_twins = [t for t in twins(data) if not args.only or any(t[0].startswith(p) for p in args.only)]
    stats = {"passed": 0, "failed": 0, "skipped": 0}
    for case_dir in cases:
        run_case(case_dir, all_twins, stats)
    print(
        f"{stats['passed']} passed, {stats['failed']} failed "
        f"({len(all_twins)} twins x {len(cases)} cases; {stats['skipped']} twin-cases skipped: metric unavailable)"
    )
    return 1 if stats["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
