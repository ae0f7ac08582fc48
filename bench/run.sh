#!/usr/bin/env bash
# Benchmarks of `iki ingest` against what a user would otherwise run, on the
# same files in the same run. See BENCHMARKS.md for what each row means.
#
#   bash bench/run.sh                 # everything, defaults below
#   BENCH_RUNS=7 bash bench/run.sh    # more rounds
#
# Settings (environment):
#   BENCH_RUNS        rounds of the fast commands (default 5)
#   BENCH_SLOW_RUNS   rounds of pdfplumber and of the OCR commands (default 3)
#   BENCH_JOBS        the parallel setting: iki --jobs N and xargs -P N (default 2)
#   BENCH_OCR_PAGES   pages of each scanned PDF to use, qpdf syntax (default 3-4:
#                     two lampiran table pages of each; 1-z for all 63 pages,
#                     which takes ~4x longer)
#   BENCH_BULK        copies of the digital PDFs in the scaling set (default 5;
#                     each copy gets a distinct trailing comment, so distinct
#                     bytes and a distinct doc_id)
#   BENCH_LAMPIRAN    first lampiran page of the digital-chromium PDFs (default 3)
#   BENCH_REPEAT      how many times the lampiran pages are joined (default 20)
#   BENCH_SECTIONS    comma list of digital,scaling,scanned,memory (default all)
#   BENCH_CORPUS      the corpus folder (default ../shared/corpus)
#   BENCH_WORK        scratch folder (default a fresh /tmp/iki-bench.*)
#
# Every command is timed whole with /usr/bin/time (CPU time, peak RSS) and a
# nanosecond wall clock. The commands of a section run interleaved, round by
# round (A B C, A B C, ...), so load from other processes hits every command
# alike; a ratio is the median of the per-round ratios.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=${BENCH_CORPUS:-$ROOT/../shared/corpus}
RUNS=${BENCH_RUNS:-5}
SLOW_RUNS=${BENCH_SLOW_RUNS:-3}
JOBS=${BENCH_JOBS:-2}
OCR_PAGES=${BENCH_OCR_PAGES:-3-4}
BULK=${BENCH_BULK:-5}
LAMPIRAN=${BENCH_LAMPIRAN:-3}
REPEAT=${BENCH_REPEAT:-20}
SECTIONS=${BENCH_SECTIONS:-digital,scaling,scanned,memory}
WORK=${BENCH_WORK:-$(mktemp -d /tmp/iki-bench.XXXXXX)}
mkdir -p "$WORK"
IKI=$ROOT/target/release/iki
TIMES=$WORK/times.tsv
: >"$TIMES"

log() { printf '%s\n' "$*" >&2; }
has() { [[ ",$SECTIONS," == *",$1,"* ]]; }

# --- peers ----------------------------------------------------------------
install_peers() {
    local missing=()
    command -v pdftotext >/dev/null && command -v pdfimages >/dev/null || missing+=(poppler-utils)
    command -v qpdf >/dev/null || missing+=(qpdf)
    command -v tesseract >/dev/null || missing+=(tesseract-ocr)
    tesseract --list-langs 2>/dev/null | grep -qx ind || missing+=(tesseract-ocr-ind)
    tesseract --list-langs 2>/dev/null | grep -qx eng || missing+=(tesseract-ocr-eng)
    [ -x /usr/bin/time ] || missing+=(time)
    command -v gs >/dev/null || missing+=(ghostscript)
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing ${missing[*]}"
        local sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    if ! python3 -c 'import pdfplumber' 2>/dev/null; then
        log "installing pdfplumber"
        python3 -m pip install --quiet pdfplumber
    fi
    if has scanned && ! command -v ocrmypdf >/dev/null; then
        log "installing ocrmypdf"
        python3 -m pip install --quiet ocrmypdf
    fi
}

