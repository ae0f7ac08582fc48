#!/usr/bin/env bash
# CPU per page: iki on phone photos of a decree against iki on the plain scan
# of the same decree, and OCRmyPDF (--deskew --rotate-pages) on the same photos,
# all in one run, one core each (--jobs 1). Usage: bash bench/photo.sh [DECREE]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus
decree=${1:-kromengan-2019}
iki=./target/release/iki
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }
cpu() { # command... -> user+sys seconds
  /usr/bin/time -f "%U %S" -o "$tmp/t" "$@" >/dev/null 2>&1 || true
  awk '{print $1 + $2}' "$tmp/t"
}
echo "| what | pages | CPU s | CPU s / page | vs scan |"
echo "|---|---|---|---|---|"
scan=$corpus/scanned/${decree}__scanned.pdf
s=$(cpu "$iki" ingest "$scan" --out "$tmp/s" --jobs 1 --quiet)
sp=$(pages "$scan")
per_scan=$(echo "$s / $sp" | bc -l)
printf '| iki, plain scan | %d | %.1f | %.2f | 1.00 |\n' "$sp" "$s" "$per_scan"
for kind in mild strong; do
  f=$corpus/photo/${decree}__photo-$kind.pdf
  n=$(pages "$f")
  c=$(cpu "$iki" ingest "$f" --out "$tmp/$kind" --jobs 1 --quiet)
  printf '| iki, photo %s | %d | %.1f | %.2f | %.2f |\n' "$kind" "$n" "$c" "$(echo "$c / $n" | bc -l)" "$(echo "$c / $n / $per_scan" | bc -l)"
  if command -v ocrmypdf >/dev/null; then
    c=$(cpu env OMP_THREAD_LIMIT=1 ocrmypdf -q -l ind+eng --deskew --rotate-pages --jobs 1 --force-ocr "$f" "$tmp/o-$kind.pdf")
    printf '| ocrmypdf --deskew --rotate-pages, photo %s | %d | %.1f | %.2f | %.2f |\n' "$kind" "$n" "$c" "$(echo "$c / $n" | bc -l)" "$(echo "$c / $n / $per_scan" | bc -l)"
  fi
done
