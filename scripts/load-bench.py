#!/usr/bin/env python3
"""Load bench: the pages people open most, at 100 connections, on a demo workspace.

Starts `tandem serve --demo` on loopback (a throw-away SQLite folder, or a fresh schema in the
PostgreSQL database given with --database-url), signs in as the demo admin (session cookie),
creates an API token, and drives each target with wrk (Debian's `wrk` package):

  1. /healthz alone at N connections: the throughput the pages are compared with;
  2. each page alone at N connections, while a second wrk probes /healthz 100 times a second
     on one connection: requests/s, p50/p99 latency and errors of the page, and the /healthz
     p99 while the page is loaded.

With --soak S it then drives every page at once for S seconds (default 50 connections) and
samples the server's resident memory every 15 s.

Figures only; nothing here is a pass/fail test. Every run is bounded by its durations.
Usage: scripts/load-bench.py [--binary .build/release/tandem] [--database-url postgres://...]
                             [--duration 10] [--connections 100] [--soak 600]
"""
import argparse
import http.cookiejar
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ADMIN = "admin@northwind.example"
PASSWORD = "tandem-demo-2026"
PAGES = [("dashboard", "/"), ("scorecard", "/performance"), ("staffing", "/staffing"), ("api partners", "/api/v1/partners")]

