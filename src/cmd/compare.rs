//! `iki compare <DATASET> --out <DIR>`: groups the dataset's indicators that mean
//! the same (logic in `crate::compare`) and writes two CSV files.
//!
//! `indicator_groups.csv`, tidy, one row per indicator occurrence that has an
//! indicator text, sorted by group label, group_id, doc_id, block, row:
//! group_id, group_label, group_size (occurrences in the group),
//! group_kecamatan_count (distinct wilayah + kecamatan in the group), doc_id,
//! wilayah, kecamatan, tahun, jabatan, role, indikator (as written),
//! indikator_normalized, block, row (0-based positions in the record, to join
//! with `indicators.csv`).
//!
//! `kecamatan_matrix.csv`, one row per group and one per role, one column per
//! kecamatan (`<wilayah> / <kecamatan>`, sorted): dimension (`group` or `role`),
//! key (group_id or role), label (group label or role), total, then the counts:
//! indicator occurrences of the group, or jabatan blocks with the role. Rows:
//! roles first (contract order), then groups by total, descending.
//!
//! Exit status: 0, or 2 when the dataset cannot be read or the output written.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;

use crate::cli::CompareArgs;
use crate::compare::{self, Item};
use crate::dataset::write_atomic;
use crate::normalize::roles::ROLES;

struct Occurrence<'a> {
    doc_id: &'a str,
    place: String,
    wilayah: &'a str,
    kecamatan: &'a str,
    tahun: String,
    jabatan: &'a str,
    role: &'a str,
    indikator: &'a str,
    normalized: &'a str,
    block: usize,
    row: usize,
}

