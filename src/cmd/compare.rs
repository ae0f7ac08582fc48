//! `iki compare <DATASET> --out <DIR> [--themes FILE]`: what the dataset's
//! indicators measure, what they are about, and what changed between a
//! kecamatan's decrees (logic in `crate::compare`). Writes, in `--out`:
//!
//! `indicator_groups.csv`, tidy, one row per indicator occurrence that has an
//! indicator text, sorted by group label, group_id, doc_id, block, row:
//! group_id, group_label, group_size (occurrences in the group),
//! group_kecamatan_count (distinct kecamatan in the group: a kecamatan is its
//! normalised name within its normalised kabupaten/kota), doc_id, wilayah,
//! kecamatan, tahun, jabatan, role, indikator (as written),
//! indikator_normalized, block, row (0-based positions in the record, to join
//! with `indicators.csv`), then measure_id, measure_label, measure_kind
//! (count, percent, index, other), measure_kecamatan_count, theme (id),
//! theme_name, theme_confidence (0-1; empty theme: nothing to go on).
//!
//! `kecamatan_matrix.csv`, one column per kecamatan (`<wilayah> / <kecamatan>`,
//! sorted): dimension (`role`, `theme`, `measure` or `group`), key, label,
//! total, then the counts: jabatan blocks with the role, indicator rows of the
//! theme or measure (only measures shared by two kecamatan or more), each
//! decree counted once (its best rendering), or occurrences of the wording
//! group (every record). Rows: roles (contract order), themes (taxonomy order),
//! measures and groups by total, descending.
//!
//! `changes.csv`, one line per indicator row of each pair of consecutive
//! decrees of a kecamatan (renderings of one decree are one decree, read from
//! its best rendering): kecamatan, wilayah, base_doc_id, revised_doc_id,
//! base_tahun, revised_tahun, ordered_by (tanggal, tahun, undated), kind
//! (unchanged, reworded, edited, dropped, added, jabatan_renamed), base_block,
//! base_row, revised_block, revised_row (0-based as in indicators.csv, empty
//! where a side has none; rows empty for jabatan_renamed), base_jabatan,
//! revised_jabatan, base_indikator, revised_indikator, measure_id, theme.
//!
//! `compare.html`: one self-contained page for analysts (`compare::page`).
//!
//! Exit status: 0, or 2 when the dataset or the themes file cannot be read or
//! the output written.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cli::CompareArgs;
use crate::compare::changes::{self, Kind as ChangeKind};
use crate::compare::decrees::{self, DocInfo};
use crate::compare::measure;
use crate::compare::page;
use crate::compare::themes::{RowText, Taxonomy};
use crate::compare::wording::{self, Item};
use crate::corrections::{Applied, CorrectedViews};
use crate::dataset::csv::{csv_writer, excel_text, Cell, Sheet};
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
    fn opt(&mut self, s: Option<&str>) -> u32 {
        self.id(s.unwrap_or(""))
    }
    fn get(&self, i: u32) -> &str {
        &self.all[i as usize]
    }
}

