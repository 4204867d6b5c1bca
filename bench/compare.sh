#!/usr/bin/env bash
# Full build of waveplan against Hugo on the same notes, at 1,000 and 10,000 workloads.
#
#   bench/compare.sh [SIZES...]        default: 1000 10000
#
# Builds waveplan in release, generates synthetic plans (examples/synth.rs: notes of about
# 2.5 KB each), writes the same notes as a minimal Hugo site (no theme, one layout;
# taxonomies, RSS and sitemap off), installs Hugo and hyperfine from Debian's packages when
# missing, then times both in alternation with hyperfine (5 runs each, output on disk,
# replaced every run as a user would rebuild). Prints the median wall time of each, the
# ratio waveplan/Hugo and each tool's peak RSS (/usr/bin/time -v, one run).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

need=()
command -v hugo >/dev/null 2>&1 || need+=(hugo)
command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

cargo build --release --quiet --bin waveplan --example synth
waveplan=$PWD/target/release/waveplan
work=${BENCH_DIR:-$(mktemp -d)}
echo "work folder: $work; $(hugo version | cut -d' ' -f1-2); $(nproc) cores"

for n in "${sizes[@]}"; do
  plan=$work/plan-$n
  site=$work/hugo-$n
  rm -rf "$plan" "$site"
  ./target/release/examples/synth "$n" "$plan" 2>/dev/null
  # The same notes as Hugo content, with Hugo's own front matter.
  mkdir -p "$site/content/workloads" "$site/layouts/_default"
  cat > "$site/hugo.toml" <<TOML
baseURL = "http://example.invalid/"
title = "Synthetic"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
TOML
  cat > "$site/layouts/_default/single.html" <<'HTML'
<!doctype html><html><head><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
HTML
  cat > "$site/layouts/_default/list.html" <<'HTML'
<!doctype html><html><head><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
HTML
  for note in "$plan"/workloads/*.md; do
    cp "$note" "$site/content/workloads/"
  done

  echo
  echo "== $n workloads"
  hyperfine --style basic --warmup 1 --runs 5 --export-json "$work/compare-$n.json" \
    -n waveplan "$waveplan build $plan -o $work/waveplan-out-$n 2>/dev/null" \
    -n hugo "hugo --quiet --source $site --destination $work/hugo-out-$n"
  python3 - "$work/compare-$n.json" <<'PY'
import json, statistics, sys
results = {r["command"]: statistics.median(r["times"]) for r in json.load(open(sys.argv[1]))["results"]}
w, h = results["waveplan"], results["hugo"]
print(f"median wall time: waveplan {w:.3f} s, hugo {h:.3f} s, ratio waveplan/hugo {w / h:.2f}")
PY
  for tool in waveplan hugo; do
    if [ $tool = waveplan ]; then
      cmd=("$waveplan" build "$plan" -o "$work/waveplan-out-$n")
    else
      cmd=(hugo --quiet --source "$site" --destination "$work/hugo-out-$n")
    fi
    rss=$(/usr/bin/time -v "${cmd[@]}" 2>&1 >/dev/null | awk '/Maximum resident/ {print $6}')
    echo "peak RSS: $tool $((rss / 1024)) MiB"
  done
done
