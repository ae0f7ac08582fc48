"""Turn bench/run.sh's raw times into the markdown table of BENCHMARKS.md.

Input: a TSV of section, label, round, wall s, cpu s (user+sys), peak RSS KB.
A ratio is the median over rounds of (a / b) for the rounds where both ran:
the two commands of a pair ran next to each other, so load from other
processes hits them alike.
"""
import argparse
import collections
import statistics


def load(path):
    rows = collections.defaultdict(dict)  # (section, label) -> round -> (wall, cpu, rss)
    with open(path) as f:
        for line in f:
            section, label, rnd, wall, cpu, rss = line.rstrip("\n").split("\t")
            rows[(section, label)][int(rnd)] = (float(wall), float(cpu), int(rss))
    return rows


def med(rows, key, i):
    return statistics.median(v[i] for v in rows[key].values())


def paired(rows, a, b, i):
    """Median over shared rounds of a/b for field i (0 wall, 1 cpu)."""
    shared = sorted(set(rows[a]) & set(rows[b]))
    ratios = [rows[a][r][i] / rows[b][r][i] for r in shared if rows[b][r][i] > 0]
    return statistics.median(ratios) if ratios else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("times")
    for opt in ("jobs", "runs", "slow-runs", "digital", "bulk", "scanned", "big", "machine", "version"):
        ap.add_argument("--" + opt, default="")
    a = ap.parse_args()
    rows = load(a.times)
    j = a.jobs
    out = []
    p = out.append

    p(f"Machine: {a.machine}. Built: {a.version}.")
    p(f"Rounds: {a.runs} (fast commands), {a.slow_runs} (pdfplumber, OCR). "
      f"Digital set: {a.digital}. Scaling set: {a.bulk}. Scanned set: {a.scanned}. Large PDF: {a.big}.")
    p("")
    p("| section | command | runs | median wall s | median CPU s | peak RSS MB |")
    p("|---|---|---:|---:|---:|---:|")
    for key in rows:
        section, label = key
        n = len(rows[key])
        rss = max(v[2] for v in rows[key].values()) / 1024
        p(f"| {section} | `{label}` | {n} | {med(rows, key, 0):.3f} | {med(rows, key, 1):.3f} | {rss:.0f} |")
    p("")

    checks = []  # (what, value, target text, ok)

    def ratio(section, num, den, what, target=None, invert=False, on_cpu=False):
        ka, kb = (section, num), (section, den)
        if ka not in rows or kb not in rows:
            return
        w, c = paired(rows, ka, kb, 0), paired(rows, ka, kb, 1)
        if w is None:
            return
        ok = ""
        if target is not None:
            v = c if on_cpu else w
            ok = "met" if (v >= target if invert else v <= target) else "MISSED"
            ok = f"{'>=' if invert else '<='} {target}: **{ok}**"
        checks.append((what, w, c, ok))

    ratio("digital", "iki --jobs 1", "pdftotext -layout",
          "digital: iki --jobs 1 / pdftotext -layout (both one core; headline)", 1.0)
    ratio("digital", f"iki --jobs {j}", "pdftotext -layout",
          f"digital: iki --jobs {j} / pdftotext -layout")
    ratio("scaling", "iki --jobs 1", "pdftotext -layout, xargs -P 1",
          "bulk digital: iki --jobs 1 / pdftotext -layout one at a time (same claim, bulk set)", 1.0)
    ratio("scaling", f"iki --jobs {j}", f"pdftotext -layout, xargs -P {j}",
          f"bulk digital: iki --jobs {j} / pdftotext -layout xargs -P {j}", 1.0)
    ratio("digital", "pdfplumber tables", "iki --jobs 1",
          "digital: pdfplumber / iki --jobs 1 (speed-up; both one core; headline)", 50, invert=True)
    ratio("digital", "pdfplumber tables", f"iki --jobs {j}",
          f"digital: pdfplumber / iki --jobs {j} (speed-up)")
    ratio("scanned", f"iki --jobs {j}", f"tesseract, xargs -P {j}",
          f"scanned: iki --jobs {j} / tesseract xargs -P {j} (headline)", 1.10)
    ratio("scanned", "iki --jobs 1", "tesseract, sequential",
          "scanned: iki --jobs 1 / tesseract sequential", 1.10)
    ratio("scanned", "iki --jobs 1", "tesseract, one process per PDF, sequential",
          "scanned: iki --jobs 1 / tesseract one process per PDF (list file), sequential")
    ratio("scanned", "iki --jobs 1", "ocrmypdf --deskew --jobs 1, sequential",
          "scanned: iki --jobs 1 / ocrmypdf --deskew --jobs 1 (headline; target on CPU)", 0.60, on_cpu=True)
    ratio("scanned", "iki --jobs 1, the searchable PDFs", "iki --jobs 1",
          "searchable: iki on ocrmypdf's output / iki on the plain scans")
    ratio("scanned", f"tesseract on iki's deskewed images, xargs -P {j}", f"tesseract, xargs -P {j}",
          "scanned, split: tesseract on iki's deskewed images / on the original JPEGs")
    ratio("scanned", f"iki --jobs {j}", f"tesseract on iki's deskewed images, xargs -P {j}",
          "scanned, split: iki / tesseract on iki's deskewed images (iki's own work)")
    ratio("scaling", "iki --jobs 1", f"iki --jobs {j}",
          f"scaling, bulk digital: throughput iki --jobs {j} / --jobs 1", 1.8, invert=True)
    ratio("scaling", "pdftotext -layout, xargs -P 1", f"pdftotext -layout, xargs -P {j}",
          f"scaling, bulk digital: pdftotext xargs -P {j} / -P 1 (what the machine allows)")
    ratio("digital", "iki --jobs 1", f"iki --jobs {j}",
          f"scaling, digital set: throughput iki --jobs {j} / --jobs 1")
    ratio("scanned", "iki --jobs 1", f"iki --jobs {j}",
          f"scaling, scanned: throughput iki --jobs {j} / --jobs 1")
    ratio("scanned", "tesseract, sequential", f"tesseract, xargs -P {j}",
          f"scaling, scanned: bare tesseract -P {j} / sequential (what the machine allows)")

    # Scaling relative to what the machine gave a perfectly parallel peer in
    # the same rounds (1.0 = iki scales as well as independent processes).
    k1, k2 = ("scaling", "iki --jobs 1"), ("scaling", f"iki --jobs {j}")
    q1, q2 = ("scaling", "pdftotext -layout, xargs -P 1"), ("scaling", f"pdftotext -layout, xargs -P {j}")
    if all(k in rows for k in (k1, k2, q1, q2)):
        shared = sorted(set(rows[k1]) & set(rows[k2]) & set(rows[q1]) & set(rows[q2]))
        eff = [(rows[k1][r][0] / rows[k2][r][0]) / (rows[q1][r][0] / rows[q2][r][0]) for r in shared]
        if eff:
            checks.append((f"scaling, bulk digital: iki's speed-up / pdftotext's speed-up in the same rounds",
                           statistics.median(eff), float("nan"), ""))

    c1, cj = ("scaling", "calibration: 1 busy loop"), ("scaling", f"calibration: {j} busy loops at once")
    if c1 in rows and cj in rows:
        shared = sorted(set(rows[c1]) & set(rows[cj]))
        cal = [int(j) * rows[c1][r][0] / rows[cj][r][0] for r in shared]
        if cal:
            checks.append((f"machine: throughput of {j} busy loops at once / one loop (the ceiling of any --jobs {j} speed-up here)",
                           statistics.median(cal), float("nan"), ""))

    p("| ratio (median of per-round ratios) | wall | CPU | target |")
    p("|---|---:|---:|---|")
    for what, w, c, ok in checks:
        cpu = "" if c != c else f"{c:.3f}"
        p(f"| {what} | {w:.3f} | {cpu} | {ok} |")
    for label in (f"iki --jobs {j}, big.pdf", "iki --jobs 1, big.pdf"):
        key = ("memory", label)
        if key in rows:
            rss = max(v[2] for v in rows[key].values()) / 1024
            p(f"| memory: peak RSS of `{label}`, MB (max over runs) | {rss:.0f} | | < 300: **{'met' if rss < 300 else 'MISSED'}** |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
