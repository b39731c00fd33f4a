//! The crisis screen's unit tests: one per kind of reading.

use super::*;

fn screen() -> Screen {
    Screen::new(&CrisisLexicon {
        negations: vec!["not".into(), "never".into(), "no".into()],
        negation_window: 2,
        ..CrisisLexicon::default()
    })
}

fn tier(s: &Screen, text: &str) -> Tier {
    s.screen(text).tier
}

#[test]
fn warning_signs_without_trigger_words() {
    let s = screen();
    for msg in [
        "the pills are lined up on my nightstand",
        "bought a rope this afternoon",
        "everyone would be better off if i wasnt around",
        "wrote goodbye letters to my kids",
        "tonight is the night",
        "gave away my guitar and my dog this week",
        "i hope i dont wake up tomorrow",
        "swallowed the whole bottle of my sleeping pills",
        "cut my arms again last night",
        "my brother texted me goodbye and isnt answering",
        "i want to hurt my neighbor, i know when he gets home",
        "cant breathe and my chest hurts after the infusion",
    ] {
        assert_eq!(tier(&s, msg), Tier::Crisis, "{msg:?}");
    }
}

#[test]
fn obfuscation_is_undone() {
    let s = screen();
    for msg in [
        "i want to k1ll mys3lf",
        "i want to k\u{200b}ill myself",
        "su\u{ad}icidal again",
        "i want to k\u{456}ll myself",
        "k i l l m y s e l f",
        "i w a n t t o d i e",
        // Words spelled out one by one, two-letter ones too.
        "t o n i g h t   i m   e n d i n g   i t",
        "i just wanna diiiie",
        "i want to \u{1f480} myself",
        "thinking about the sewer slide",
        "gonna unalive tonight",
    ] {
        assert_eq!(tier(&s, msg), Tier::Crisis, "{msg:?}");
    }
}

#[test]
fn negation_and_idioms_stay_in_their_clause() {
    let s = screen();
    assert_eq!(tier(&s, "No. I want to die."), Tier::Crisis);
    assert_eq!(tier(&s, "I want to die for real"), Tier::Crisis);
    assert_eq!(tier(&s, "i cant stop cutting"), Tier::Crisis);
    assert_eq!(
        tier(&s, "this traffic is killing me, but i want to die"),
        Tier::Crisis
    );
    // Negated or idiomatic: not a crisis, but it mentions dying.
    assert_eq!(
        tier(&s, "I would never kill myself, just asking"),
        Tier::Concern
    );
    assert_eq!(
        tier(&s, "I'm dying to know how long it lasts"),
        Tier::Concern
    );
    assert_eq!(tier(&s, "this wait is killing me"), Tier::Concern);
    assert_eq!(tier(&s, "we need to cut my session short"), Tier::None);
}

#[test]
fn a_negation_carries_over_words_of_intent_but_not_over_others() {
    let s = screen();
    for msg in [
        "To be clear I have no thoughts of hurting myself, I just want to feel something again",
        "is it risky to combine ketamine with my benzos? I don't want to accidentally overdose",
        "no tengo pensamientos de hacerme daño, solo quiero sentirme mejor",
    ] {
        assert_ne!(tier(&s, msg), Tier::Crisis, "{msg:?}");
    }
    // Other words break the carry; a sign in another clause stands.
    for msg in [
        "nothing to live for i want to kill myself",
        "I have no thoughts of hurting myself, but I took 30 pills an hour ago",
        "no family left and i want to die",
    ] {
        assert_eq!(tier(&s, msg), Tier::Crisis, "{msg:?}");
    }
}

#[test]
fn a_weaker_sign_is_concern_when_the_writer_says_they_are_safe() {
    let s = screen();
    for msg in [
        "Not in any danger, just tired of living like this. Would ketamine help PTSD?",
        "I'm not in danger or anything, just tired of trying things. Is ketamine used for CRPS?",
        "no estoy en peligro, solo cansada de luchar. ¿La ketamina ayuda?",
    ] {
        assert_eq!(tier(&s, msg), Tier::Concern, "{msg:?}");
    }
    // Without the reassurance, or with a sign that is not deniable.
    for msg in [
        "just tired of living like this",
        "I'm not in danger, but I have the pills lined up for tonight",
    ] {
        assert_eq!(tier(&s, msg), Tier::Crisis, "{msg:?}");
    }
}

