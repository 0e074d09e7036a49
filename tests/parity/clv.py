#!/usr/bin/env python3
"""Parity of loyalty.clv_predicted's fits with the Python package `lifetimes` 0.11.3.

    .venv/bin/python tests/parity/clv.py [--out DIR] [--size 10k]

Generates the English sample (`jornada sample`), lets the engine fit its orders
(`examples/clv_fit.rs --out`: parameters and every customer's P(alive) and expected
purchases), then builds the same per-day summaries here, independently, from the orders CSV
(completed orders before the range's end; x = distinct purchase days - 1, t_x and T in
weeks, the mean spend of the repeat days) and fits `lifetimes.BetaGeoFitter` to them.
Checks, each within 5%: the four BG/NBD parameters; every customer's P(alive) and expected
purchases over 52 weeks (values under 0.01 within 0.0005). The Gamma-Gamma: where `lifetimes`
converges its p, q, γ are compared too; where it does not, the engine must have said so
(its `spend_at_boundary` warning) rather than give the Gamma-Gamma's numbers.
`lifetimes.utils.summary_data_from_transaction_data` returns NaN under pandas 3, hence the
summaries built here. Prints `N passed, N failed`.
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import ConvergenceError

ROOT = Path(__file__).resolve().parents[2]
TOL = 0.05


def close(a, b, tol=TOL, floor=0.01, abs_tol=0.0005):
    if abs(a) < floor and abs(b) < floor:
        return abs(a - b) <= abs_tol
    return abs(a - b) <= tol * max(abs(a), abs(b))


def summaries(orders_csv, end_seconds):
    o = pd.read_csv(orders_csv)
    o = o[o["status"] == "completed"].copy()
    o["ts"] = pd.to_datetime(o["order_date"])
    end = pd.Timestamp(end_seconds, unit="s")
    o = o[(o["ts"] < end) & o["customer_id"].notna()]
    o["day"] = o["ts"].dt.floor("D")
    days = o.groupby(["customer_id", "day"], as_index=False)["amount"].sum()
    g = days.groupby("customer_id")["day"]
    first, last, n = g.min(), g.max(), g.count()
    s = pd.DataFrame({
        "frequency": n - 1,
        "recency": (last - first).dt.days / 7.0,
        "T": (end - first).dt.days / 7.0,
    })
    repeat = days[days["day"] > days["customer_id"].map(first)]
    s["monetary_value"] = repeat.groupby("customer_id")["amount"].mean()
    return s.fillna({"monetary_value": 0.0})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "target" / "parity-clv")
    ap.add_argument("--size", default="10k")
    args = ap.parse_args()
    sample = args.out / "sample"
    run = lambda cmd: subprocess.run(cmd, cwd=ROOT, check=True)
    run(["cargo", "run", "-q", "--release", "--bin", "jornada", "--", "sample", "--size", args.size,
         "--lang", "en", "--out", str(sample)])
    run(["cargo", "run", "-q", "--release", "-p", "jornada-engine", "--example", "clv_fit", "--",
         "--out", str(args.out), str(sample / "orders.csv")])
    engine = json.loads((args.out / "clv_engine.json").read_text(encoding="utf-8"))
    s = summaries(sample / "orders.csv", engine["range_end_seconds"])
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {what}")

    ours = {c["customer"]: c for c in engine["customers"]}
    check(len(ours) == len(s), f"customers: engine {len(ours)}, here {len(s)}")
    bgf = BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
    for name in ["r", "alpha", "a", "b"]:
        want, got = float(bgf.params_[name]), engine["bgnbd"][name]
        print(f"BG/NBD {name}: engine {got:.6f}  lifetimes {want:.6f}")
        check(close(got, want), f"BG/NBD {name}: engine {got} lifetimes {want}")
    p_alive = bgf.conditional_probability_alive(s["frequency"], s["recency"], s["T"])
    expected = bgf.conditional_expected_number_of_purchases_up_to_time(52, s["frequency"], s["recency"], s["T"])
    bad_alive = bad_expected = 0
    for cid, pa, ex in zip(s.index, p_alive, expected):
        c = ours.get(cid)
        if c is None:
            bad_alive += 1
            continue
        bad_alive += not close(c["p_alive"], float(pa))
        bad_expected += not close(c["expected_purchases_52w"], float(ex))
    print(f"P(alive) of {len(s)} customers: {bad_alive} differ by more than 5%")
    print(f"expected purchases over 52 weeks: {bad_expected} differ by more than 5%")
    check(bad_alive == 0, f"P(alive): {bad_alive} customers differ")
    check(bad_expected == 0, f"expected purchases: {bad_expected} customers differ")
    repeat = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
    boundary = any(w.get("kind") == "spend_at_boundary" for w in engine["warnings"])
    try:
        ggf = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
        check(not boundary, "lifetimes' Gamma-Gamma converged where the engine found the boundary")
        for name, key in [("p", "p"), ("q", "q"), ("gamma", "v")]:
            want, got = float(ggf.params_[key]), engine["spend"].get(name, float("nan"))
            print(f"Gamma-Gamma {name}: engine {got}  lifetimes {want}")
            check(close(got, want), f"Gamma-Gamma {name}: engine {got} lifetimes {want}")
    except ConvergenceError:
        print("Gamma-Gamma: lifetimes does not converge on these orders; the engine says spend_at_boundary:", boundary)
        check(boundary, "lifetimes' Gamma-Gamma did not converge and the engine gave no boundary warning")
    print(f"{passed} passed, {failed} failed (loyalty.clv_predicted against lifetimes 0.11.3)")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
