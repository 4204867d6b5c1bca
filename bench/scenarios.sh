#!/usr/bin/env bash
# The cost of scenarios: a synthetic plan of N workloads built as it is and with five
# scenarios (spec: well under twice the time). Needs a release build and hyperfine.
#   cargo build --release --bin waveplan --example synth && bench/scenarios.sh 1000
set -euo pipefail
n=${1:-1000}
bin=${WAVEPLAN_BIN:-target/release/waveplan}
synth=${SYNTH_BIN:-target/release/examples/synth}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$synth" "$n" "$work/plain" 2>/dev/null
cp -r "$work/plain" "$work/five"
cat >> "$work/five/plan.toml" <<'TOML'

[[scenario]]
name = "Bigger buffer"
plan = { estimate_buffer_percent = 40 }

[[scenario]]
name = "Twice the VPN"
network = { vpn_mbps = 2000 }

[[scenario]]
name = "Night copies only"
network = { transfer_hours_per_day = 10 }

[[scenario]]
name = "Faster internet"
network = { internet_mbps = 4000 }

[[scenario]]
name = "Lower utilization"
network = { utilization = 0.6 }
TOML
"$bin" check "$work/five" >/dev/null 2>&1 || { "$bin" check "$work/five" 2>&1 | tail -12; exit 1; }
hyperfine --warmup 1 --runs 5 \
  -n "$n workloads" "$bin build -q $work/plain -o $work/out-plain" \
  -n "$n workloads, 5 scenarios" "$bin build -q $work/five -o $work/out-five"
