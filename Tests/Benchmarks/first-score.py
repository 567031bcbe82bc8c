#!/usr/bin/env python3
"""Start-up of the daemon: launches it with the given arguments and, polling every millisecond from
the moment of launch, prints two figures in milliseconds: until the log line carrying the start-up
self-test score (the bundle loaded, its session created, one window scored: "start to first score"
as BENCHMARKS.md has always measured it), and until /metrics reports the first window of the
stream scored (that adds filling the first window from the source). Then stops the daemon (SIGTERM).

    first-score.py PORT LOG COMMAND [ARG...]
"""
import signal, subprocess, sys, time, urllib.request

port, log, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
url = f"http://127.0.0.1:{port}/metrics"


def scored():
    try:
        with urllib.request.urlopen(url, timeout=1) as r:
            for line in r.read().decode().splitlines():
                if line.startswith("edgeae_windows_scored_total "):
                    return float(line.split()[1]) > 0
    except OSError:
        pass
    return False


with open(log, "w") as out:
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    selftest = window = None
    try:
        while time.monotonic() - start < 20 and proc.poll() is None and window is None:
            now = (time.monotonic() - start) * 1000
            if selftest is None:
                with open(log) as text:
                    if "self-test score" in text.read():
                        selftest = now
            if selftest is not None and scored():
                window = (time.monotonic() - start) * 1000
            time.sleep(0.001)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
if selftest is None or window is None:
    sys.exit(f"first-score: no self-test line or no window scored within 20 s (see {log})")
print(f"{selftest:.1f} {window:.1f}")
