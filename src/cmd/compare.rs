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

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use rayon::prelude::*;
use serde::Deserialize;

use crate::cli::CompareArgs;
use crate::compare::{self, Item};
use crate::corrections::{Applied, CorrectedViews};
use crate::normalize::roles::ROLES;
use crate::record::DocumentRecord;

/// Strings kept once however often they occur (jabatan, indicator texts...).
#[derive(Default)]
struct Strings {
    ids: HashMap<Box<str>, u32>,
    all: Vec<Box<str>>,
}

impl Strings {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.all.len() as u32;
        self.all.push(s.into());
        self.ids.insert(s.into(), i);
        i
    }
    fn get(&self, i: u32) -> &str {
        &self.all[i as usize]
    }
}

/// What compare reads of a record: the JSON parser skips everything else
/// (cells, tugas, fungsi...) without building it, which halves the reading of
/// a national dataset (10 GB of records).
#[derive(Deserialize)]
struct Record {
    doc_id: String,
    metadata: Metadata,
    blocks: Vec<Block>,
}

#[derive(Deserialize)]
struct Metadata {
    wilayah: Option<String>,
    kecamatan: Option<String>,
    tahun: Option<i32>,
}

#[derive(Deserialize)]
struct Block {
    jabatan: String,
    role: String,
    indicators: Vec<Row>,
}

#[derive(Deserialize)]
struct Row {
    indikator: Option<String>,
    normalized: Normalized,
}

#[derive(Deserialize)]
struct Normalized {
    indikator: Option<String>,
}

