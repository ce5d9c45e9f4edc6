"""The Markdown report: bench/results/latest.md and a copy named after the
time of the run (earlier ones are kept)."""

import os
import re
import subprocess
import sys
from pathlib import Path

from bench.load import CONNECTIONS, DURATION, MB, WARMUP, WRK_THREADS, tool
from bench.scenarios import CSV_GROWTH_LIMIT_MB, csv_export_met

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
HEADER = (
    "| scenario | req/s | p50 ms | p95 ms | p99 ms | 1 conn: p50 / p99 ms | errors"
    " | SQL/req | worker peak RSS | cache | of bare | of hello | target | met? |\n"
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: "
    "| --- | --- |"
)
MET = {True: "yes", False: "**no**", None: "-"}


def ms(value):
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def ratio(result, baseline):
    value = result.ratios.get(baseline)
    if value is None:
        return "-"
    # The static page is the baseline of the front alone.
    suffix = "" if baseline in ("bare", "hello") else f" of {baseline}"
    return f"{value:.0%}{suffix}" if value >= 0.1 else f"{value:.1%}{suffix}"


def row(cells):
    return "| " + " | ".join(cells) + " |"


def table(results, csv_runs):
    rows = [HEADER]
    for r in results:
        s = r.scenario
        errors = f"{r.errors}" + (f" (lost {r.lost})" if r.lost is not None else "")
        rows.append(
            row(
                [
                    f"{s.key}: {s.title}",
                    f"{r.rps:,.0f}",
                    ms(r.p50),
                    ms(r.p95),
                    ms(r.p99),
                    "-"
                    if r.p50_single is None
                    else f"{ms(r.p50_single)} / {ms(r.p99_single)}",
                    errors,
                    "-" if r.sql is None else str(r.sql),
                    "-" if r.rss_mb is None else f"{r.rss_mb:.0f} MB",
                    r.cache or "-",
                    ratio(r, "static") if s.baseline == "static" else ratio(r, "bare"),
                    ratio(r, "hello"),
                    s.target or "-",
                    MET[r.met],
                ]
            )
        )
    if csv_runs:
        seconds = max(run["seconds"] for run in csv_runs)
        growth = max(run["growth_mb"] for run in csv_runs)
        rows.append(
            row(
                [
                    f"csv-export: admin CSV export of all {csv_runs[0]['rows']:,} requests,"
                    f" {seconds:.1f} s (the slowest of {len(csv_runs)})",
                    "-",
                    "-",
                    "-",
                    "-",
                    "-",
                    str(sum(run["status"] != 200 for run in csv_runs)),
                    str(csv_runs[0].get("sql", "-")),
                    f"{max(run['peak_mb'] for run in csv_runs):.0f} MB (+{growth:.0f} MB)",
                    "-",
                    "-",
                    "-",
                    f"streams: worker grows < {CSV_GROWTH_LIMIT_MB} MB",
                    MET[csv_export_met(csv_runs)],
                ]
            )
        )
    return "\n".join(rows)


def describe_run(workers, threads):
    def command(*args):
        return subprocess.run(
            args, capture_output=True, text=True, cwd=BENCH_DIR.parent
        )

    cpu = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
    commit = command("git", "rev-parse", "--short", "HEAD").stdout.strip() or "?"
    if command("git", "status", "--porcelain").stdout.strip():
        commit += " with uncommitted changes"
    nginx = command(tool("nginx"), "-v").stderr.strip().replace("nginx version: ", "")
    return (
        f"commit {commit}; {os.cpu_count()} cores ({cpu.group(1) if cpu else '?'}); "
        f"Python {sys.version.split()[0]}; {nginx}; "
        f"load `wrk -t{WRK_THREADS} -c{CONNECTIONS} -d{DURATION}s` per scenario after a "
        f"{WARMUP} s warm-up, keep-alive, on 127.0.0.1 (wrk shares the cores with the "
        f"servers); `gunicorn -c deploy/gunicorn.conf.py cms.wsgi` with {workers} workers "
        f"x {threads} threads, DEBUG off, PostgreSQL, Redis (cache and sessions)"
    )


def write(
    results, csv_runs, details, *, started, elapsed, workers, threads, load_before
):
    lines = [
        "# Benchmark results",
        "",
        f"{started:%Y-%m-%d %H:%M} UTC, `make bench` in {elapsed:.0f} s; "
        f"{describe_run(workers, threads)}. Load average before the run: {load_before} "
        "(whatever else runs lowers every figure). How to read it: "
        "[bench/README.md](../README.md).",
        "",
        table(results, csv_runs),
        "",
        "Ratios are to (a) `static`, nginx serving the group page's HTML from disk (the "
        "front's only), (b) `bare`, a WSGI hello without Django under the same gunicorn "
        "configuration, and (c) `hello`, a fixed string through the whole middleware stack, "
        "all measured in this run; targets are against (b). 1 conn: a second, shorter run "
        "at one connection, whose p99 against its p50 shows pauses the queue hides. Errors: socket errors and answers other than the one "
        "expected (200; 302 for the join form; 201 for the API); lost: sign-ups answered "
        "but not stored. SQL/req: the queries of one warm request, counted in-process. "
        "Worker peak RSS: the largest gunicorn worker's high-water mark during the scenario. "
        "Cache: the X-Front-Cache and X-Page-Cache headers of a second probe request.",
    ]
    if csv_runs:
        lines += ["", "CSV export, one request after another, read as it arrived:", ""]
        for run in csv_runs:
            lines.append(
                f"- status {run['status']}, "
                f"{'streamed' if run['streamed'] else 'not streamed'}, first byte after "
                f"{run['first_byte']:.2f} s, all {run['bytes'] / MB:.1f} MB "
                f"({run['rows']:,} rows) after {run['seconds']:.2f} s; worker "
                f"+{run['growth_mb']:.0f} MB, peak {run['peak_mb']:.0f} MB"
            )
    notes = [f"- {r.scenario.key}: {'; '.join(r.notes)}" for r in results if r.notes]
    if notes:
        lines += ["", "Notes:", "", *notes]
    for title, text in details:
        lines += [
            "",
            f"<details><summary>{title}</summary>",
            "",
            "```",
            text,
            "```",
            "</details>",
        ]
    report = "\n".join(lines) + "\n"

    RESULTS_DIR.mkdir(exist_ok=True)
    for name in (f"{started:%Y-%m-%dT%H-%M-%SZ}.md", "latest.md"):
        temporary = RESULTS_DIR / f"{name}.tmp"
        temporary.write_text(report)
        temporary.replace(RESULTS_DIR / name)
    return report