# Counts every answer that is not a 200 (wrk itself counts only >= 400) and prints one JSON line.
WRK_REPORT = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not_ok = 0 end
function response(status, headers, body) if status ~= 200 then not_ok = not_ok + 1 end end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("not_ok") end
  io.write(string.format('JSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"not_ok":%d,' ..
    '"p50":%d,"p90":%d,"p99":%d,"max":%d}\n', summary.requests, summary.duration, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, bad, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""

# The probe: one connection, one request every 10 ms (what a load balancer's health check does, faster).
WRK_PROBE = WRK_REPORT + "\nfunction delay() return 10 end\n"

# The soak: every thread cycles through the pages, each with its own credentials.
WRK_MIX = WRK_REPORT + r"""
local paths = {}
local counter = 0
function init(args)
  not_ok = 0
  for i = 1, #args, 2 do table.insert(paths, {args[i], args[i + 1]}) end
end
function request()
  counter = counter + 1
  local entry = paths[(counter % #paths) + 1]
  local name, value = entry[2]:match("^([^:]+): (.*)$")
  return wrk.format("GET", entry[1], {[name] = value})
end
"""


def page_argument(text):
    """--page NAME=PATH: a name for the report and a path on the server, starting with /."""
    name, sep, path = text.partition("=")
    if not sep or not name.strip() or not path.startswith("/"):
        raise argparse.ArgumentTypeError(f"{text!r}: expected NAME=PATH with PATH starting with / (e.g. frontline=/frontline)")
    return name.strip(), path


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/tandem")
    parser.add_argument("--database-url", help="PostgreSQL database to use (a fresh schema is created in it and dropped after)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per target (default 10)")
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads for the load (default 2)")
    parser.add_argument("--soak", type=int, default=0, help="then drive every page at once for this many seconds")
    parser.add_argument("--soak-connections", type=int, default=50)
    parser.add_argument("--rss-every", type=int, default=15, help="seconds between memory samples in the soak")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--data-dir", help="serve this data folder (kept) instead of a throw-away one")
    parser.add_argument("--server-log", help="keep the server's output here")
    parser.add_argument("--only", help="comma-separated page names to run (default: all)")
    parser.add_argument("--page", action="append", default=[], metavar="NAME=PATH", type=page_argument,
                        help="a further page to drive after the standard ones, e.g. --page frontline=/frontline (repeatable)")
    args = parser.parse_args()

    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    binary = os.path.realpath(args.binary)
    if not os.path.exists(binary):
        sys.exit(f"no binary at {binary}: swift build -c release")
    port = args.port or 19000 + random.randrange(900)
    base = f"http://127.0.0.1:{port}"
    work = tempfile.mkdtemp(prefix="tandem-load-")
    data = args.data_dir or os.path.join(work, "data")
    env = dict(os.environ, TANDEM_LOG_LEVEL=os.environ.get("TANDEM_LOG_LEVEL", "warning"))
    schema = None
    if args.database_url:
        schema = "load_" + "".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8))
        env["DATABASE_URL"] = args.database_url
        env["TANDEM_DB_SCHEMA"] = schema
    log_path = args.server_log or os.path.join(work, "server.log")
    log = open(log_path, "w")
    started = time.time()
    server = subprocess.Popen([binary, "serve", "--demo", "--data-dir", data, "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_healthy(base, server, log_path)
        print(f"Server up with the demo workspace in {time.time() - started:.1f} s "
              f"({'PostgreSQL, schema ' + schema if schema else 'SQLite'}; pid {server.pid}; {os.cpu_count()} cores; "
              f"load average {os.getloadavg()[0]:.1f} before the run).")
        cookie = sign_in(base)
        token = subprocess.run([binary, "users", "token", "--data-dir", data, "--email", ADMIN, "--name", "bench"], env=env,
                               check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        extra = args.page
        credentials = {path: (f"Authorization: Bearer {token}" if path.startswith("/api/") else f"Cookie: {cookie}") for _, path in PAGES + extra}
        pages = [(name, path) for name, path in PAGES if not args.only or name in args.only.split(",")] + extra
        for name, path in pages:  # every page answers 200 as the signed-in admin, and is warm
            status, size = fetch(base + path, credentials[path])
            if status != 200:
                sys.exit(f"{path} answered {status}, not 200")
            print(f"  {path}: 200, {size:,} bytes")
        write_script(work, "report.lua", WRK_REPORT)
        write_script(work, "probe.lua", WRK_PROBE)
        write_script(work, "mix.lua", WRK_MIX)

        print(f"\nwrk -t{args.threads} -c{args.connections} -d{args.duration}s per target; /healthz probed every 10 ms on one more connection meanwhile.")
        health = wrk(work, "report.lua", base + "/healthz", args.threads, args.connections, args.duration)
        rows = [("/healthz alone", health, None)]
        for name, path in pages:
            settle(base)
            probe = subprocess.Popen(wrk_command(work, "probe.lua", base + "/healthz", 1, 1, args.duration), stdout=subprocess.PIPE, text=True)
            result = wrk(work, "report.lua", base + path, args.threads, args.connections, args.duration, header=credentials[path])
            probe_result = parse(probe.communicate()[0])
            rows.append((f"{name} {path}", result, probe_result))
        print_table(rows, health)
        print(f"Load average after the run: {os.getloadavg()[0]:.1f} (other processes on the machine share its cores).")

        if args.soak:
            soak(work, base, server.pid, pages, credentials, args)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        if schema:
            subprocess.run(["psql", args.database_url, "-q", "-c", f"DROP SCHEMA IF EXISTS {schema} CASCADE"], check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(work, ignore_errors=True)


def wait_healthy(base, server, log_path):
    for _ in range(1800):
        if server.poll() is not None:
            sys.exit("the server stopped:\n" + open(log_path).read()[-3000:])
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("the server did not answer /healthz in 6 minutes")


def settle(base, limit=180):
    """Waits until the server has worked off the previous target's backlog: /healthz within 100 ms."""
    deadline = time.time() + limit
    while time.time() < deadline:
        started = time.time()
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=30) as response:
                response.read()
            if time.time() - started < 0.1:
                return
        except OSError:
            pass
        time.sleep(0.5)
    print(f"  (the server was still busy after {limit} s)")


def sign_in(base):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/login").read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode({"email": ADMIN, "password": PASSWORD, "_csrf": csrf, "next": ""}).encode()
    opener.open(urllib.request.Request(base + "/login", data=body, method="POST"))
    session = next((c for c in jar if c.name == "tandem_session"), None)
    if session is None:
        sys.exit("sign-in failed: no session cookie")
    return f"tandem_session={session.value}"


def fetch(url, header):
    name, value = header.split(": ", 1)
    request = urllib.request.Request(url, headers={name: value})
    opener = urllib.request.build_opener(NoRedirect())
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, 0


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def write_script(work, name, text):
    with open(os.path.join(work, name), "w") as f:
        f.write(text)


def wrk_command(work, script, url, threads, connections, duration, header=None, extra=()):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", os.path.join(work, script)]
    if header:
        command += ["-H", header]
    return command + [url, *extra]


def wrk(work, script, url, threads, connections, duration, header=None, extra=()):
    output = subprocess.run(wrk_command(work, script, url, threads, connections, duration, header, extra), check=True,
                            capture_output=True, text=True).stdout
    return parse(output)


def parse(output):
    for line in output.splitlines():
        if line.startswith("JSON "):
            result = json.loads(line[5:])
            result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
            result["errors"] = result["connect"] + result["read"] + result["write"] + result["timeout"] + result["not_ok"]
            return result
    raise RuntimeError("wrk printed no result:\n" + output)


def ms(us):
    return f"{us / 1000:.1f}"


def print_table(rows, health):
    print(f"\n{'target':32} {'req/s':>8} {'of /healthz':>11} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7} {'/healthz p99 ms':>16} {'(max)':>8}")
    for name, r, probe in rows:
        share = f"{r['rps'] / health['rps'] * 100:.0f}%"
        probe_text = f"{ms(probe['p99']):>16} {ms(probe['max']):>8}" if probe else f"{'':>16} {'':>8}"
        print(f"{name:32} {r['rps']:8.0f} {share:>11} {ms(r['p50']):>8} {ms(r['p99']):>8} {ms(r['max']):>8} {r['errors']:7d} {probe_text}")
    probes = [p for _, _, p in rows if p]
    if probes:
        print(f"/healthz probes while pages were loaded: {sum(p['requests'] for p in probes)}, errors {sum(p['errors'] for p in probes)}.")


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def soak(work, base, pid, pages, credentials, args):
    extra = []
    for _, path in pages:
        extra += [path, credentials[path]]
    print(f"\nSoak: wrk -t{args.threads} -c{args.soak_connections} -d{args.soak}s across {', '.join(p for _, p in pages)}; "
          f"resident memory every {args.rss_every} s.")
    command = wrk_command(work, "mix.lua", base + "/", args.threads, args.soak_connections, args.soak, extra=["--", *extra])
    load = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    start = time.time()
    samples = [(0, rss_kb(pid))]
    while load.poll() is None:
        time.sleep(min(args.rss_every, max(0.1, start + len(samples) * args.rss_every - time.time())))
        if load.poll() is None and time.time() - start >= len(samples) * args.rss_every - 0.5:
            samples.append((round(time.time() - start), rss_kb(pid)))
    result = parse(load.communicate()[0])
    samples.append((round(time.time() - start), rss_kb(pid)))
    print("RSS (s: MB): " + ", ".join(f"{t}: {kb / 1024:.0f}" for t, kb in samples))
    after = [kb for t, kb in samples if t >= 60]
    if after:
        print(f"After the first minute: min {min(after) / 1024:.0f} MB, max {max(after) / 1024:.0f} MB, last {after[-1] / 1024:.0f} MB.")
    print(f"Soak: {result['requests']} requests, {result['rps']:.0f} req/s, p50 {ms(result['p50'])} ms, p99 {ms(result['p99'])} ms, "
          f"max {ms(result['max'])} ms, errors {result['errors']} (connect {result['connect']}, read {result['read']}, "
          f"write {result['write']}, timeout {result['timeout']}, not 200 {result['not_ok']}).")


if __name__ == "__main__":
    main()
