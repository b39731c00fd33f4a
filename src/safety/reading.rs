//! The message as the screen reads it: folded words, with spaced letters and
//! words typed without spaces joined back (text.rs does the folding).

use super::model::Model;
use super::text;
use super::Screen;

impl Screen {
    /// The message's words, with runs of spaced letters split into the
    /// words they spell.
    pub(super) fn read(&self, message: &str) -> text::Read {
        let mut read = text::read(message);
        // Spaced letters joined, or words typed without spaces
        // ("iwanttokillmyself").
        // A common word ("disappointed") is not words run together.
        let run_together = |t: &text::Token| {
            t.joined
                || (t.forms[0].len() >= 12
                    && t.forms[0].bytes().all(|b| b.is_ascii_lowercase())
                    && !crate::matching::english::is_english_word(&t.forms[0])
                    && self.lex.specs_of(&t.forms).is_empty())
        };
        if read.tokens.iter().any(run_together) {
            let known = |w: &str| self.lex.knows(w);
            read.tokens = read
                .tokens
                .into_iter()
                .flat_map(|t| {
                    // A word of its own ("it", "im", "tonight") spelled
                    // out with spaces is that word, not letters to split.
                    let whole_word = t.forms[0].chars().count() <= 2
                        || crate::matching::english::is_english_word(&t.forms[0]);
                    let parts =
                        (run_together(&t) && !whole_word && self.lex.specs_of(&t.forms).is_empty())
                            .then(|| text::segment(&t.forms[0], &known))
                            .flatten()
                            // Single letters are no reading of a long word ("d is app o").
                            .filter(|parts| {
                                t.joined
                                    || parts
                                        .iter()
                                        .all(|p| p.chars().count() > 1 || p == "i" || p == "a")
                            })
                            .map(|parts| {
                                let mut words = Vec::new();
                                for p in parts {
                                    crate::matching::expand_contraction(&p, &mut words);
                                }
                                words
                            });
                    match parts {
                        Some(parts) => parts
                            .into_iter()
                            .map(|p| text::Token {
                                forms: vec![p],
                                joined: false,
                                ..t.clone()
                            })
                            .collect(),
                        None => vec![t],
                    }
                })
                .collect();
        }
        read
    }

    /// The words the statistical layer reads, for training it
    /// (`clinicfaq eval --screen-words`).
    pub fn model_words(&self, message: &str) -> Vec<String> {
        Model::words(&self.read(message).tokens)
    }
}