impl From<DocumentRecord> for Record {
    fn from(d: DocumentRecord) -> Record {
        let m = d.metadata;
        Record {
            doc_id: d.doc_id,
            metadata: Metadata { wilayah: m.wilayah, kecamatan: m.kecamatan, tahun: m.tahun },
            blocks: d
                .blocks
                .into_iter()
                .map(|b| Block {
                    jabatan: b.jabatan,
                    role: b.role,
                    indicators: b
                        .indicators
                        .into_iter()
                        .map(|r| Row { indikator: r.indikator, normalized: Normalized { indikator: r.normalized.indikator } })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// A document's columns in the output.
struct Doc {
    doc_id: String,
    wilayah: String,
    kecamatan: String,
    tahun: String,
    place: u32,
}

/// One indicator occurrence: indices into the documents and strings.
struct Occurrence {
    doc: u32,
    jabatan: u32,
    role: u32,
    indikator: u32,
    normalized: u32,
    /// The distinct (normalized text, kecamatan) item it counts for.
    item: u32,
    block: u32,
    row: u32,
}

pub fn run(args: &CompareArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let dataset = super::open_dataset(&args.dataset)?;
    let ids = dataset.doc_ids().with_context(|| format!("cannot read the records of {}", args.dataset.display()))?;

    // Read the records in chunks (in parallel), keeping only what the output
    // needs, each string once: memory follows the distinct texts, not the
    // archive's ~100 KB of JSON per record.
    let place = |w: &str, k: &str| format!("{} / {}", if w.is_empty() { "?" } else { w }, if k.is_empty() { "?" } else { k });
    let mut strings = Strings::default();
    let mut docs: Vec<Doc> = Vec::new();
    let mut occ: Vec<Occurrence> = Vec::new();
    let mut role_counts: BTreeMap<(u32, u32), usize> = BTreeMap::new();
    let mut places: BTreeSet<u32> = BTreeSet::new();
    let mut item_ids: HashMap<(u32, u32), u32> = HashMap::new();
    let (mut items, mut weights): (Vec<Item>, Vec<usize>) = (Vec::new(), Vec::new());
    let mut read = 0;
    // Hand corrections apply here as in the CSV views (row numbers as
    // extracted). They need every record at once (a line is judged against
    // the whole dataset), so with a corrections.csv the records are read all
    // together and corrected; without one they are streamed in chunks.
    let fixes_file = dataset.read_corrections().with_context(|| format!("cannot read the corrections of {}", args.dataset.display()))?;
    let (corrected, fixes): (Option<Vec<_>>, Applied) = match fixes_file.as_deref() {
        Some(_) => {
            let (docs, fixes) =
                dataset.corrected_documents().with_context(|| format!("cannot read the records of {}", args.dataset.display()))?;
            (Some(docs), fixes)
        }
        None => (None, Applied::default()),
    };
    let mut chunks = ids.chunks(256);
    let mut corrected = corrected.map(|v| v.into_iter());
    loop {
        let part: Vec<Record> = match corrected.as_mut() {
            Some(all) => {
                let v: Vec<_> = all.by_ref().map(Record::from).collect();
                if v.is_empty() {
                    break;
                }
                v
            }
            None => match chunks.next() {
                Some(chunk) => chunk.par_iter().filter_map(|id| dataset.read_document_part::<Record>(id)).collect(),
                None => break,
            },
        };
        read += part.len();
        for d in part {
            if d.blocks.is_empty() {
                continue;
            }
            let wilayah = d.metadata.wilayah.clone().unwrap_or_default();
            let kecamatan = d.metadata.kecamatan.clone().unwrap_or_default();
            let p = strings.id(&place(&wilayah, &kecamatan));
            let kec = strings.id(&kecamatan);
            places.insert(p);
            let doc = docs.len() as u32;
            for (bi, b) in d.blocks.iter().enumerate() {
                let role = strings.id(&b.role);
                *role_counts.entry((role, p)).or_default() += 1;
                let jabatan = strings.id(&b.jabatan);
                for (ri, r) in b.indicators.iter().enumerate() {
                    let Some(raw) = r.indikator.as_deref() else { continue };
                    let normalized = strings.id(r.normalized.indikator.as_deref().unwrap_or(raw));
                    let item = *item_ids.entry((normalized, kec)).or_insert_with(|| {
                        items.push(Item {
                            text: strings.get(normalized).to_string(),
                            kecamatan: (!kecamatan.is_empty()).then(|| kecamatan.clone()),
                        });
                        weights.push(0);
                        items.len() as u32 - 1
                    });
                    weights[item as usize] += 1;
                    occ.push(Occurrence {
                        doc,
                        jabatan,
                        role,
                        indikator: strings.id(raw),
                        normalized,
                        item,
                        block: bi as u32,
                        row: fixes.row_of(&d.doc_id, bi, ri) as u32,
                    });
                }
            }
            docs.push(Doc {
                doc_id: d.doc_id,
                wilayah,
                kecamatan,
                tahun: d.metadata.tahun.map(|t| t.to_string()).unwrap_or_default(),
                place: p,
            });
        }
    }
    if read < ids.len() {
        eprintln!(
            "iki: {} of {} records could not be read (written by another schema version?): run `iki ingest` again on their PDFs",
            ids.len() - read,
            ids.len()
        );
    }

    let grouping = compare::group_weighted(&items, &weights);
    let group_of = |o: &Occurrence| grouping.group_of[o.item as usize];
    // Occurrences and kecamatan per group.
    let mut size = vec![0usize; grouping.groups.len()];
    let mut group_places: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); grouping.groups.len()];
    for o in &occ {
        if let Some(g) = group_of(o) {
            size[g] += 1;
            group_places[g].insert(docs[o.doc as usize].place);
        }
    }
    let kec_count: Vec<usize> = group_places.iter().map(BTreeSet::len).collect();

    std::fs::create_dir_all(&args.out).with_context(|| format!("cannot create the output folder {}", args.out.display()))?;

    // indicator_groups.csv
    let mut rows: Vec<(usize, usize)> = occ.iter().enumerate().filter_map(|(i, o)| group_of(o).map(|g| (g, i))).collect();
    rows.sort_by(|a, b| {
        let (oa, ob) = (&occ[a.1], &occ[b.1]);
        a.0.cmp(&b.0)
            .then_with(|| (&docs[oa.doc as usize].doc_id, oa.block, oa.row).cmp(&(&docs[ob.doc as usize].doc_id, ob.block, ob.row)))
    });
    let mut w = writer(&args.out, args.excel_bom)?;
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
        let d = &docs[o.doc as usize];
        w.write_record([
            g.id.as_str(),
            &g.label,
            &size[gi].to_string(),
            &kec_count[gi].to_string(),
            &d.doc_id,
            &d.wilayah,
            &d.kecamatan,
            &d.tahun,
            strings.get(o.jabatan),
            strings.get(o.role),
            strings.get(o.indikator),
            strings.get(o.normalized),
            &o.block.to_string(),
            &o.row.to_string(),
        ])?;
    }
    write_out(&args.out.join("indicator_groups.csv"), w)?;

    // kecamatan_matrix.csv
    let mut places: Vec<(&str, u32)> = places.into_iter().map(|p| (strings.get(p), p)).collect();
    places.sort();
    let mut w = writer(&args.out, args.excel_bom)?;
    let mut header = vec!["dimension".to_string(), "key".into(), "label".into(), "total".into()];
    header.extend(places.iter().map(|(p, _)| p.to_string()));
    w.write_record(&header)?;
    let mut roles: Vec<&str> = ROLES.to_vec();
    let mut role_names: Vec<&str> = role_counts.keys().map(|(r, _)| strings.get(*r)).collect();
    role_names.sort();
    role_names.dedup();
    for r in role_names {
        if !roles.contains(&r) {
            roles.push(r);
        }
    }
    for r in roles {
        let Some(&rid) = strings.ids.get(r) else { continue };
        let counts: Vec<usize> = places.iter().map(|(_, p)| role_counts.get(&(rid, *p)).copied().unwrap_or(0)).collect();
        let total: usize = counts.iter().sum();
        if total == 0 {
            continue;
        }
        let mut rec = vec!["role".to_string(), r.to_string(), r.to_string(), total.to_string()];
        rec.extend(counts.iter().map(usize::to_string));
        w.write_record(&rec)?;
    }
    let mut per_group: Vec<BTreeMap<u32, usize>> = vec![BTreeMap::new(); grouping.groups.len()];
    for o in &occ {
        if let Some(g) = group_of(o) {
            *per_group[g].entry(docs[o.doc as usize].place).or_default() += 1;
        }
    }
    let mut order: Vec<usize> = (0..grouping.groups.len()).collect();
    order.sort_by(|&a, &b| size[b].cmp(&size[a]).then(a.cmp(&b)));
    for gi in order {
        let g = &grouping.groups[gi];
        let mut rec = vec!["group".to_string(), g.id.clone(), g.label.clone(), size[gi].to_string()];
        rec.extend(places.iter().map(|(_, p)| per_group[gi].get(p).copied().unwrap_or(0).to_string()));
        w.write_record(&rec)?;
    }
    write_out(&args.out.join("kecamatan_matrix.csv"), w)?;

    if !args.quiet {
        eprintln!(
            "iki: {} indicators from {} documents in {} groups ({} shared by 2 or more kecamatan), {:.1}s; wrote {}",
            rows.len(),
            read,
            grouping.groups.len(),
            kec_count.iter().filter(|&&k| k >= 2).count(),
            started.elapsed().as_secs_f64(),
            args.out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A CSV file being written: a temporary file in `dir`, streamed (the groups
/// file of a national dataset is ~1 GB), renamed into place by `write_out`.
fn writer(dir: &Path, bom: bool) -> anyhow::Result<csv::Writer<std::io::BufWriter<tempfile::NamedTempFile>>> {
    let tmp = tempfile::NamedTempFile::new_in(dir).with_context(|| format!("cannot write to {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    let mut buf = std::io::BufWriter::with_capacity(1 << 20, tmp);
    if bom {
        buf.write_all("\u{feff}".as_bytes())?;
    }
    Ok(csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(buf))
}

fn write_out(path: &Path, w: csv::Writer<std::io::BufWriter<tempfile::NamedTempFile>>) -> anyhow::Result<()> {
    let tmp = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
