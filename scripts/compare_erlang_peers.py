#!/usr/bin/env python3
"""Compare Tandem's Erlang C staffing with a Python peer (pyworkforce) on the same workload.

Test tooling only; this script installs nothing. If `pyworkforce` is importable it runs
pyworkforce's ErlangC on the 10,000 intervals of Tandem's StaffingBenchmark workload
(80% answered within 20 s, no shrinkage, no occupancy cap) and prints its time and whether
its agent counts agree with Tandem's.

The workload and Tandem's answers come from the CLI:
    tandem bench staffing --intervals 10000 --write-workload workload.csv
which this script runs for you (pass --tandem PATH, or --workload FILE to reuse a file).

    pip install pyworkforce          # optional, in your own environment
    python3 scripts/compare_erlang_peers.py
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time


def find_tandem(explicit):
    if explicit:
        return explicit
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in ("../.build/release/tandem", "../.build/debug/tandem"):
        path = os.path.normpath(os.path.join(here, candidate))
        if os.path.exists(path):
            return path
    return "tandem"


def load_workload(args):
    path = args.workload
    if not path:
        path = os.path.join(tempfile.mkdtemp(prefix="tandem-erlang-"), "workload.csv")
        tandem = find_tandem(args.tandem)
        started = time.perf_counter()
        out = subprocess.run([tandem, "bench", "staffing", "--intervals", str(args.intervals), "--write-workload", path],
                             check=True, capture_output=True, text=True)
        print(f"Tandem ({tandem}), {time.perf_counter() - started:.2f} s wall for the whole command:")
        for line in out.stdout.splitlines():
            print("  " + line)
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tandem", help="path to the tandem executable")
    parser.add_argument("--workload", help="reuse a workload CSV written by `tandem bench staffing --write-workload`")
    parser.add_argument("--intervals", type=int, default=10_000)
    args = parser.parse_args()

    try:
        from pyworkforce.queuing import ErlangC
    except ImportError:
        print("pyworkforce is not importable; nothing to compare (pip install pyworkforce in your own environment).")
        return 0

    rows = load_workload(args)
    agree = differ = failed = 0
    examples = []
    started = time.perf_counter()
    for row in rows:
        contacts = float(row["contacts"])
        aht_min = float(row["aht_seconds"]) / 60
        interval_min = float(row["interval_seconds"]) / 60
        threshold_min = float(row["threshold_seconds"]) / 60
        level = float(row["service_level"])
        try:
            try:  # newer releases take max_occupancy in the constructor
                erlang = ErlangC(transactions=contacts, aht=aht_min, asa=threshold_min, interval=interval_min, shrinkage=0.0, max_occupancy=1.0)
                result = erlang.required_positions(service_level=level)
            except TypeError:
                erlang = ErlangC(transactions=contacts, aht=aht_min, asa=threshold_min, interval=interval_min, shrinkage=0.0)
                result = erlang.required_positions(service_level=level, max_occupancy=1.0)
            theirs = int(result["raw_positions"])
        except (OverflowError, ValueError, ZeroDivisionError, KeyError) as error:
            failed += 1
            if len(examples) < 3:
                examples.append(f"failed at {contacts:.0f} contacts, AHT {row['aht_seconds']} s: {type(error).__name__}: {error}")
            continue
        if theirs == int(row["agents"]):
            agree += 1
        else:
            differ += 1
            if len(examples) < 6:
                examples.append(f"differs at {contacts:.0f} contacts, AHT {row['aht_seconds']} s: pyworkforce {theirs}, Tandem {row['agents']}")
    elapsed = time.perf_counter() - started
    print(f"pyworkforce: {len(rows)} intervals in {elapsed:.2f} s ({len(rows) / elapsed:,.0f} intervals/s)")
    print(f"  agent counts: {agree} agree, {differ} differ, {failed} could not be computed")
    for line in examples:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