/// What compare reads of a record: the JSON parser skips everything else
/// (tugas, fungsi, cell places...) without building it.
#[derive(Deserialize)]
struct Record {
    doc_id: String,
    status: String,
    extraction: Extraction,
    metadata: Metadata,
    blocks: Vec<Block>,
    #[serde(default)]
    review: Vec<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct Extraction {
    method: String,
}

#[derive(Deserialize)]
struct Metadata {
    wilayah: Option<String>,
    kecamatan: Option<String>,
    nomor_sk: Option<String>,
    tanggal_ditetapkan: Option<String>,
    tahun: Option<i32>,
}

#[derive(Deserialize)]
struct Block {
    jabatan: String,
    jabatan_normalized: String,
    role: String,
    indicators: Vec<Row>,
}

#[derive(Deserialize)]
struct Row {
    sasaran: Option<String>,
    indikator: Option<String>,
    formula: Option<String>,
    sumber_data: Option<String>,
    normalized: Normalized,
    formula_kind: String,
}

#[derive(Deserialize)]
struct Normalized {
    sasaran: Option<String>,
    indikator: Option<String>,
    formula: Option<String>,
}

impl From<DocumentRecord> for Record {
    fn from(d: DocumentRecord) -> Record {
        let m = d.metadata;
        Record {
            doc_id: d.doc_id,
            status: d.status.as_str().to_string(),
            extraction: Extraction { method: d.extraction.method },
            metadata: Metadata {
                wilayah: m.wilayah,
                kecamatan: m.kecamatan,
                nomor_sk: m.nomor_sk,
                tanggal_ditetapkan: m.tanggal_ditetapkan,
                tahun: m.tahun,
            },
            blocks: d
                .blocks
                .into_iter()
                .map(|b| Block {
                    jabatan: b.jabatan,
                    jabatan_normalized: b.jabatan_normalized,
                    role: b.role,
                    indicators: b
                        .indicators
                        .into_iter()
                        .map(|r| Row {
                            sasaran: r.sasaran,
                            indikator: r.indikator,
                            formula: r.formula,
                            sumber_data: r.sumber_data,
                            normalized: Normalized {
                                sasaran: r.normalized.sasaran,
                                indikator: r.normalized.indikator,
                                formula: r.normalized.formula,
                            },
                            formula_kind: r.formula_kind,
                        })
                        .collect(),
                })
                .collect(),
            review: d.review.iter().map(|_| serde::de::IgnoredAny).collect(),
        }
    }
}

/// A document's columns in the output.
struct Doc {
    doc_id: String,
    tahun: String,
    /// Its blocks: (jabatan, jabatan_normalized, role).
    blocks: Vec<(u32, u32, u32)>,
    /// Its occurrences: a range of `occ`.
    occ: std::ops::Range<usize>,
}

/// One indicator occurrence: indices into the documents and strings.
struct Occurrence {
    doc: u32,
    jabatan: u32,
    role: u32,
    indikator: u32,
    normalized: u32,
    formula: u32,
    sumber_data: u32,
    /// The distinct (normalized text, kecamatan name) item it counts for.
    item: u32,
    /// The distinct row text its theme is decided on.
    theme_key: u32,
    block: u32,
    row: u32,
}

/// The distinct things a theme is decided on.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct ThemeKey {
    indikator: u32,
    sasaran: u32,
    formula: u32,
    sumber_data: u32,
    jabatan: u32,
    role: u32,
}

#[derive(Serialize, Default)]
struct GroupLine<'a> {
    group_id: Cell<'a>,
    group_label: Cell<'a>,
    group_size: usize,
    group_kecamatan_count: usize,
    doc_id: Cell<'a>,
    wilayah: Cell<'a>,
    kecamatan: Cell<'a>,
    tahun: Cell<'a>,
    jabatan: Cell<'a>,
    role: Cell<'a>,
    indikator: Cell<'a>,
    indikator_normalized: Cell<'a>,
    block: u32,
    row: u32,
    measure_id: Cell<'a>,
    measure_label: Cell<'a>,
    measure_kind: Cell<'a>,
    measure_kecamatan_count: usize,
    theme: Cell<'a>,
    theme_name: Cell<'a>,
    theme_confidence: Option<f32>,
}

#[derive(Serialize, Default)]
struct ChangeLine<'a> {
    kecamatan: Cell<'a>,
    wilayah: Cell<'a>,
    base_doc_id: Cell<'a>,
    revised_doc_id: Cell<'a>,
    base_tahun: Cell<'a>,
    revised_tahun: Cell<'a>,
    ordered_by: Cell<'a>,
    kind: Cell<'a>,
    base_block: Option<usize>,
    base_row: Option<u32>,
    revised_block: Option<usize>,
    revised_row: Option<u32>,
    base_jabatan: Cell<'a>,
    revised_jabatan: Cell<'a>,
    base_indikator: Cell<'a>,
    revised_indikator: Cell<'a>,
    measure_id: Cell<'a>,
    theme: Cell<'a>,
}

