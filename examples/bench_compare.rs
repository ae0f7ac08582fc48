//! Benchmark of `compare::wording::group` on synthetic indicators (not a test).
//!
//! ```sh
//! cargo run --release --example bench_compare [N]      # N defaults to 100000
//! ```
//! Builds N indicator occurrences from a few thousand synthetic "concepts" made of
//! domain-vocabulary words (`data/vocabulary.txt`), each occurrence a variation
//! of its concept: a spelling variant (Prosentase / Presentase / Persentase),
//! an OCR-damaged letter, a dropped or added function word, debris, the
//! kecamatan's name. Prints the grouping time and how well groups match concepts.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use iki::compare::wording::{group, Item};
use iki::vocab::lexicon::VOCABULARY;

#[path = "util/rng.rs"]
mod rng;
use rng::Rng;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let mut rng = Rng(42);
    let mut words: Vec<&str> = VOCABULARY.iter().map(String::as_str).filter(|w| w.len() >= 4).collect();
    words.sort_unstable();
    let heads = ["Persentase", "Jumlah", "Tingkat", "Indeks", "Nilai"];
    let kecamatan: Vec<String> = (0..400).map(|i| format!("Kec{}", i)).collect();

    // Concepts: a head word and 3-8 content words.
    let concepts: Vec<Vec<&str>> = (0..n / 10)
        .map(|_| {
            let mut c = vec![heads[rng.zipf(heads.len())]];
            for _ in 0..3 + rng.below(6) {
                c.push(words[rng.zipf(words.len())]);
            }
            c
        })
        .collect();

    let mut truth = Vec::with_capacity(n);
    let items: Vec<Item> = (0..n)
        .map(|_| {
            let ci = rng.zipf(concepts.len());
            truth.push(ci);
            let mut toks: Vec<String> = concepts[ci].iter().map(|w| w.to_string()).collect();
            if toks[0] == "Persentase" && rng.chance(0.3) {
                // the lexicon has already turned these into Persentase in `normalized`
                toks[0] = "Persentase".into();
            }
            if rng.chance(0.2) {
                // one OCR-damaged letter in a long word
                if let Some(w) = toks.iter_mut().skip(1).find(|w| w.len() >= 8) {
                    let mut cs: Vec<char> = w.chars().collect();
                    let k = 2 + rng.below(cs.len() - 3);
                    cs[k] = 'i';
                    *w = cs.into_iter().collect();
                }
            }
            if rng.chance(0.3) {
                let k = 1 + rng.below(toks.len() - 1);
                toks.insert(k, ["yang", "dan", "di", "untuk"][rng.below(4)].into());
            }
            if rng.chance(0.1) {
                toks.push(",".into());
            }
            let kec = kecamatan[rng.below(kecamatan.len())].clone();
            if rng.chance(0.2) {
                toks.push(format!("Kecamatan {kec}"));
            }
            Item { text: toks.join(" "), kecamatan: Some(kec) }
        })
        .collect();

    let t = Instant::now();
    let g = group(&items);
    let secs = t.elapsed().as_secs_f64();

    // Quality: share of items whose group is mostly their own concept.
    let mut majority: HashMap<usize, usize> = HashMap::new();
    for (gi, grp) in g.groups.iter().enumerate() {
        let mut c: BTreeMap<usize, usize> = BTreeMap::new();
        for &i in &grp.members {
            *c.entry(truth[i]).or_default() += 1;
        }
        majority.insert(gi, c.into_iter().max_by_key(|x| x.1).map(|x| x.0).unwrap_or(usize::MAX));
    }
    let pure = (0..n).filter(|&i| g.group_of[i].is_some_and(|gi| majority[&gi] == truth[i])).count();
    let used: std::collections::HashSet<usize> = truth.iter().copied().collect();
    println!(
        "{n} indicators ({} concepts used) -> {} groups in {secs:.2} s; {:.1}% of indicators in a group led by their own concept",
        used.len(),
        g.groups.len(),
        100.0 * pure as f64 / n as f64
    );
}
