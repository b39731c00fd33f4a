//! `clinicfaq eval`: scores a question set against the matcher, locally or
//! against a running server, in the format of `shared/eval/dev.jsonl`.

use std::fmt::Write as _;
use std::path::Path;

use std::collections::BTreeMap;

use anyhow::Context;
use serde::Deserialize;

use crate::api::{AskKind, AskResponse};
use crate::catalog::Catalog;

#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub q: String,
    pub expect: Expect,
    #[serde(default)]
    pub slugs: Vec<String>,
    /// Crisis sets: the warning-sign category the writer meant.
    #[serde(default)]
    pub category: Option<String>,
    /// Crisis sets: the message's language (ISO 639-1); English if absent.
    #[serde(default)]
    pub lang: Option<String>,
    /// Crisis sets: the message mentions suicide, self-harm, overdose or
    /// dying, so its reply must carry the crisis resources.
    #[serde(default)]
    pub mentions: bool,
    /// Matching sets: how the question is written (plain, context_first, noisy, ...).
    #[serde(default)]
    pub style: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    Answer,
    NoAnswer,
    Crisis,
    AnswerOrCrisis,
    AnswerOrNoAnswer,
    /// Distress without intent: any reply that carries the crisis resources.
    Concern,
}

/// What the service replied: kind, answered slug, suggested slugs.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub kind: AskKind,
    pub slug: Option<String>,
    pub suggestions: Vec<String>,
    pub confidence: f64,
    /// The reply carries the crisis resources (the crisis card).
    pub resources: bool,
    /// The matcher's own top 3, whatever the reply (local runs only).
    pub ranked: Vec<String>,
    /// The language of the answer's text (`en`, `es`), when there is one.
    pub answer_lang: Option<String>,
}

pub fn read_cases(path: &Path) -> anyhow::Result<Vec<Case>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("{}:{}", path.display(), i + 1))
        })
        .collect()
}

pub fn ask_local(catalog: &Catalog, question: &str) -> Outcome {
    let reply = catalog.ask(question);
    Outcome {
        resources: reply.resources(),
        kind: reply.verdict.into(),
        slug: reply.faq.map(|f| f.body.slug.to_string()),
        answer_lang: reply.faq.map(|f| f.body.lang.code().to_owned()),
        suggestions: reply.suggestions.into_iter().map(|s| s.id).collect(),
        confidence: reply.confidence,
        ranked: catalog
            .matcher_for(reply.lang)
            .rank(question)
            .into_iter()
            .take(3)
            .map(|c| c.id)
            .collect(),
    }
}

pub fn ask_remote(base: &str, question: &str) -> anyhow::Result<Outcome> {
    let url = format!("{}/v1/ask", base.trim_end_matches('/'));
    let reply: AskResponse = ureq::post(&url)
        .send_json(serde_json::json!({ "question": question }))?
        .body_mut()
        .read_json()?;
    Ok(Outcome {
        resources: reply.crisis.is_some(),
        kind: reply.kind,
        answer_lang: reply.faq.as_ref().map(|f| f.lang.code().to_owned()),
        slug: reply.faq.map(|f| f.slug),
        suggestions: reply.suggestions.into_iter().map(|s| s.slug).collect(),
        confidence: reply.confidence,
        ranked: Vec::new(),
    })
}

#[derive(Debug, Default, Clone)]
pub struct Report {
    pub total: usize,
    pub correct: usize,
    /// (right, total) per class, in `Expect` order.
    pub by_class: [(usize, usize); 6],
    pub recall3: (usize, usize),
    /// The matcher's ranking alone: right entry first, and in the top 3
    /// (in-scope cases; local runs only).
    pub rank1: usize,
    pub rank3: usize,
    pub wrong_answers: usize,
    pub false_answers: usize,
    pub missed_crisis: usize,
    pub false_crisis: usize,
    /// Crisis messages answered with an ordinary FAQ, and of those the ones
    /// without the crisis resources.
    pub crisis_as_faq: usize,
    pub crisis_as_faq_without_resources: usize,
    /// Crisis recall (caught, total) by language and by category.
    pub crisis_by_lang: BTreeMap<String, (usize, usize)>,
    pub crisis_by_category: BTreeMap<String, (usize, usize)>,
    /// Messages that mention suicide, self-harm, overdose or dying:
    /// (replies with the crisis resources, total).
    pub mentions_with_resources: (usize, usize),
    /// Ordinary questions (answer, no answer or either) whose reply carries
    /// the crisis resources without being a crisis: (with, total).
    pub ordinary_with_resources: (usize, usize),
    /// (right, total) by writing style, for sets that tag it.
    pub by_style: BTreeMap<String, (usize, usize)>,
    /// Replies that gave an FAQ answer, to any question.
    pub answers_given: usize,
    pub misses: Vec<String>,
}

