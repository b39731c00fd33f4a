//! Finding the question in a message. Patients write context first ("I'm
//! 42, I've tried four antidepressants, my GP mentioned ketamine. How long
//! would I be out of it?"); the context is about the person, not about the
//! answer, so the matcher reads the question sentences on their own as well.

/// Words that open a question (after any "so", "and", "but", "ok").
const OPENERS: &[&str] = &[
    "what", "whats", "what's", "how", "hows", "how's", "why", "when", "where", "who", "whos",
    "which", "is", "isnt", "are", "arent", "can", "cant", "could", "couldnt", "do", "does",
    "doesnt", "dont", "did", "will", "would", "wouldnt", "should", "shouldnt", "may", "might",
    "am", "any", "have", "has", "wat", "wut", "hw", "y", "r", "u", "anyone", "anybody",
];

/// Phrases that mark a sentence as the ask even without a question mark.
const ASKING: &[&str] = &[
    "wondering",
    "want to know",
    "wanna know",
    "would like to know",
    "curious",
    "tell me",
    "explain",
    "question is",
    "need to know",
    "not sure if",
    "not sure whether",
    "trying to figure out",
    "trying to understand",
];

/// Leading words that do not change what a sentence asks.
const LEAD_IN: &[&str] = &[
    "so",
    "and",
    "but",
    "ok",
    "okay",
    "also",
    "basically",
    "anyway",
    "um",
    "well",
];

/// The question sentences of a message of two or more sentences, joined;
/// `None` when the message is one sentence or no sentence reads as a
/// question (then the whole message is the question).
pub fn question_part(text: &str) -> Option<String> {
    let sentences = sentences(text);
    if sentences.len() < 2 {
        return None;
    }
    let asked: Vec<&str> = sentences
        .iter()
        .filter(|s| is_question(s))
        .map(|s| s.trim())
        .collect();
    if asked.is_empty() || asked.len() == sentences.len() {
        return None;
    }
    Some(asked.join(" "))
}

/// Sentences, each with its closing punctuation; line breaks end sentences.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ends = matches!(c, '?' | '!' | '\n' | ';')
            || (c == '.' && chars.peek().is_none_or(|(_, n)| n.is_whitespace()));
        if ends {
            // Runs of "?!" stay with their sentence.
            let mut end = i + c.len_utf8();
            while let Some(&(j, n)) = chars.peek() {
                if matches!(n, '?' | '!' | '.') {
                    end = j + n.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            push(&mut out, &text[start..end]);
            start = end;
        }
    }
    push(&mut out, &text[start..]);
    out
}

fn push<'a>(out: &mut Vec<&'a str>, s: &'a str) {
    if s.chars().any(char::is_alphanumeric) {
        out.push(s);
    }
}

fn is_question(sentence: &str) -> bool {
    let lower = sentence.trim().to_lowercase();
    if lower.contains('?') {
        return true;
    }
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let first = words.iter().find(|w| !LEAD_IN.contains(w));
    if first.is_some_and(|w| OPENERS.contains(w)) || ASKING.iter().any(|p| lower.contains(p)) {
        return true;
    }
    // Spanish, accents optional: "¿" opens a question; so do "qué", "cómo"…
    let spanish = super::spanish::words(sentence);
    sentence.contains('¿')
        || spanish
            .iter()
            .find(|w| !super::spanish::is_lead_in(w))
            .is_some_and(|w| super::spanish::is_opener(w))
        || super::spanish::asks(&spanish)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_question_after_context() {
        let m = "I'm 42, I've tried four antidepressants. My GP mentioned ketamine. How long would I be out of it?";
        assert_eq!(
            question_part(m).as_deref(),
            Some("How long would I be out of it?")
        );
    }

    #[test]
    fn reads_questions_without_question_marks() {
        let m = "My sister did it last year. I'm wondering if it works for anxiety too.";
        assert_eq!(
            question_part(m).as_deref(),
            Some("I'm wondering if it works for anxiety too.")
        );
        let m = "i have bad veins. so can it be a nasal spray instead";
        assert_eq!(
            question_part(m).as_deref(),
            Some("so can it be a nasal spray instead")
        );
    }

    #[test]
    fn a_single_sentence_or_no_question_is_the_whole_message() {
        assert_eq!(question_part("how long does it last"), None);
        assert_eq!(question_part("I had one. It was fine."), None);
        assert_eq!(question_part("Is it safe? Does it hurt?"), None);
    }

    #[test]
    fn finds_the_question_in_spanish() {
        let m = "Tengo 50 años y me diagnosticaron depresión hace 10 años. Mi doctor me habló de la ketamina. ¿cuánto dura el efecto?";
        assert_eq!(question_part(m).as_deref(), Some("¿cuánto dura el efecto?"));
        let m = "mi hija lo probo el año pasado. quisiera saber si sirve para la ansiedad";
        assert_eq!(
            question_part(m).as_deref(),
            Some("quisiera saber si sirve para la ansiedad")
        );
    }

    #[test]
    fn decimals_and_question_runs_do_not_split_wrongly() {
        assert_eq!(
            sentences("it took 2.5 hours. really?!? ok"),
            vec!["it took 2.5 hours.", " really?!?", " ok"]
        );
    }
}