pub fn run(args: &CompareArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let taxonomy = match &args.themes {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read the themes file {}", path.display()))?;
            Taxonomy::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
        }
        None => Taxonomy::builtin(),
    };
    let dataset = super::open_dataset(&args.dataset)?;
    // The Excel flavour: a BOM, and cells Excel would run as formulas guarded.
    let excel = args.excel_bom;
    let ids = dataset.doc_ids().with_context(|| format!("cannot read the records of {}", args.dataset.display()))?;

    // Read the records in chunks (in parallel), keeping only what the output
    // needs, each string once: memory follows the distinct texts, not the
    // archive's ~100 KB of JSON per record.
    let mut strings = Strings::default();
    let mut docs: Vec<Doc> = Vec::new();
    let mut infos: Vec<DocInfo> = Vec::new();
    let mut occ: Vec<Occurrence> = Vec::new();
    let mut item_ids: HashMap<(u32, u32), u32> = HashMap::new();
    let (mut items, mut weights, mut item_kinds): (Vec<Item>, Vec<usize>, Vec<u32>) = (Vec::new(), Vec::new(), Vec::new());
    let mut theme_keys: HashMap<ThemeKey, u32> = HashMap::new();
    let mut theme_rows: Vec<ThemeKey> = Vec::new();
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
            let kecamatan = d.metadata.kecamatan.clone().unwrap_or_default();
            let kec = strings.id(&kecamatan);
            let doc = docs.len() as u32;
            let first = occ.len();
            let mut blocks = Vec::with_capacity(d.blocks.len());
            let mut content = Vec::new();
            let mut readings = Vec::new();
            for (bi, b) in d.blocks.iter().enumerate() {
                let role = strings.id(&b.role);
                let jabatan = strings.id(&b.jabatan);
                blocks.push((jabatan, strings.id(&b.jabatan_normalized), role));
                for (ri, r) in b.indicators.iter().enumerate() {
                    let Some(raw) = r.indikator.as_deref() else { continue };
                    let normalized = strings.id(r.normalized.indikator.as_deref().unwrap_or(raw));
                    let formula_kind = strings.id(&r.formula_kind);
                    let item = *item_ids.entry((normalized, kec)).or_insert_with(|| {
                        items.push(Item {
                            text: strings.get(normalized).to_string(),
                            kecamatan: (!kecamatan.is_empty()).then(|| kecamatan.clone()),
                        });
                        weights.push(0);
                        item_kinds.push(formula_kind);
                        items.len() as u32 - 1
                    });
                    weights[item as usize] += 1;
                    content.push(item);
                    readings.push(reading_hash((bi, ri), &[Some(raw), r.formula.as_deref(), r.sumber_data.as_deref()]));
                    let key = ThemeKey {
                        indikator: normalized,
                        sasaran: strings.opt(r.normalized.sasaran.as_deref().or(r.sasaran.as_deref())),
                        formula: strings.opt(r.normalized.formula.as_deref().or(r.formula.as_deref())),
                        sumber_data: strings.opt(r.sumber_data.as_deref()),
                        jabatan,
                        role,
                    };
                    let theme_key = *theme_keys.entry(key).or_insert_with(|| {
                        theme_rows.push(key);
                        theme_rows.len() as u32 - 1
                    });
                    occ.push(Occurrence {
                        doc,
                        jabatan,
                        role,
                        indikator: strings.id(raw),
                        normalized,
                        formula: strings.opt(r.formula.as_deref()),
                        sumber_data: strings.opt(r.sumber_data.as_deref()),
                        item,
                        theme_key,
                        block: bi as u32,
                        row: fixes.row_of(&d.doc_id, bi, ri) as u32,
                    });
                }
            }
            infos.push(DocInfo {
                doc_id: d.doc_id.clone(),
                wilayah: d.metadata.wilayah,
                kecamatan: d.metadata.kecamatan,
                nomor: d.metadata.nomor_sk,
                tanggal: d.metadata.tanggal_ditetapkan,
                tahun: d.metadata.tahun,
                status_rank: match d.status.as_str() {
                    "ok" => 0,
                    "partial" => 1,
                    _ => 2,
                },
                text_layer: d.extraction.method == "text",
                review: d.review.len(),
                rows: occ.len() - first,
                content,
                readings: {
                    readings.sort_unstable();
                    readings
                },
            });
            docs.push(Doc {
                doc_id: d.doc_id,
                tahun: d.metadata.tahun.map(|t| t.to_string()).unwrap_or_default(),
                blocks,
                occ: first..occ.len(),
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

    // Wording groups, measures, themes.
    let grouping = wording::group_weighted(&items, &weights);
    let measure_items: Vec<measure::Item> = items
        .iter()
        .enumerate()
        .map(|(i, it)| measure::Item {
            text: &it.text,
            kecamatan: it.kecamatan.as_deref(),
            formula_kind: strings.get(item_kinds[i]),
            wording: grouping.group_of[i],
        })
        .collect();
    let measures = measure::group(&measure_items, &weights);
    let verdicts: Vec<_> = theme_rows
        .par_iter()
        .map(|k| {
            taxonomy.classify(&RowText {
                indikator: strings.get(k.indikator),
                sasaran: strings.get(k.sasaran),
                formula: strings.get(k.formula),
                sumber_data: strings.get(k.sumber_data),
                jabatan: strings.get(k.jabatan),
                role: strings.get(k.role),
            })
        })
        .collect();

    // Kecamatan and decrees.
    for info in &mut infos {
        let groups: BTreeSet<u32> = info.content.iter().filter_map(|&i| grouping.group_of[i as usize].map(|g| g as u32)).collect();
        info.content = groups.into_iter().collect();
    }
    let decrees = decrees::identify(&infos);
    let place_of = |doc: u32| decrees.kecamatan_of[doc as usize];
    // Themes and shared measures count each decree once: its best rendering.
    let mut best = vec![false; docs.len()];
    for d in &decrees.decrees {
        best[d.best()] = true;
    }
    let group_of = |o: &Occurrence| grouping.group_of[o.item as usize];
    let measure_of = |o: &Occurrence| measures.measure_of[o.item as usize];

    // Occurrences and kecamatan per group and measure.
    let mut size = vec![0usize; grouping.groups.len()];
    let mut group_places: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); grouping.groups.len()];
    let mut measure_places: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); measures.measures.len()];
    for o in &occ {
        if let Some(g) = group_of(o) {
            size[g] += 1;
            group_places[g].extend(place_of(o.doc));
        }
        if let Some(m) = measure_of(o) {
            measure_places[m].extend(place_of(o.doc));
        }
    }
    let kec_count: Vec<usize> = group_places.iter().map(BTreeSet::len).collect();
    let measure_kec_count: Vec<usize> = measure_places.iter().map(BTreeSet::len).collect();
    let place_cols = |doc: u32| -> (&str, &str) {
        match place_of(doc) {
            Some(k) => (decrees.kecamatan[k].wilayah.as_str(), decrees.kecamatan[k].name.as_str()),
            None => ("", ""),
        }
    };

    std::fs::create_dir_all(&args.out).with_context(|| format!("cannot create the output folder {}", args.out.display()))?;

    // indicator_groups.csv
    let mut rows: Vec<(usize, usize)> = occ.iter().enumerate().filter_map(|(i, o)| group_of(o).map(|g| (g, i))).collect();
    rows.sort_by(|a, b| {
        let (oa, ob) = (&occ[a.1], &occ[b.1]);
        a.0.cmp(&b.0)
            .then_with(|| (&docs[oa.doc as usize].doc_id, oa.block, oa.row).cmp(&(&docs[ob.doc as usize].doc_id, ob.block, ob.row)))
    });
    let mut w = Sheet::new::<GroupLine>(temp_file(&args.out)?, args.excel_bom)?;
    for &(gi, i) in &rows {
        let (g, o) = (&grouping.groups[gi], &occ[i]);
        let d = &docs[o.doc as usize];
        let (wilayah, kecamatan) = place_cols(o.doc);
        let m = measure_of(o).map(|m| (&measures.measures[m], measure_kec_count[m]));
        let v = verdicts[o.theme_key as usize];
        let theme = v.theme.map(|t| &taxonomy.themes[t]);
        w.row(GroupLine {
            group_id: Cell(&g.id, excel),
            group_label: Cell(&g.label, excel),
            group_size: size[gi],
            group_kecamatan_count: kec_count[gi],
            doc_id: Cell(&d.doc_id, excel),
            wilayah: Cell(wilayah, excel),
            kecamatan: Cell(kecamatan, excel),
            tahun: Cell(&d.tahun, excel),
            jabatan: Cell(strings.get(o.jabatan), excel),
            role: Cell(strings.get(o.role), excel),
            indikator: Cell(strings.get(o.indikator), excel),
            indikator_normalized: Cell(strings.get(o.normalized), excel),
            block: o.block,
            row: o.row,
            measure_id: Cell(m.map_or("", |m| m.0.id.as_str()), excel),
            measure_label: Cell(m.map_or("", |m| m.0.label.as_str()), excel),
            measure_kind: Cell(m.map_or("", |m| m.0.kind.as_str()), excel),
            measure_kecamatan_count: m.map_or(0, |m| m.1),
            theme: Cell(theme.map_or("", |t| t.id.as_str()), excel),
            theme_name: Cell(theme.map_or("", |t| t.name.as_str()), excel),
            theme_confidence: theme.map(|_| v.confidence),
        })?;
    }
    persist(&args.out.join("indicator_groups.csv"), w.finish()?)?;

    // kecamatan_matrix.csv
    let places: Vec<usize> = (0..decrees.kecamatan.len()).collect();
    let place_name = |k: usize| {
        let p = &decrees.kecamatan[k];
        format!("{} / {}", if p.wilayah.is_empty() { "?" } else { &p.wilayah }, if p.name.is_empty() { "?" } else { &p.name })
    };
    let mut places: Vec<(String, usize)> = places.into_iter().map(|k| (place_name(k), k)).collect();
    places.sort();
    let column: HashMap<usize, usize> = places.iter().enumerate().map(|(c, (_, k))| (*k, c)).collect();
    let mut out = temp_file(&args.out)?;
    if args.excel_bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut w = csv_writer(out);
    let mut header = vec!["dimension".to_string(), "key".into(), "label".into(), "total".into()];
    header.extend(places.iter().map(|(p, _)| excel_text(excel, p).into_owned()));
    w.write_record(&header)?;
    let write_counts = |w: &mut csv::Writer<_>, dim: &str, key: &str, label: &str, counts: &[usize]| -> anyhow::Result<()> {
        let total: usize = counts.iter().sum();
        let mut rec = vec![dim.to_string(), key.to_string(), excel_text(excel, label).into_owned(), total.to_string()];
        rec.extend(counts.iter().map(usize::to_string));
        w.write_record(&rec)?;
        Ok(())
    };
    let mut role_counts: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (di, d) in docs.iter().enumerate() {
        let Some(c) = place_of(di as u32).map(|k| column[&k]) else { continue };
        for &(_, _, role) in &d.blocks {
            role_counts.entry(role).or_insert_with(|| vec![0; places.len()])[c] += 1;
        }
    }
    let mut roles: Vec<&str> = ROLES.to_vec();
    let mut role_names: Vec<&str> = role_counts.keys().map(|r| strings.get(*r)).collect();
    role_names.sort();
    for r in role_names {
        if !roles.contains(&r) {
            roles.push(r);
        }
    }
    for r in roles {
        let Some(counts) = strings.ids.get(r).and_then(|id| role_counts.get(id)) else { continue };
        write_counts(&mut w, "role", r, r, counts)?;
    }
    let mut theme_counts = vec![vec![0usize; places.len()]; taxonomy.themes.len()];
    let mut measure_counts: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut group_counts: Vec<BTreeMap<usize, usize>> = vec![BTreeMap::new(); grouping.groups.len()];
    for o in &occ {
        let Some(c) = place_of(o.doc).map(|k| column[&k]) else { continue };
        if best[o.doc as usize] {
            if let Some(t) = verdicts[o.theme_key as usize].theme {
                theme_counts[t][c] += 1;
            }
            if let Some(m) = measure_of(o).filter(|&m| measure_kec_count[m] >= 2) {
                measure_counts.entry(m).or_insert_with(|| vec![0; places.len()])[c] += 1;
            }
        }
        if let Some(g) = group_of(o) {
            *group_counts[g].entry(c).or_default() += 1;
        }
    }
    for (t, counts) in taxonomy.themes.iter().zip(&theme_counts) {
        if counts.iter().any(|&c| c > 0) {
            write_counts(&mut w, "theme", &t.id, &t.name, counts)?;
        }
    }
    let mut shared: Vec<(usize, &Vec<usize>)> = measure_counts.iter().map(|(m, c)| (*m, c)).collect();
    shared.sort_by(|a, b| b.1.iter().sum::<usize>().cmp(&a.1.iter().sum::<usize>()).then(a.0.cmp(&b.0)));
    for (m, counts) in &shared {
        let m = &measures.measures[*m];
        write_counts(&mut w, "measure", &m.id, &m.label, counts)?;
    }
    let mut order: Vec<usize> = (0..grouping.groups.len()).collect();
    order.sort_by(|&a, &b| size[b].cmp(&size[a]).then(a.cmp(&b)));
    for gi in order {
        let g = &grouping.groups[gi];
        let mut counts = vec![0; places.len()];
        for (&c, &n) in &group_counts[gi] {
            counts[c] = n;
        }
        write_counts(&mut w, "group", &g.id, &g.label, &counts)?;
    }
    persist(&args.out.join("kecamatan_matrix.csv"), w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?;

    // changes.csv: consecutive decrees of each kecamatan, a chunk of pairs at
    // a time (in parallel), so memory holds one chunk's blocks, not the
    // dataset's. Texts are compared as hashes of their words.
    let pairs: Vec<(usize, usize)> = decrees.timeline.iter().flat_map(|line| line.windows(2).map(|w| (w[0], w[1]))).collect();
    let hashes: Vec<u64> = if pairs.is_empty() { Vec::new() } else { strings.all.par_iter().map(|s| changes::words_hash(s)).collect() };
    let mut word_ids: HashMap<String, u32> = HashMap::new();
    let mut ids_of = |words: &mut dyn Iterator<Item = String>| -> Vec<u32> {
        let mut v: Vec<u32> = words
            .map(|w| {
                let n = word_ids.len() as u32;
                *word_ids.entry(w).or_insert(n)
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let objects: Vec<Vec<u32>> = measures.objects.iter().map(|o| ids_of(&mut o.iter().cloned())).collect();
    let mut jabatan_words: HashMap<u32, Vec<u32>> = HashMap::new();
    for d in &docs {
        for &(_, jn, _) in &d.blocks {
            if let std::collections::hash_map::Entry::Vacant(e) = jabatan_words.entry(jn) {
                e.insert(ids_of(&mut crate::compare::words(strings.get(jn)).into_iter()));
            }
        }
    }
    let blocks_of = |doc: usize| -> Vec<changes::Block> {
        let d = &docs[doc];
        let mut blocks: Vec<changes::Block> = d
            .blocks
            .iter()
            .map(|&(j, jn, _)| changes::Block { jabatan: hashes[j as usize], jabatan_words: jabatan_words[&jn].clone(), rows: Vec::new() })
            .collect();
        for (k, o) in occ[d.occ.clone()].iter().enumerate() {
            let item = o.item as usize;
            blocks[o.block as usize].rows.push(changes::Row {
                row: d.occ.start + k,
                indikator: hashes[o.indikator as usize],
                formula: hashes[o.formula as usize],
                sumber_data: hashes[o.sumber_data as usize],
                wording: grouping.group_of[item].map(|g| g as u32),
                measure: measures.measure_of[item].map(|m| m as u32),
                object: objects[item].clone(),
            });
        }
        blocks
    };
    // The page shows the latest steps of each kecamatan.
    let shown: HashSet<(usize, usize)> = decrees
        .timeline
        .iter()
        .flat_map(|line| {
            let steps: Vec<(usize, usize)> = line.windows(2).map(|w| (w[0], w[1])).collect();
            steps[steps.len().saturating_sub(page::MAX_STEPS)..].to_vec()
        })
        .collect();
    let mut steps: HashMap<(usize, usize), page::Step> = HashMap::new();
    let mut w = Sheet::new::<ChangeLine>(temp_file(&args.out)?, args.excel_bom)?;
    let mut change_count = 0;
    for chunk in pairs.chunks(1024) {
        let diffs: Vec<Diff> = chunk
            .par_iter()
            .map(|&(a, b)| {
                let (bx, by) = (blocks_of(decrees.decrees[a].best()), blocks_of(decrees.decrees[b].best()));
                (a, b, changes::diff(&bx, &by), bx, by)
            })
            .collect();
        for (a, b, list, bx, by) in &diffs {
            let (da, db) = (&decrees.decrees[*a], &decrees.decrees[*b]);
            let (x, y) = (da.best(), db.best());
            let k = &decrees.kecamatan[da.kecamatan];
            let ordered_by = decrees::ordered_by(&infos, da, db).as_str();
            let side = |blocks: &[changes::Block], doc: usize, s: Option<(usize, Option<usize>)>| {
                let Some((bi, ri)) = s else { return (None, None, "", "", None) };
                let jab = strings.get(docs[doc].blocks[bi].0);
                match ri {
                    Some(ri) => {
                        let o = &occ[blocks[bi].rows[ri].row];
                        (Some(bi), Some(o.row), jab, strings.get(o.indikator), Some(o))
                    }
                    None => (Some(bi), None, jab, "", None),
                }
            };
            let mut step = shown.contains(&(*a, *b)).then(|| page::Step {
                from: decree_shown(&decrees, &infos, &docs, *a),
                to: decree_shown(&decrees, &infos, &docs, *b),
                ordered_by,
                counts: Vec::new(),
                changed: Vec::new(),
            });
            let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
            for c in list {
                let (bb, br, bj, bt, bo) = side(bx, x, c.base);
                let (rb, rr, rj, rt, ro) = side(by, y, c.revised);
                let o = ro.or(bo);
                let measure_id = o.and_then(measure_of).map_or("", |m| measures.measures[m].id.as_str());
                let theme = o.and_then(|o| verdicts[o.theme_key as usize].theme).map_or("", |t| taxonomy.themes[t].id.as_str());
                w.row(ChangeLine {
                    kecamatan: Cell(&k.name, excel),
                    wilayah: Cell(&k.wilayah, excel),
                    base_doc_id: Cell(&docs[x].doc_id, excel),
                    revised_doc_id: Cell(&docs[y].doc_id, excel),
                    base_tahun: Cell(&docs[x].tahun, excel),
                    revised_tahun: Cell(&docs[y].tahun, excel),
                    ordered_by: Cell(ordered_by, excel),
                    kind: Cell(c.kind.as_str(), excel),
                    base_block: bb,
                    base_row: br,
                    revised_block: rb,
                    revised_row: rr,
                    base_jabatan: Cell(bj, excel),
                    revised_jabatan: Cell(rj, excel),
                    base_indikator: Cell(bt, excel),
                    revised_indikator: Cell(rt, excel),
                    measure_id: Cell(measure_id, excel),
                    theme: Cell(theme, excel),
                })?;
                change_count += usize::from(c.kind != ChangeKind::Unchanged);
                *counts.entry(c.kind.as_str()).or_default() += 1;
                if let Some(step) = step.as_mut().filter(|s| c.kind != ChangeKind::Unchanged && s.changed.len() < page::MAX_CHANGES) {
                    let text =
                        |jabatan: &str, indikator: &str| if indikator.is_empty() { jabatan.to_string() } else { indikator.to_string() };
                    step.changed.push(page::ChangeShown { kind: c.kind.as_str(), base: text(bj, bt), revised: text(rj, rt) });
                }
            }
            if let Some(mut step) = step {
                step.counts = counts.into_iter().collect();
                steps.insert((*a, *b), step);
            }
        }
    }
    persist(&args.out.join("changes.csv"), w.finish()?)?;
    let timelines: Vec<page::Timeline> = decrees
        .timeline
        .iter()
        .enumerate()
        .filter(|(_, line)| line.len() >= 2)
        .map(|(k, line)| {
            let place = &decrees.kecamatan[k];
            page::Timeline {
                place: format!("{} / {}", place.wilayah, place.name),
                decrees: line.len(),
                steps: line.windows(2).filter_map(|w| steps.remove(&(w[0], w[1]))).collect(),
            }
        })
        .collect();

    // compare.html
    let html = page::render(&page::Input {
        taxonomy: &taxonomy,
        places: &places.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        cells: &cell_lists(&occ, &best, &verdicts, &measures, &strings, &column, &place_of),
        theme_counts: &theme_counts,
        shared: &shared
            .iter()
            .take(page::MAX_SHARED)
            .map(|(m, counts)| page::Shared {
                id: &measures.measures[*m].id,
                label: &measures.measures[*m].label,
                kind: measures.measures[*m].kind.as_str(),
                counts: counts.as_slice(),
            })
            .collect::<Vec<_>>(),
        timelines: &timelines,
    });
    crate::dataset::write_atomic(&args.out.join("compare.html"), html.as_bytes())
        .with_context(|| format!("cannot write {}", args.out.join("compare.html").display()))?;

    if !args.quiet {
        eprintln!(
            "iki: {} indicators from {} documents in {} groups, {} measures ({} shared by 2 or more kecamatan), {} decree pairs with {} changed rows, {:.1}s; wrote {}",
            rows.len(),
            read,
            grouping.groups.len(),
            measures.measures.len(),
            measure_kec_count.iter().filter(|&&k| k >= 2).count(),
            pairs.len(),
            change_count,
            started.elapsed().as_secs_f64(),
            args.out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A hash of a row's place (block, row) and words (lowercase, punctuation
/// and spacing aside): two renderings agree on a row when both read it there
/// and so.
fn reading_hash(place: (usize, usize), parts: &[Option<&str>]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    place.hash(&mut h);
    for p in parts {
        changes::words_hash(p.unwrap_or("")).hash(&mut h);
    }
    h.finish()
}

/// Per (theme, kecamatan column): the distinct measure labels of its
/// indicators, most frequent first, at most `page::MAX_CELL`.
fn cell_lists(
    occ: &[Occurrence],
    best: &[bool],
    verdicts: &[crate::compare::themes::Verdict],
    measures: &measure::Measures,
    strings: &Strings,
    column: &HashMap<usize, usize>,
    place_of: &dyn Fn(u32) -> Option<usize>,
) -> Vec<page::Cell> {
    let mut counts: BTreeMap<(usize, usize), HashMap<u32, usize>> = BTreeMap::new();
    for o in occ.iter().filter(|o| best[o.doc as usize]) {
        let (Some(t), Some(k)) = (verdicts[o.theme_key as usize].theme, place_of(o.doc)) else { continue };
        let label = match measures.measure_of[o.item as usize] {
            Some(_) => o.normalized,
            None => o.indikator,
        };
        *counts.entry((t, column[&k])).or_default().entry(label).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|((theme, place), labels)| {
            let mut v: Vec<(usize, &str)> = labels.into_iter().map(|(l, n)| (n, strings.get(l))).collect();
            v.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
            let more = v.len().saturating_sub(page::MAX_CELL);
            page::Cell { theme, place, indicators: v.into_iter().take(page::MAX_CELL).map(|(n, l)| (l.to_string(), n)).collect(), more }
        })
        .collect()
}

/// Two decrees (indices into the decrees), their changes and blocks.
type Diff = (usize, usize, Vec<changes::Change>, Vec<changes::Block>, Vec<changes::Block>);

/// A decree as the page shows it: number, date, renderings.
fn decree_shown(decrees: &decrees::Decrees, infos: &[DocInfo], docs: &[Doc], d: usize) -> page::DecreeShown {
    let dec = &decrees.decrees[d];
    let best = &infos[dec.best()];
    page::DecreeShown {
        nomor: best.nomor.clone().unwrap_or_default(),
        tanggal: dec.docs.iter().filter_map(|&i| infos[i].tanggal.clone()).max_by_key(String::len).unwrap_or_default(),
        tahun: docs[dec.best()].tahun.clone(),
        renderings: dec.docs.iter().map(|&i| docs[i].doc_id.clone()).collect(),
    }
}

/// A CSV file being written: a temporary file in `dir`, streamed (the groups
/// file of a national dataset is ~1 GB), renamed into place by `write_out`.
/// A temporary file in `dir`, to be renamed over its CSV once written.
fn temp_file(dir: &Path) -> anyhow::Result<std::io::BufWriter<tempfile::NamedTempFile>> {
    let tmp = tempfile::NamedTempFile::new_in(dir).with_context(|| format!("cannot write to {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    Ok(std::io::BufWriter::with_capacity(1 << 20, tmp))
}

fn persist(path: &Path, buf: std::io::BufWriter<tempfile::NamedTempFile>) -> anyhow::Result<()> {
    let tmp = buf.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