# --- timing ---------------------------------------------------------------
# measure SECTION LABEL ROUND CMD: run CMD in bash, append
# section, label, round, wall s, cpu s (user+sys), peak RSS KB to $TIMES.
measure() {
    local section=$1 label=$2 round=$3 cmd=$4 t0 t1
    t0=$(date +%s.%N)
    if ! /usr/bin/time -f '%U %S %M' -o "$WORK/time.out" bash -c "$cmd" >"$WORK/cmd.log" 2>&1; then
        log "FAILED: $label: $cmd"
        tail -20 "$WORK/cmd.log" >&2
        exit 1
    fi
    t1=$(date +%s.%N)
    read -r user sys rss <"$WORK/time.out"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$section" "$label" "$round" \
        "$(echo "$t1 - $t0" | bc -l)" "$(echo "$user + $sys" | bc -l)" "$rss" >>"$TIMES"
    log "  $section/$label round $round: $(echo "$t1 - $t0" | bc -l | cut -c1-6) s"
}

# A fresh dataset for every iki run: iki skips documents already in --out.
iki_cmd() { echo "rm -rf '$WORK/ds' && '$IKI' ingest $* --out '$WORK/ds' --quiet"; }

quote_all() { local q=; for f in "$@"; do q+=" '$f'"; done; echo "$q"; }

# --- build ----------------------------------------------------------------
install_peers
command -v bc >/dev/null || { log "bc is needed"; exit 1; }
log "building iki (release)"
(cd "$ROOT" && cargo build --release --quiet)
NCPU=$(nproc)

