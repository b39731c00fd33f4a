//! What the sample content in `faq/` holds, read from the files, so tests
//! follow the content instead of hard-coding its size.

use std::path::Path;

/// Published English entries of the sample clinic (what `/v1/faqs` lists
/// and `/health` counts).
pub fn published_entries() -> usize {
    let bundle = clinicfaq::content::load_dir(Path::new("faq")).expect("faq/ loads");
    bundle
        .entries
        .iter()
        .filter(|e| e.is_published() && e.lang.is_english())
        .count()
}