#[test]
fn someone_who_is_well_now_tells_history() {
    let s = screen();
    for msg in [
        "I attempted suicide 8 years ago, now I'm stable and in therapy. Does that rule me out?",
        "Hace 8 años intenté quitarme la vida, ahora estoy estable y en terapia. ¿Eso me impide recibir ketamina?",
    ] {
        assert_eq!(tier(&s, msg), Tier::Concern, "{msg:?}");
    }
    assert_eq!(
        tier(
            &s,
            "I tried to kill myself 8 years ago and now I'm thinking about it again"
        ),
        Tier::Crisis
    );
    // A time set off by commas belongs to its neighbours; fear now is
    // not a sign happening again.
    for msg in [
        "I tried to end my life once, 11 years ago, with pills. How addictive is ketamine?",
        "In 2008 I overdosed and spent 3 days in ICU. I'm scared of relapse. Is ketamine risky?",
    ] {
        assert_eq!(tier(&s, msg), Tier::Concern, "{msg:?}");
    }
}

#[test]
fn a_death_told_is_not_a_sign_but_still_gets_the_card() {
    let s = screen();
    for msg in [
        "My best friend killed herself in 2019. How fast does ketamine work?",
        "I lost three friends from my unit to suicide. What does ketamine do for PTSD?",
        "Mi papá se suicidó cuando yo tenía 15 años. ¿Eso afecta si me pueden dar ketamina?",
        "My friend died of a heart attack at 42. Does ketamine strain the heart?",
    ] {
        assert_eq!(tier(&s, msg), Tier::Concern, "{msg:?}");
    }
    assert_eq!(
        tier(
            &s,
            "My dad died last year and I just want to be with him now"
        ),
        Tier::Crisis
    );
    assert_eq!(
        tier(
            &s,
            "I swore I'd never do that to my parents but the thoughts are back and they're loud"
        ),
        Tier::Crisis
    );
    assert_eq!(
        tier(
            &s,
            "Mi primo murió por sobredosis de fentanilo. ¿La ketamina de la clínica es diferente?"
        ),
        Tier::Concern
    );
    assert_ne!(
        tier(
            &s,
            "I am safe. I have zero plans to end my life. Does ketamine treat anxiety?"
        ),
        Tier::Crisis
    );
}

#[test]
fn distant_history_in_the_same_clause_is_concern_unless_something_says_now() {
    let s = screen();
    for msg in [
        "I tried to end my life in 2008. Can someone with that background get IV ketamine?",
        "intenté suicidarme cuando tenía 17 años, ¿eso me descalifica?",
    ] {
        assert_eq!(tier(&s, msg), Tier::Concern, "{msg:?}");
    }
    // History in one clause, the sign now in another, or a word for now.
    for msg in [
        "I tried years ago, and I want to kill myself",
        "I overdosed in college and I'm doing it again tonight",
        "the thoughts of killing myself are back, worse than last spring",
    ] {
        assert_eq!(tier(&s, msg), Tier::Crisis, "{msg:?}");
    }
}

#[test]
fn the_model_second_guesses_an_ordinary_message_but_keeps_the_card() {
    let s = screen();
    let f = s.screen("my phone is dead, can someone call my ride when I'm done?");
    assert_eq!(f.tier, Tier::Concern, "{f:?}");
    assert!(f.pattern.contains("reads it as ordinary"), "{f:?}");
    // A plain statement of intent keeps its crisis reading.
    for msg in ["im done. tonight. goodbye", "I want to kill myself"] {
        assert_eq!(tier(&s, msg), Tier::Crisis, "{msg:?}");
    }
}

#[test]
fn strong_distress_only_the_model_reads_is_a_crisis_when_nothing_answers_it() {
    let s = screen();
    let f = s.screen("havent left my bed in 4 days except to pee");
    assert_eq!((f.tier, f.category.as_str()), (Tier::Concern, "model"));
    assert!(f.crisis_unless_answered, "{f:?}");
    assert_eq!(f.unanswered().tier, Tier::Crisis);
    // A rule's concern, or the model's weaker one, stays a concern.
    for msg in ["I'm dying to know how long it lasts", "I'm not okay"] {
        let f = s.screen(msg);
        assert_eq!(f.tier, Tier::Concern, "{msg:?}");
        assert_eq!(f.unanswered().tier, Tier::Concern, "{msg:?}");
    }
}