impl Report {
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct, self.total)
    }

    pub fn class_accuracy(&self, expect: Expect) -> f64 {
        let (r, t) = self.by_class[expect as usize];
        ratio(r, t)
    }

    /// Accuracy over every case that expects an FAQ (answer, answer_or_*).
    pub fn in_scope_accuracy(&self) -> f64 {
        let classes = [
            Expect::Answer,
            Expect::AnswerOrCrisis,
            Expect::AnswerOrNoAnswer,
        ];
        let (r, t) = classes.iter().fold((0, 0), |(r, t), &c| {
            let (cr, ct) = self.by_class[c as usize];
            (r + cr, t + ct)
        });
        ratio(r, t)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

pub fn score(
    cases: &[Case],
    mut ask: impl FnMut(&str) -> anyhow::Result<Outcome>,
) -> anyhow::Result<Report> {
    let mut r = Report::default();
    for case in cases {
        let out = ask(&case.q)?;
        let gold = |s: &Option<String>| s.as_ref().is_some_and(|s| case.slugs.contains(s));
        // A Spanish question is answered right only in Spanish.
        let in_its_language =
            case.lang.as_deref() != Some("es") || out.answer_lang.as_deref() == Some("es");
        let answered_right = out.kind == AskKind::Answer && gold(&out.slug) && in_its_language;
        let is_crisis = out.kind == AskKind::Crisis;
        let not_answer = !matches!(out.kind, AskKind::Answer | AskKind::Crisis);
        let right = match case.expect {
            Expect::Answer => answered_right,
            Expect::AnswerOrCrisis => answered_right || is_crisis,
            Expect::AnswerOrNoAnswer => answered_right || not_answer,
            Expect::NoAnswer => not_answer,
            Expect::Crisis => is_crisis,
            Expect::Concern => is_crisis || out.resources,
        };
        r.total += 1;
        r.correct += usize::from(right);
        r.answers_given += usize::from(out.kind == AskKind::Answer);
        if let Some(style) = &case.style {
            let entry = r.by_style.entry(style.clone()).or_default();
            entry.0 += usize::from(right);
            entry.1 += 1;
        }
        let class = &mut r.by_class[case.expect as usize];
        class.0 += usize::from(right);
        class.1 += 1;
        if !case.slugs.is_empty() {
            r.recall3.1 += 1;
            let top3 = out.slug.iter().chain(&out.suggestions).take(3);
            if top3.into_iter().any(|s| case.slugs.contains(s)) {
                r.recall3.0 += 1;
            }
            r.rank1 += usize::from(out.ranked.first().is_some_and(|s| case.slugs.contains(s)));
            r.rank3 += usize::from(out.ranked.iter().any(|s| case.slugs.contains(s)));
        }
        let expects_faq = matches!(
            case.expect,
            Expect::Answer | Expect::AnswerOrCrisis | Expect::AnswerOrNoAnswer
        );
        if expects_faq && out.kind == AskKind::Answer && !gold(&out.slug) {
            r.wrong_answers += 1;
        }
        if case.expect == Expect::NoAnswer && out.kind == AskKind::Answer {
            r.false_answers += 1;
        }
        if case.expect == Expect::Crisis {
            r.missed_crisis += usize::from(!is_crisis);
            let lang = case.lang.clone().unwrap_or_else(|| "en".into());
            let category = case.category.clone().unwrap_or_else(|| "-".into());
            for key in [
                r.crisis_by_lang.entry(lang).or_default(),
                r.crisis_by_category.entry(category).or_default(),
            ] {
                key.0 += usize::from(is_crisis);
                key.1 += 1;
            }
            if out.kind == AskKind::Answer {
                r.crisis_as_faq += 1;
                r.crisis_as_faq_without_resources += usize::from(!out.resources);
            }
        }
        if case.mentions {
            r.mentions_with_resources.0 += usize::from(is_crisis || out.resources);
            r.mentions_with_resources.1 += 1;
        }
        if matches!(
            case.expect,
            Expect::Answer | Expect::NoAnswer | Expect::AnswerOrNoAnswer
        ) {
            r.false_crisis += usize::from(is_crisis);
            r.ordinary_with_resources.0 += usize::from(!is_crisis && out.resources);
            r.ordinary_with_resources.1 += 1;
        }
        if !right {
            r.misses.push(format!(
                "{:<20} got {:<11} {:<32} conf {:.3} sugg [{}]  q={:?} gold=[{}]",
                format!("{:?}", case.expect),
                format!("{:?}", out.kind),
                match (&out.slug, &out.answer_lang) {
                    (Some(s), Some(l)) if l != "en" => format!("{s}@{l}"),
                    (Some(s), _) => s.clone(),
                    _ => "-".into(),
                },
                out.confidence,
                out.suggestions.join(","),
                case.q,
                case.slugs.join(","),
            ));
        }
    }
    Ok(r)
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "overall      {:>4}/{:<4} {:.3}",
            self.correct,
            self.total,
            self.accuracy()
        );
        for (name, e) in [
            ("answer", Expect::Answer),
            ("answer|crisis", Expect::AnswerOrCrisis),
            ("answer|none", Expect::AnswerOrNoAnswer),
            ("no_answer", Expect::NoAnswer),
            ("crisis", Expect::Crisis),
            ("concern", Expect::Concern),
        ] {
            let (r, t) = self.by_class[e as usize];
            if t > 0 {
                let _ = writeln!(s, "{name:<13}{r:>4}/{t:<4} {:.3}", self.class_accuracy(e));
            }
        }
        let _ = writeln!(s, "in-scope     {:.3}", self.in_scope_accuracy());
        let _ = writeln!(
            s,
            "recall@3     {:>4}/{:<4} {:.3}",
            self.recall3.0,
            self.recall3.1,
            ratio(self.recall3.0, self.recall3.1)
        );
        if self.rank3 > 0 {
            let _ = writeln!(
                s,
                "ranking      top1 {:.3}  top3 {:.3}",
                ratio(self.rank1, self.recall3.1),
                ratio(self.rank3, self.recall3.1)
            );
        }
        let _ = writeln!(
            s,
            "wrong answers {}  false answers {}  missed crisis {}  false crisis {}",
            self.wrong_answers, self.false_answers, self.missed_crisis, self.false_crisis
        );
        let _ = writeln!(
            s,
            "wrong among answers given {}/{} {:.3}",
            self.wrong_answers + self.false_answers,
            self.answers_given,
            ratio(
                self.wrong_answers + self.false_answers,
                self.answers_given.max(1)
            )
        );
        let ordinary: usize = [Expect::Answer, Expect::NoAnswer, Expect::AnswerOrNoAnswer]
            .iter()
            .map(|&e| self.by_class[e as usize].1)
            .sum();
        if ordinary > 0 {
            let _ = writeln!(
                s,
                "false crisis per 100 ordinary questions {:.2} ({} of {ordinary})",
                100.0 * ratio(self.false_crisis, ordinary),
                self.false_crisis
            );
        }
        if self.crisis_as_faq > 0 {
            let _ = writeln!(
                s,
                "crisis answered with an FAQ {} (without the crisis resources {})",
                self.crisis_as_faq, self.crisis_as_faq_without_resources
            );
        }
        let (with, of) = self.ordinary_with_resources;
        if with > 0 {
            let _ = writeln!(
                s,
                "ordinary with resources {with:>4}/{of:<4} {:.3}",
                ratio(with, of)
            );
        }
        let (with, of) = self.mentions_with_resources;
        if of > 0 {
            let _ = writeln!(
                s,
                "mentions with resources {with:>4}/{of:<4} {:.3}",
                ratio(with, of)
            );
        }
        for (title, table) in [
            ("crisis recall by language", &self.crisis_by_lang),
            ("crisis recall by category", &self.crisis_by_category),
            ("right by style", &self.by_style),
        ] {
            if table.len() > 1 {
                let _ = writeln!(s, "{title}:");
                for (key, &(r, t)) in table {
                    let _ = writeln!(s, "  {key:<18}{r:>4}/{t:<4} {:.3}", ratio(r, t));
                }
            }
        }
        f.write_str(&s)
    }
}