# --- digital --------------------------------------------------------------
DIGITAL=("$CORPUS"/digital-chromium/*.pdf "$CORPUS"/digital-office/*.pdf)
DQ=$(quote_all "${DIGITAL[@]}")
DIGITAL_PAGES=0
for f in "${DIGITAL[@]}"; do DIGITAL_PAGES=$((DIGITAL_PAGES + $(pdfinfo "$f" | awk '/^Pages:/{print $2}'))); done
if has digital; then
    log "digital: ${#DIGITAL[@]} PDFs, $DIGITAL_PAGES pages"
    mkdir -p "$WORK/txt"
    for r in $(seq 1 "$RUNS"); do
        measure digital "pdftotext -layout" "$r" \
            "for f in $DQ; do pdftotext -layout \"\$f\" '$WORK/txt/'\$(basename \"\$f\" .pdf).txt; done"
        measure digital "iki --jobs 1" "$r" "$(iki_cmd "$DQ" --jobs 1)"
        measure digital "iki --jobs $JOBS" "$r" "$(iki_cmd "$DQ" --jobs "$JOBS")"
        if [ "$r" -le "$SLOW_RUNS" ]; then
            measure digital "pdfplumber tables" "$r" "python3 '$ROOT/bench/plumber_tables.py' $DQ"
        fi
    done
fi

# --- scaling --------------------------------------------------------------
# A bulk import: BULK distinct copies of the digital PDFs. The peer row (the
# same pdftotext work under xargs -P 1 and -P JOBS) shows how much parallel
# speed-up the machine itself allows during the run.
BULK_DOCS=0
if has scaling; then
    mkdir -p "$WORK/bulk" "$WORK/bulktxt"
    rm -f "$WORK/bulk"/*
    for c in $(seq 1 "$BULK"); do
        for f in "${DIGITAL[@]}"; do
            out=$WORK/bulk/$(basename "$f" .pdf)-copy$c.pdf
            cp "$f" "$out"
            printf '%% bench copy %s\n' "$c" >>"$out"
        done
    done
    BULK_DOCS=$(ls "$WORK/bulk" | wc -l)
    log "scaling: $BULK_DOCS PDFs ($BULK copies of the digital set)"
    # The ceiling: the same CPU-only shell loop, once, and JOBS copies at once.
    SPIN='i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done'
    for r in $(seq 1 "$RUNS"); do
        measure scaling "calibration: 1 busy loop" "$r" "$SPIN"
        measure scaling "calibration: $JOBS busy loops at once" "$r" \
            "for k in \$(seq 1 $JOBS); do ( $SPIN ) & done; wait"
        measure scaling "iki --jobs 1" "$r" "$(iki_cmd "'$WORK/bulk'" --jobs 1)"
        measure scaling "iki --jobs $JOBS" "$r" "$(iki_cmd "'$WORK/bulk'" --jobs "$JOBS")"
        measure scaling "pdftotext -layout, xargs -P 1" "$r" \
            "ls '$WORK/bulk'/*.pdf | xargs -P 1 -I{} sh -c 'pdftotext -layout {} $WORK/bulktxt/\$(basename {}).txt'"
        measure scaling "pdftotext -layout, xargs -P $JOBS" "$r" \
            "ls '$WORK/bulk'/*.pdf | xargs -P $JOBS -I{} sh -c 'pdftotext -layout {} $WORK/bulktxt/\$(basename {}).txt'"
    done
fi

# --- scanned --------------------------------------------------------------
SCANNED_PAGES=0
if has scanned; then
    mkdir -p "$WORK/scanned" "$WORK/pages" "$WORK/searchable"
    rm -f "$WORK/pages"/* "$WORK/searchable"/*
    SCANNED=()
    for f in "$CORPUS"/scanned/*.pdf; do
        out=$WORK/scanned/$(basename "$f")
        qpdf --empty --pages "$f" "$OCR_PAGES" -- "$out"
        SCANNED+=("$out")
        pdfimages -j "$out" "$WORK/pages/$(basename "$f" .pdf)"
    done
    SQ=$(quote_all "${SCANNED[@]}")
    # One list file per PDF: bare tesseract reading a PDF's pages in one
    # process (models loaded once per PDF), as iki does with --jobs 1.
    mkdir -p "$WORK/lists"
    rm -f "$WORK/lists"/*
    for f in "${SCANNED[@]}"; do
        b=$(basename "$f" .pdf)
        ls "$WORK/pages/$b"-*.jpg >"$WORK/lists/$b.txt"
    done
    SCANNED_PAGES=$(ls "$WORK/pages" | wc -l)
    if ls "$WORK/pages" | grep -qv '\.jpg$'; then
        log "scanned pages are not all JPEG: the bare tesseract rows would not read the same bytes"; exit 1
    fi
    log "scanned: ${#SCANNED[@]} PDFs, $SCANNED_PAGES page images (pages $OCR_PAGES)"
    # What iki runs per page (src/ocr/tesseract.rs): one thread, psm 4, the dpi, TSV.
    TESS="OMP_THREAD_LIMIT=1 tesseract {} {} -l ind+eng --psm 4 --dpi 200 tsv"
    # The images iki hands to Tesseract (deskewed, lossless), caught once by a
    # wrapper on PATH: bare tesseract on them splits iki's overhead into
    # "Tesseract reads a deskewed page" and "iki's own work".
    mkdir -p "$WORK/wrap" "$WORK/deskewed"
    rm -f "$WORK/deskewed"/*
    cat >"$WORK/wrap/tesseract" <<WRAP
#!/bin/sh
case "\$1" in
    *.png|*.pgm|*.tif) cp "\$1" "$WORK/deskewed/\$(date +%s%N)-\$\$.\${1##*.}";;
    *.list) while read -r f; do cp "\$f" "$WORK/deskewed/\$(date +%s%N)-\$\$.\${f##*.}"; done <"\$1";;
esac
exec $(command -v tesseract) "\$@"
WRAP
    chmod +x "$WORK/wrap/tesseract"
    rm -rf "$WORK/ds"
    PATH="$WORK/wrap:$PATH" "$IKI" ingest "${SCANNED[@]}" --out "$WORK/ds" --quiet --jobs 1 >/dev/null 2>&1 || true
    CAUGHT=$(ls "$WORK/deskewed" | wc -l)
    log "caught $CAUGHT deskewed page images"
    for r in $(seq 1 "$SLOW_RUNS"); do
        measure scanned "tesseract, xargs -P $JOBS" "$r" \
            "ls '$WORK/pages'/*.jpg | xargs -P $JOBS -I{} sh -c '$TESS'"
        measure scanned "iki --jobs $JOBS" "$r" "$(iki_cmd "$SQ" --jobs "$JOBS")"
        if [ "$CAUGHT" -eq "$SCANNED_PAGES" ]; then
            measure scanned "tesseract on iki's deskewed images, xargs -P $JOBS" "$r" \
                "ls '$WORK/deskewed'/* | grep -v '[.]tsv$' | xargs -P $JOBS -I{} sh -c '$TESS'"
        fi
        measure scanned "tesseract, sequential" "$r" \
            "ls '$WORK/pages'/*.jpg | xargs -P 1 -I{} sh -c '$TESS'"
        measure scanned "iki --jobs 1" "$r" "$(iki_cmd "$SQ" --jobs 1)"
        measure scanned "tesseract, one process per PDF, sequential" "$r" \
            "for l in '$WORK/lists'/*.txt; do OMP_THREAD_LIMIT=1 tesseract \"\$l\" \"\$l.out\" -l ind+eng --psm 4 --dpi 200 tsv; done"
        # The searchable-PDF maker an office would run on the same PDFs (it
        # also deskews, finds no tables), and iki on what it writes.
        measure scanned "ocrmypdf --deskew --jobs 1, sequential" "$r" \
            "for f in $SQ; do OMP_THREAD_LIMIT=1 ocrmypdf -q -l ind+eng --deskew --jobs 1 \"\$f\" '$WORK/searchable/'\$(basename \"\$f\"); done"
        measure scanned "iki --jobs 1, the searchable PDFs" "$r" "$(iki_cmd "'$WORK/searchable'" --jobs 1)"
    done
fi

# --- memory ---------------------------------------------------------------
BIG_PAGES=0
if has memory; then
    args=()
    for _ in $(seq 1 "$REPEAT"); do
        for f in "$CORPUS"/digital-chromium/*.pdf; do args+=("$f" "$LAMPIRAN-z"); done
    done
    qpdf --empty --pages "${args[@]}" -- "$WORK/big.pdf"
    BIG_PAGES=$(pdfinfo "$WORK/big.pdf" | awk '/^Pages:/{print $2}')
    log "memory: big.pdf, $BIG_PAGES pages, $(du -m "$WORK/big.pdf" | cut -f1) MB"
    for r in 1 2; do
        measure memory "iki --jobs $JOBS, big.pdf" "$r" "$(iki_cmd "'$WORK/big.pdf'" --jobs "$JOBS")"
        measure memory "iki --jobs 1, big.pdf" "$r" "$(iki_cmd "'$WORK/big.pdf'" --jobs 1)"
        measure memory "pdftotext -layout, big.pdf" "$r" "pdftotext -layout '$WORK/big.pdf' '$WORK/big.txt'"
    done
fi

# --- report ---------------------------------------------------------------
MACHINE="$(nproc) cores, $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo), load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$ROOT/bench/report.py" "$TIMES" \
    --jobs "$JOBS" --runs "$RUNS" --slow-runs "$SLOW_RUNS" \
    --digital "${#DIGITAL[@]} PDFs, $DIGITAL_PAGES pages" \
    --bulk "$BULK_DOCS PDFs ($BULK distinct copies of the digital set)" \
    --scanned "$SCANNED_PAGES page images (pages $OCR_PAGES of each scanned PDF)" \
    --big "$BIG_PAGES pages" \
    --machine "$MACHINE" \
    --version "$("$IKI" --version 2>/dev/null || echo iki), $(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD -- src || echo +dirty)" \
    | tee "$ROOT/bench/results.md"
log "raw times: $TIMES"