#[test]
fn informational_questions_get_the_concern_tier() {
    let s = screen();
    for msg in [
        "what does the research say about ketamine and suicidal thoughts",
        "can you overdose on ketamine",
        "I had an overdose years ago, am I eligible",
        "history of self harm as a teen, does that disqualify me",
    ] {
        assert_eq!(tier(&s, msg), Tier::Concern, "{msg:?}");
    }
    // The same words, now: a crisis.
    assert_eq!(tier(&s, "i feel suicidal tonight"), Tier::Crisis);
    assert_eq!(tier(&s, "i just overdosed"), Tier::Crisis);
}

#[test]
fn a_question_about_a_risk_is_not_the_event() {
    let s = screen();
    for msg in [
        "could ketamine give me a heart attack? my blood pressure runs high",
        "what if I stop breathing during the infusion",
    ] {
        assert_ne!(tier(&s, msg), Tier::Crisis, "{msg:?}");
    }
    for msg in [
        "I think I'm having a heart attack right now",
        "my chest is crushing and I can't breathe",
    ] {
        assert_eq!(tier(&s, msg), Tier::Crisis, "{msg:?}");
    }
}

#[test]
fn distress_is_concern_and_ordinary_questions_are_none() {
    let s = screen();
    assert_eq!(tier(&s, "I'm not okay"), Tier::Concern);
    assert_eq!(tier(&s, "I can't do this anymore"), Tier::Concern);
    for msg in [
        "how long do the effects last",
        "I'm done with my questions, thanks",
        "can i get ketamine as a pill",
        "how many sessions does it take",
        "do i need someone to pick me up",
    ] {
        assert_eq!(tier(&s, msg), Tier::None, "{msg:?}");
    }
    // The statistical layer alone never takes an answer away from a
    // message without a word of risk (it may attach the card).
    assert_ne!(tier(&s, "I'm gonna ask my doctor"), Tier::Crisis);
}

#[test]
fn spanish_and_other_languages() {
    let s = screen();
    for msg in [
        "ya no quiero vivir",
        "me quiero matar",
        "me tome todas las pastillas",
        "mi hijo dice que se quiere matar",
        "我想死",
        "죽고 싶어요",
        "хочу умереть",
        "je veux mourir",
        "quero morrer",
        "muốn chết",
        "gusto ko nang mamatay",
        "أريد أن أموت",
        "mwen vle mouri",
    ] {
        assert_eq!(tier(&s, msg), Tier::Crisis, "{msg:?}");
    }
    assert_eq!(tier(&s, "me muero de ganas de saber"), Tier::Concern);
    assert_eq!(tier(&s, "cuanto dura el efecto de la ketamina"), Tier::None);
}

#[test]
fn explain_names_the_category_and_the_words() {
    let s = screen();
    let f = s.screen("i have the pills ready tonight");
    assert_eq!(f.category, "means");
    assert!(f.words.iter().any(|w| w == "pills"), "{f:?}");
    assert!(s
        .explain("i have the pills ready tonight")
        .contains("means"));
}

#[test]
fn cancelling_everything_gets_the_card_and_an_ordinary_cancellation_is_no_plan() {
    let s = screen();
    // Eighth session, train14: a plan said as cancelling, with no reason.
    assert!(
        tier(
            &s,
            "What's your cancellation policy? I need to cancel everything after Saturday. I won't be needing the rest of the series."
        ) >= Tier::Concern
    );
    // "won't be needing" with a time before it is not "won't be here".
    assert!(
        tier(
            &s,
            "I need to cancel my appointment next week, I won't be needing the rest of the series because my insurance changed"
        ) < Tier::Crisis
    );
    assert_eq!(tier(&s, "tonight I won't be here"), Tier::Crisis);
}

#[test]
fn an_everyday_reason_makes_a_parting_act_a_concern_unless_it_is_called_a_cover() {
    let s = screen();
    for msg in [
        "Saying goodbye to everyone at my support group tomorrow because I'm relocating to Denver",
        "Won't be around after the 15th, we're moving across the country",
        "Ya no voy a estar por aquí después del día 20, nos mudamos a Texas",
        "giving a lot of my stuff away this week because I'm downsizing to a smaller apartment",
    ] {
        assert_eq!(tier(&s, msg), Tier::Concern, "{msg:?}");
    }
    for msg in [
        "I've been giving my stuff away to friends this week. They think I'm decluttering. I'm not.",
        "gave away my guitar and my dog this week",
        "Won't be around after the 15th",
    ] {
        assert_eq!(tier(&s, msg), Tier::Crisis, "{msg:?}");
    }
    let why = s.explain("giving my furniture away, I'm moving to Ohio");
    assert!(why.contains("everyday reason: [\"i am moving\""), "{why}");
}