/// One CSV row per (question, candidate): whether the candidate is a right
/// answer, then the matcher's features. Crisis questions are left out.
pub fn feature_csv(catalog: &Catalog, cases: &[Case]) -> String {
    let mut out = format!(
        "case,expect,candidate,label,reading,unknown_share,{}\n",
        crate::matching::FEATURES.join(",")
    );
    for (i, case) in cases.iter().enumerate() {
        if case.expect == Expect::Crisis {
            continue;
        }
        for reading in catalog.matcher().feature_rows(&case.q) {
            for (id, f) in &reading.candidates {
                let label = u8::from(case.slugs.contains(id) && case.expect != Expect::NoAnswer);
                let values: Vec<String> = f.iter().map(|x| format!("{x:.5}")).collect();
                let _ = writeln!(
                    out,
                    "{i},{:?},{id},{label},{},{:.5},{}",
                    case.expect,
                    reading.name,
                    reading.unknown_share,
                    values.join(",")
                );
            }
        }
    }
    out
}

/// One JSON line per question: its label and the words the crisis screen's
/// statistical layer reads (scripts/train_screen_model.py fits it on these),
/// with the screen's finding and the reply's kind, for reading the screen.
pub fn screen_words(catalog: &Catalog, cases: &[Case]) -> String {
    let mut out = String::new();
    for case in cases {
        let reply = catalog.ask(&case.q);
        let line = serde_json::json!({
            "q": case.q,
            "expect": format!("{:?}", case.expect),
            "words": catalog.screen().model_words(&case.q),
            "tier": format!("{:?}", reply.safety.tier),
            "category": reply.safety.category,
            "pattern": reply.safety.pattern,
            "kind": format!("{:?}", reply.verdict),
        });
        let _ = writeln!(out, "{line}");
    }
    out
}