pub fn run(args: &CompareArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let dataset = super::open_dataset(&args.dataset)?;
    let files = std::fs::read_dir(args.dataset.join("documents"))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .count();
    // Hand corrections apply here as in the CSV views (row numbers as extracted).
    let (docs, fixes) = dataset.corrected_documents().with_context(|| format!("cannot read the records of {}", args.dataset.display()))?;
    if docs.len() < files {
        eprintln!(
            "iki: {} of {files} records could not be read (written by another schema version?): run `iki ingest` again on their PDFs",
            files - docs.len()
        );
    }

    let place = |w: &str, k: &str| format!("{} / {}", if w.is_empty() { "?" } else { w }, if k.is_empty() { "?" } else { k });
    let mut occ: Vec<Occurrence> = Vec::new();
    let mut role_counts: BTreeMap<(&str, String), usize> = BTreeMap::new();
    let mut places: BTreeSet<String> = BTreeSet::new();
    for d in &docs {
        let wilayah = d.metadata.wilayah.as_deref().unwrap_or("");
        let kecamatan = d.metadata.kecamatan.as_deref().unwrap_or("");
        if d.blocks.is_empty() {
            continue;
        }
        let p = place(wilayah, kecamatan);
        places.insert(p.clone());
        for (bi, b) in d.blocks.iter().enumerate() {
            *role_counts.entry((b.role.as_str(), p.clone())).or_default() += 1;
            for (ri, r) in b.indicators.iter().enumerate() {
                let Some(raw) = r.indikator.as_deref() else { continue };
                occ.push(Occurrence {
                    doc_id: &d.doc_id,
                    place: p.clone(),
                    wilayah,
                    kecamatan,
                    tahun: d.metadata.tahun.map(|t| t.to_string()).unwrap_or_default(),
                    jabatan: &b.jabatan,
                    role: &b.role,
                    indikator: raw,
                    normalized: r.normalized.indikator.as_deref().unwrap_or(raw),
                    block: bi,
                    row: fixes.row_of(&d.doc_id, bi, ri),
                });
            }
        }
    }

    let items: Vec<Item> = occ
        .iter()
        .map(|o| Item { text: o.normalized.to_string(), kecamatan: (!o.kecamatan.is_empty()).then(|| o.kecamatan.to_string()) })
        .collect();
    let grouping = compare::group(&items);

    std::fs::create_dir_all(&args.out).with_context(|| format!("cannot create the output folder {}", args.out.display()))?;
    let kec_count: Vec<usize> =
        grouping.groups.iter().map(|g| g.members.iter().map(|&i| occ[i].place.as_str()).collect::<BTreeSet<_>>().len()).collect();

    // indicator_groups.csv
    let mut rows: Vec<(usize, usize)> = grouping.group_of.iter().enumerate().filter_map(|(i, g)| g.map(|g| (g, i))).collect();
    rows.sort_by(|a, b| {
        let (oa, ob) = (&occ[a.1], &occ[b.1]);
        a.0.cmp(&b.0).then_with(|| (oa.doc_id, oa.block, oa.row).cmp(&(ob.doc_id, ob.block, ob.row)))
    });
    let mut w = writer(args.excel_bom);
    w.write_record([
        "group_id",
        "group_label",
        "group_size",
        "group_kecamatan_count",
        "doc_id",
        "wilayah",
        "kecamatan",
        "tahun",
        "jabatan",
        "role",
        "indikator",
        "indikator_normalized",
        "block",
        "row",
    ])?;
    for &(gi, i) in &rows {
        let (g, o) = (&grouping.groups[gi], &occ[i]);
        w.write_record([
            g.id.as_str(),
            &g.label,
            &g.members.len().to_string(),
            &kec_count[gi].to_string(),
            o.doc_id,
            o.wilayah,
            o.kecamatan,
            &o.tahun,
            o.jabatan,
            o.role,
            o.indikator,
            o.normalized,
            &o.block.to_string(),
            &o.row.to_string(),
        ])?;
    }
    write_out(&args.out.join("indicator_groups.csv"), w)?;

    // kecamatan_matrix.csv
    let places: Vec<String> = places.into_iter().collect();
    let mut w = writer(args.excel_bom);
    let mut header = vec!["dimension".to_string(), "key".into(), "label".into(), "total".into()];
    header.extend(places.iter().cloned());
    w.write_record(&header)?;
    let mut roles: Vec<&str> = ROLES.to_vec();
    for (r, _) in role_counts.keys() {
        if !roles.contains(r) {
            roles.push(r);
        }
    }
    for r in roles {
        let counts: Vec<usize> = places.iter().map(|p| role_counts.get(&(r, p.clone())).copied().unwrap_or(0)).collect();
        let total: usize = counts.iter().sum();
        if total == 0 {
            continue;
        }
        let mut rec = vec!["role".to_string(), r.to_string(), r.to_string(), total.to_string()];
        rec.extend(counts.iter().map(usize::to_string));
        w.write_record(&rec)?;
    }
    let mut order: Vec<usize> = (0..grouping.groups.len()).collect();
    order.sort_by(|&a, &b| grouping.groups[b].members.len().cmp(&grouping.groups[a].members.len()).then(a.cmp(&b)));
    for gi in order {
        let g = &grouping.groups[gi];
        let mut per: BTreeMap<&str, usize> = BTreeMap::new();
        for &i in &g.members {
            *per.entry(occ[i].place.as_str()).or_default() += 1;
        }
        let mut rec = vec!["group".to_string(), g.id.clone(), g.label.clone(), g.members.len().to_string()];
        rec.extend(places.iter().map(|p| per.get(p.as_str()).copied().unwrap_or(0).to_string()));
        w.write_record(&rec)?;
    }
    write_out(&args.out.join("kecamatan_matrix.csv"), w)?;

    if !args.quiet {
        eprintln!(
            "iki: {} indicators from {} documents in {} groups ({} shared by 2 or more kecamatan), {:.1}s; wrote {}",
            rows.len(),
            docs.len(),
            grouping.groups.len(),
            kec_count.iter().filter(|&&k| k >= 2).count(),
            started.elapsed().as_secs_f64(),
            args.out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn writer(bom: bool) -> csv::Writer<Vec<u8>> {
    let buf = if bom { "\u{feff}".as_bytes().to_vec() } else { Vec::new() };
    csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(buf)
}

fn write_out(path: &Path, w: csv::Writer<Vec<u8>>) -> anyhow::Result<()> {
    let bytes = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    write_atomic(path, &bytes).with_context(|| format!("cannot write {}", path.display()))
}
