"""Load on the running servers: wrk per scenario, the gunicorn workers'
memory, and the admin's CSV export read as it streams."""

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from bench.scenarios import APP_PORT, CSV_EXPORT, Result

LUA_SCRIPT = Path(__file__).resolve().parent / "wrk" / "bench.lua"
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WRK_THREADS = 2
SINGLE_DURATION = max(2, DURATION // 2)
CSV_EXPORT_RUNS = 2
MB = 1024 * 1024


# HTTP -----------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: object
    body: bytes

    def cookies(self):
        jar = SimpleCookie()
        for header in self.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        return {name: morsel.value for name, morsel in jar.items()}


def tool(name):
    """Debian puts nginx in /usr/sbin, which a non-root PATH may lack."""
    return shutil.which(name) or shutil.which(name, path="/usr/sbin")


def fetch(port, path, method="GET", headers=None, body=None):
    """One request, redirects not followed. (urllib's cookie jar would not
    send the site's Secure cookies over plain HTTP.)"""
    conn = HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        conn.close()


def cookie_header(cookies):
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def csrf_form_token(html):
    return (
        re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        .group(1)
        .decode()
    )


def log_in(email, password):
    """A session through allauth's real login form; returns its cookies."""
    page = fetch(APP_PORT, "/accounts/login/")
    cookies = page.cookies()
    form = {
        "login": email,
        "password": password,
        "csrfmiddlewaretoken": csrf_form_token(page.body),
    }
    answer = fetch(
        APP_PORT,
        "/accounts/login/",
        "POST",
        headers={
            "Cookie": cookie_header(cookies),
            "Content-Type": "application/x-www-form-urlencoded",
        },
        body=urlencode(form),
    )
    cookies.update(answer.cookies())
    if answer.status != 302 or "sessionid" not in cookies:
        sys.exit(f"bench: could not log in as {email} (status {answer.status})")
    return cookies


# Worker memory ------------------------------------------------------------


class WorkerMemory(threading.Thread):
    """The gunicorn workers' resident memory: the kernel's high-water mark
    (VmHWM, reset through clear_refs when a measurement starts), and VmRSS
    sampled every 50 ms in case that reset is refused."""

    def __init__(self, master_pid):
        super().__init__(daemon=True)
        self.master_pid = master_pid
        self.start_rss, self.peak = {}, {}
        self.lock = threading.Lock()
        self.stopped = threading.Event()

    def workers(self):
        path = Path(f"/proc/{self.master_pid}/task/{self.master_pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    @staticmethod
    def status(pid):
        try:
            text = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return {}
        return {
            key: int(value.split()[0]) * 1024
            for key, value in re.findall(r"^(VmRSS|VmHWM):\s+(.+)$", text, re.M)
        }

    def reset(self):
        with self.lock:
            self.start_rss, self.peak = {}, {}
            for pid in self.workers():
                try:
                    Path(f"/proc/{pid}/clear_refs").write_text("5")
                except OSError:
                    pass
                self.start_rss[pid] = self.peak[pid] = self.status(pid).get("VmRSS", 0)

    def sample(self):
        with self.lock:
            for pid in self.workers():
                status = self.status(pid)
                high = max(status.get("VmRSS", 0), status.get("VmHWM", 0))
                self.peak[pid] = max(self.peak.get(pid, 0), high)

    def run(self):
        while not self.stopped.wait(0.05):
            self.sample()

    def peak_mb(self):
        self.sample()
        return max(self.peak.values(), default=0) / MB

    def growth_mb(self):
        self.sample()
        growth = [
            peak - self.start_rss.get(pid, peak) for pid, peak in self.peak.items()
        ]
        return max(growth, default=0) / MB


# wrk ------------------------------------------------------------------------


def wrk(scenario, duration, env, connections=CONNECTIONS):
    command = [
        "wrk",
        f"-t{min(WRK_THREADS, connections)}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA_SCRIPT),
    ]
    for name, value in env.pop("headers").items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{scenario.port}{scenario.path}")
    output = subprocess.run(
        command,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=duration + 60,
    )
    line = next(
        (
            line
            for line in output.stdout.splitlines()
            if line.startswith("BENCH_RESULT ")
        ),
        None,
    )
    if output.returncode != 0 or line is None:
        sys.exit(
            f"bench: wrk failed in {scenario.key}:\n{output.stdout}\n{output.stderr}"
        )
    summary = json.loads(line.split(" ", 1)[1])
    statuses = Counter()
    for status, count in summary["statuses"]:  # one pair per wrk thread and status
        statuses[status] += count
    summary["statuses"] = dict(statuses)
    return summary


def cache_headers(response):
    return ", ".join(
        f"{label} {response.headers[header]}"
        for header, label in (("X-Front-Cache", "front"), ("X-Page-Cache", "app"))
        if response.headers.get(header)
    )


def run_scenario(scenario, *, sessions, csrf, groups, memory, run_id):
    """Probe, warm up, then load for DURATION seconds."""
    result = Result(scenario)
    cookies = dict(sessions.get(scenario.user, {}))
    headers = {}
    if scenario.mode == "join_form":
        cookies["csrftoken"] = csrf["cookie"]
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif scenario.mode == "join_api":
        headers["Content-Type"] = "application/json"
    if cookies:
        headers["Cookie"] = cookie_header(cookies)

    if scenario.mode in ("get", "nocache"):
        # A wrong answer (a login page for a lost session) must not pass as
        # load; the second probe shows the caches' steady state.
        path = scenario.path + ("?nocache=probe" if scenario.mode == "nocache" else "")
        for _ in range(2):
            probe = fetch(scenario.port, path, headers=headers)
        result.cache = cache_headers(probe)
        if probe.status != scenario.expect:
            sys.exit(f"bench: {scenario.key}: {path} answered {probe.status}")

    def env(prefix):
        return {
            "headers": headers,
            "WRK_MODE": scenario.mode,
            "WRK_COUNT": "1" if scenario.count_statuses else "0",
            "WRK_PREFIX": prefix,
            "WRK_CSRF": csrf["token"] if scenario.mode == "join_form" else "",
            "WRK_GROUPS": ",".join(groups),
        }

    if WARMUP:
        wrk(scenario, WARMUP, env(f"wrk-{run_id}-warm-{scenario.key}"))
    if scenario.in_app:
        memory.reset()
    prefix = f"wrk-{run_id}-{scenario.key}"
    summary = wrk(scenario, DURATION, env(prefix))
    if scenario.in_app:
        result.rss_mb = memory.peak_mb()
    if scenario.single_connection:
        # One request at a time: its p99 against its p50 shows pauses (a
        # full garbage collection) that the queue of 16 would hide.
        single = wrk(scenario, SINGLE_DURATION, env(f"{prefix}-single"), 1)
        result.p50_single, result.p99_single = (
            single[p] / 1000 for p in ("p50", "p99")
        )

    result.rps = summary["requests"] / (summary["duration_us"] / 1e6)
    result.p50, result.p95, result.p99 = (
        summary[p] / 1000 for p in ("p50", "p95", "p99")
    )
    result.statuses = summary["statuses"]
    socket_errors = {
        k: summary[k] for k in ("connect", "read", "write", "timeout") if summary[k]
    }
    if scenario.count_statuses:
        unexpected = summary["requests"] - result.statuses.get(scenario.expect, 0)
        result.errors = sum(socket_errors.values()) + unexpected
        if unexpected:
            result.notes.append(f"answers by status: {result.statuses}")
    else:
        result.errors = sum(socket_errors.values()) + summary["status"]
    if socket_errors:
        result.notes.append(f"socket errors: {socket_errors}")
    if scenario.zero_lost:
        time.sleep(1)  # requests in flight when wrk stopped still commit
        stored = stored_requests(prefix)
        answered = result.statuses.get(scenario.expect, 0)
        result.lost = max(0, answered - stored)
        note = f"{answered} sign-ups answered {scenario.expect}, {stored} stored"
        if stored > answered:
            note += " (the rest were in flight when wrk stopped)"
        result.notes.append(note)
    return result


def stored_requests(prefix):
    from groups.models import MembershipRequest

    return MembershipRequest.objects.filter(email__startswith=f"{prefix}-").count()


def measure_csv_export(admin_cookies, memory):
    """The export of all the requests, read as it arrives: time to the first
    byte and to the end, rows, and how much the worker's memory grew."""
    runs = []
    for _ in range(CSV_EXPORT_RUNS):
        memory.reset()
        started = time.perf_counter()
        conn = HTTPConnection("127.0.0.1", APP_PORT, timeout=300)
        conn.request(
            "GET", CSV_EXPORT, headers={"Cookie": cookie_header(admin_cookies)}
        )
        response = conn.getresponse()
        first_byte = time.perf_counter() - started
        size = lines = 0
        while chunk := response.read(64 * 1024):
            size += len(chunk)
            lines += chunk.count(b"\n")
        conn.close()
        runs.append(
            {
                "status": response.status,
                "streamed": response.getheader("Content-Length") is None,
                "first_byte": first_byte,
                "seconds": time.perf_counter() - started,
                "bytes": size,
                "rows": max(0, lines - 1),
                "growth_mb": memory.growth_mb(),
                "peak_mb": memory.peak_mb(),
            }
        )
    return runs
