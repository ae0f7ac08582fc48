#!/usr/bin/env bash
# Scale benchmark: iki merge, the CSV rebuild, iki compare and iki report on
# synthetic datasets of N documents, and a 10-document import into each.
#
#   bash bench/scale.sh                      # N = 1000 10000 100000 (~15 min, ~25 GB of disk at 100k)
#   SCALE_N="1000 10000" bash bench/scale.sh
#
# For each N: `cargo run --release --example synth_dataset -- N --shards 100`
# writes 100 shard datasets (records drawn from the fixtures' records, see the
# example), then, each timed whole with /usr/bin/time (wall, CPU, peak RSS):
#   merge         iki merge <100 shards> --out DS           (a fresh DS: records copied, CSVs built)
#   rebuild       the full CSV rebuild: iki ingest of a document DS already
#                 holds, after deleting DS/.views (so nothing can be reused)
#   compare       iki compare DS --out CMP
#   report        iki report DS --out report.html           (its size is listed too)
#   import 10     iki ingest of 10 new PDFs into DS (records + incremental CSV rebuild)
# and two peers, the least any program doing these steps must do, timed the
# same way so that the growth of each step can be read against the growth of
# the machine's own costs (memory, page cache, disk) at that size:
#   copy CSVs     cat of the shards' CSVs into one file, and sync (merge's output)
#   read records  cat of every record in DS (what rebuild, compare, report read)
# and checks that the CSVs after the import equal a full rebuild, byte for byte.
# Results: a table on stdout and in $SCALE_WORK/scale.md; raw rows in scale.tsv.
# Settings: SCALE_N, SCALE_WORK (default a fresh /tmp/iki-scale.*, removed at
# the end unless SCALE_KEEP=1), SCALE_JOBS (iki --jobs for the import, default 2),
# SCALE_COLD=1 (drop the page cache before each step; root only).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
NS=${SCALE_N:-1000 10000 100000}
WORK=${SCALE_WORK:-$(mktemp -d /tmp/iki-scale.XXXXXX)}
JOBS=${SCALE_JOBS:-2}
mkdir -p "$WORK"
[ -x /usr/bin/time ] || { apt-get -o DPkg::Lock::Timeout=600 install -y -qq time >/dev/null; }
[ "${SCALE_KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT

cd "$ROOT"
cargo build --release --quiet --bin iki --example synth_dataset
IKI=$ROOT/target/release/iki
SYNTH=$ROOT/target/release/examples/synth_dataset

# Ten new decrees: the three digital fixtures, and copies of them with a
# comment appended after %%EOF (other bytes, so other documents; same content).
NEW=$WORK/new10
mkdir -p "$NEW"
i=0
while [ "$i" -lt 10 ]; do
    for f in fixtures/digital/*.pdf; do
        [ "$i" -lt 10 ] || break
        cp "$f" "$NEW/$(basename "$f" .pdf)-$i.pdf"
        [ "$i" -lt 3 ] || printf '%% copy %d\n' "$i" >>"$NEW/$(basename "$f" .pdf)-$i.pdf"
        i=$((i + 1))
    done
done
ONE=fixtures/digital/jabung-2022__digital-chromium.pdf

TSV=$WORK/scale.tsv
printf 'n\tstep\twall_s\tcpu_s\trss_mb\tnote\n' >"$TSV"
# measure N STEP NOTE CMD...: runs CMD under /usr/bin/time; iki's status 1 (some
# documents failed) counts as success.
measure() {
    local n=$1 step=$2 note=$3; shift 3
    local log=$WORK/time.log status=0
    # SCALE_COLD=1: every step starts with nothing in the page cache (as a
    # national dataset, larger than memory, would), so N = 10,000 is not timed
    # from memory and N = 100,000 from disk. Needs root.
    if [ "${SCALE_COLD:-0}" = 1 ]; then sync; echo 3 >/proc/sys/vm/drop_caches; fi
    /usr/bin/time -v -o "$log" "$@" >"$WORK/out.log" 2>&1 || status=$?
    if [ "$status" -gt 1 ]; then cat "$WORK/out.log" >&2; echo "scale: $step at N=$n failed ($status)" >&2; exit 1; fi
    local wall cpu rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$log")
    cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ {s += $2} END {printf "%.2f", s}' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$log")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$step" "$wall" "$cpu" "$rss" "$note" >>"$TSV"
    printf 'scale: N=%-7s %-10s %8.2f s wall %8.2f s CPU %6s MB %s\n' "$n" "$step" "$wall" "$cpu" "$rss" "$note" >&2
}

for n in $NS; do
    D=$WORK/n$n
    rm -rf "$D"
    "$SYNTH" "$n" --out "$D" --shards 100 2>/dev/null
    # The shards on disk before merge is timed, as a cluster's shards are: its
    # one syncfs would otherwise also write out the generator's 9 GB at 100k.
    sync
    measure "$n" peer_copy "cat of the shards' CSVs + sync" sh -c 'cat "$@" >"$0" && sync "$0"' "$D/peer.csv" "$D"/shards/*/*.csv
    rm -f "$D/peer.csv"
    measure "$n" merge "100 shards" "$IKI" merge "$D"/shards/* --out "$D/ds"
    rm -rf "$D/shards"
    rows=$(($(wc -l <"$D/ds/documents.csv") - 1))
    ind_mb=$(du -m "$D/ds/indicators.csv" | cut -f1)
    measure "$n" peer_read "cat of every record" sh -c 'find "$0" -name "*.json" -print0 | xargs -0 cat >/dev/null' "$D/ds/documents"
    "$IKI" ingest "$ONE" --out "$D/ds" --quiet  # the document the rebuild step finds present
    rm -f "$D/ds/.views"
    measure "$n" rebuild "full; indicators.csv ${ind_mb} MB" "$IKI" ingest "$ONE" --out "$D/ds" --quiet
    measure "$n" compare "" "$IKI" compare "$D/ds" --out "$D/cmp" --quiet
    measure "$n" report "" "$IKI" report "$D/ds" --out "$D/report.html"
    html_kb=$(( $(stat -c %s "$D/report.html") / 1024 ))
    sed -i '$ s/\t$/\thtml '"$html_kb"' KB/' "$TSV"
    measure "$n" import10 "10 new PDFs, incremental CSVs" "$IKI" ingest "$NEW" --out "$D/ds" --jobs "$JOBS" --quiet
    # The incremental CSVs equal a full rebuild.
    mkdir -p "$D/inc"
    cp "$D/ds"/{documents,blocks,indicators}.csv "$D/inc/"
    rm -f "$D/ds/.views"
    "$IKI" ingest "$ONE" --out "$D/ds" --quiet
    for f in documents blocks indicators; do
        cmp -s "$D/inc/$f.csv" "$D/ds/$f.csv" || { echo "scale: N=$n: $f.csv after the import differs from a full rebuild" >&2; exit 1; }
    done
    echo "scale: N=$n: $rows documents in documents.csv; CSVs after the import identical to a full rebuild" >&2
    rm -rf "$D"
done

# The table: seconds and MB per N, and the growth per step (x10 documents):
# time(10N) / time(N), beside 10 log(10N) / log(N), what N log N growth allows.
python3 - "$TSV" >"$WORK/scale.md" <<'PY'
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
ns = sorted({int(r["n"]) for r in rows})
steps = ["merge", "rebuild", "compare", "report", "import10", "peer_copy", "peer_read"]
# Each step's peer: what the step must do at the least.
peer = {"merge": "peer_copy", "rebuild": "peer_read", "compare": "peer_read", "report": "peer_read"}
get = {(int(r["n"]), r["step"]): r for r in rows}
head = "| step | " + " | ".join(f"N={n:,}: wall s / CPU s / MB" for n in ns)
pairs = [(a, b) for a, b in zip(ns, ns[1:]) if b == 10 * a]
growth = [f"{a:,}->{b:,}: x (N log N: x{10 * math.log(b) / math.log(a):.1f})" for a, b in pairs]
vs_peer = [f"{a:,}->{b:,} over its peer's" for a, b in pairs]
print(head + " | " + " | ".join(growth + vs_peer) + " | note |")
print("|---" * (2 + len(ns) + len(growth) + len(vs_peer)) + "|")
def grow(s, a, b):
    ra, rb = get.get((a, s)), get.get((b, s))
    return float(rb["wall_s"]) / max(float(ra["wall_s"]), 0.01) if ra and rb else None
for s in steps:
    cells = []
    for n in ns:
        r = get.get((n, s))
        cells.append(f"{float(r['wall_s']):.2f} / {float(r['cpu_s']):.2f} / {r['rss_mb']}" if r else "")
    gs = [f"{g:.1f}" if (g := grow(s, a, b)) else "" for a, b in pairs]
    for a, b in pairs:
        g, p = grow(s, a, b), grow(peer.get(s, ""), a, b)
        gs.append(f"{g / p:.2f}" if g and p else "")
    note = get.get((ns[-1], s), {}).get("note", "")
    print(f"| {s} | " + " | ".join(cells) + " | " + " | ".join(gs) + f" | {note} |")
PY
cat "$WORK/scale.md"
