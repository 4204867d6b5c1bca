#!/usr/bin/env bash
# Save-to-reload latency of `waveplan serve` for one note edit, at 1,000 and 10,000 workloads.
#
#   bench/serve_latency.sh            # both sizes
#   bench/serve_latency.sh 1000       # one size
#
# For each size: builds a synthetic plan (examples/synth.rs), starts `waveplan serve` on a free
# port, subscribes to the live-reload stream, then 5 times appends a line to one note and
# measures, from the moment the append returns:
#   - event:  until the reload event arrives on the stream;
#   - served: until a GET of the workload's page returns the new line (polled every 2 ms,
#             independently of the event).
# Prints the median, min and max of each, and serve's own rebuild lines. For comparison it
# then appends a comment to plan.toml 3 times (a full rebuild) and times the reload event.
set -euo pipefail

cd "$(dirname "$0")/.."
sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then sizes=(1000 10000); fi
edits=5

cargo build --release --quiet --bin waveplan --example synth
work=$(mktemp -d)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

for n in "${sizes[@]}"; do
    plan="$work/plan-$n"
    cargo run --release --quiet --example synth -- "$n" "$plan"
    log="$work/serve-$n.log"
    ./target/release/waveplan serve "$plan" --port 0 2>"$log" &
    server_pid=$!
    # The first build of a large plan takes a while: wait for the URL (up to 10 minutes).
    for _ in $(seq 1 6000); do
        if grep -q '^serving http://' "$log"; then break; fi
        if ! kill -0 "$server_pid" 2>/dev/null; then cat "$log" >&2; exit 1; fi
        sleep 0.1
    done
    url=$(grep -m1 '^serving http://' "$log" | sed 's/^serving //')
    first=$(grep -m1 '^first build' "$log")
    echo "== $n workloads: $first"
    python3 - "$url" "$plan/workloads/w000001.md" "/workloads/w000001/" "$edits" <<'PY'
import socket, statistics, sys, threading, time, urllib.parse

url, note, page, edits = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
parts = urllib.parse.urlsplit(url)
host, port = parts.hostname, parts.port
host_header = f"{host}:{port}"

def get(path):
    with socket.create_connection((host, port), timeout=30) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host_header}\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while True:
            data = s.recv(65536)
            if not data:
                break
            chunks.append(data)
    return b"".join(chunks)

events = []  # perf_counter() of every reload event
ready = threading.Event()
def listen():
    s = socket.create_connection((host, port), timeout=None)
    s.sendall(f"GET /__waveplan/events HTTP/1.1\r\nHost: {host_header}\r\n\r\n".encode())
    buf = b""
    while True:
        data = s.recv(4096)
        if not data:
            return
        now = time.perf_counter()
        buf += data
        if b"event: hello" in buf:
            ready.set()
        while b"event: reload" in buf:
            events.append(now)
            buf = buf.split(b"event: reload", 1)[1]
threading.Thread(target=listen, daemon=True).start()
if not ready.wait(30):
    sys.exit("no hello on the event stream")

event_ms, served_ms = [], []
for i in range(edits):
    marker = f"bench-edit-{i}-{time.time_ns()}".encode()
    seen = len(events)
    t0 = time.perf_counter()
    with open(note, "ab") as f:
        f.write(b"\n" + marker + b"\n")
    t_saved = time.perf_counter()
    served = None
    deadline = t0 + 120
    while time.perf_counter() < deadline:
        if marker in get(page):
            served = time.perf_counter()
            break
        time.sleep(0.002)
    while len(events) <= seen and time.perf_counter() < deadline:
        time.sleep(0.001)
    if served is None or len(events) <= seen:
        sys.exit(f"edit {i}: no new content or no reload event within 120 s")
    event_ms.append((events[seen] - t_saved) * 1000)
    served_ms.append((served - t_saved) * 1000)
    time.sleep(0.5)

# For comparison: an edit that needs a full rebuild (a comment appended to plan.toml).
full_ms = []
plan_toml = note.rsplit("/workloads/", 1)[0] + "/plan.toml"
for i in range(3):
    seen = len(events)
    with open(plan_toml, "ab") as f:
        f.write(f"\n# bench full rebuild {i}\n".encode())
    t_saved = time.perf_counter()
    deadline = t_saved + 600
    while len(events) <= seen and time.perf_counter() < deadline:
        time.sleep(0.001)
    if len(events) <= seen:
        sys.exit("plan.toml edit: no reload event within 600 s")
    full_ms.append((events[seen] - t_saved) * 1000)
    time.sleep(0.5)

def line(name, xs):
    return f"{name}: median {statistics.median(xs):.0f} ms (min {min(xs):.0f}, max {max(xs):.0f}; {', '.join(f'{x:.0f}' for x in xs)})"
print("  note edit, " + line("save -> reload event", event_ms))
print("  note edit, " + line("save -> new content served", served_ms))
print("  plan.toml edit (full rebuild), " + line("save -> reload event", full_ms))
PY
    echo "  serve's rebuild lines:"
    grep '^changed ' "$log" | sed 's/^/    /'
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
done
