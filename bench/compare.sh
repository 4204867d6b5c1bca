#!/usr/bin/env bash
# Full build of waveplan against Hugo on the same notes, at 1,000 and 10,000 workloads.
#
#   bench/compare.sh [SIZES...]        default: 1000 10000
#
# Builds waveplan in release, generates synthetic plans (examples/synth.rs: notes of about
# 2.5 KB each), writes the same notes as a minimal Hugo site (no theme, one layout;
# taxonomies, RSS and sitemap off), installs Hugo and hyperfine from Debian's packages when
# missing, then times both in alternation with hyperfine (5 runs each after a warm-up, into
# the same output folder every run, as a user rebuilds), once with the output on disk (the
# work folder) and once on tmpfs (/dev/shm, or $BENCH_SHM). Prints the median wall time of
# each, the ratio waveplan/Hugo and each tool's peak RSS (/usr/bin/time -v, one run, disk),
# then a summary of every size.
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
mkdir -p "$work"
# tmpfs for the second set of runs: /dev/shm where there is one.
shm=${BENCH_SHM:-/dev/shm}/waveplan-bench-$$
mkdir -p "$shm"
trap 'rm -rf "$shm"' EXIT
: >"$work/summary.txt"
echo "work folder: $work; tmpfs folder: $shm; $(hugo version | cut -d' ' -f1-2); $(nproc) cores"

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

  for where in disk tmpfs; do
    if [ $where = disk ]; then
      dest=$work
    else
      dest=$shm
    fi
    echo
    echo "== $n workloads, output on $where ($dest)"
    rm -rf "$dest/waveplan-out-$n" "$dest/hugo-out-$n"
    hyperfine --style basic --warmup 1 --runs 5 --export-json "$work/compare-$n-$where.json" \
      -n waveplan "$waveplan build $plan -o $dest/waveplan-out-$n 2>/dev/null" \
      -n hugo "hugo --quiet --source $site --destination $dest/hugo-out-$n"
    python3 - "$work/compare-$n-$where.json" "$n" "$where" >>"$work/summary.txt" <<'PY'
import json, statistics, sys
results = {r["command"]: statistics.median(r["times"]) for r in json.load(open(sys.argv[1]))["results"]}
w, h = results["waveplan"], results["hugo"]
print(f"{sys.argv[2]:>6} {sys.argv[3]:<6} waveplan {w:6.3f} s  hugo {h:6.3f} s  ratio {w / h:.2f}")
PY
    tail -n 1 "$work/summary.txt"
  done
  for tool in waveplan hugo; do
    if [ $tool = waveplan ]; then
      cmd=("$waveplan" build "$plan" -o "$work/waveplan-out-$n")
    else
      cmd=(hugo --quiet --source "$site" --destination "$work/hugo-out-$n")
    fi
    rss=$(/usr/bin/time -v "${cmd[@]}" 2>&1 >/dev/null | awk '/Maximum resident/ {print $6}')
    echo "peak RSS: $tool $((rss / 1024)) MiB" | tee -a "$work/summary.txt"
  done
  rm -rf "$shm/waveplan-out-$n" "$shm/hugo-out-$n"
done

echo
echo "== summary (median wall time of 5 runs; ratio = waveplan / Hugo; targets: tmpfs <= 0.5, disk <= 0.7)"
cat "$work/summary.txt"
