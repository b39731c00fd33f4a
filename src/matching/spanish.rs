//! Reading Spanish: accents and `ñ` optional, chat spellings, stop words and
//! the everyday words of a patient's story. The Snowball Spanish stemmer
//! (`rust-stemmers`) does the rest, in `analyze.rs`.

use std::collections::HashSet;
use std::sync::LazyLock;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::normalize::MAX_CHARS;

/// The words of a Spanish text as the matcher reads them: folded (see
/// [`folded_words`]), then each spelled by its sound ([`sound`]), so the
/// FAQ's "hace", "necesito", "quedar" meet a patient's "ase", "nesecito",
/// "kedar".
pub fn words(text: &str) -> Vec<String> {
    folded_words(text).iter().map(|w| sound(w)).collect()
}

/// Lowercase words with accents and the tilde of `ñ` dropped, so "qué",
/// "que" and "ke" meet, chat spellings spelled out ("xq" → "porque") and
/// stretched letters squeezed ("holaaa" → "hola").
pub fn folded_words(text: &str) -> Vec<String> {
    let folded: String = text
        .nfkd()
        .take(MAX_CHARS)
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    let mut out = Vec::new();
    for raw in folded.split(|c: char| !c.is_alphanumeric()) {
        if raw.is_empty() {
            continue;
        }
        let word = squeeze(raw);
        match chat(&word) {
            Some(full) => out.extend(full.split(' ').map(str::to_owned)),
            None => out.push(word),
        }
    }
    out
}

/// A word spelled as it sounds in Latin-American Spanish, the way patients
/// misspell it: a silent `h` dropped, `z` and a soft `c` as `s`, a hard `c`
/// and `qu` as `k`, `v` as `b`, `ll` as `y`, a soft `g` as `j`, and a
/// final `d` after a vowel dropped ("ansiedá"). Both the FAQ and the
/// question are read this way, so this is a key, never shown.
pub fn sound(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let soft = matches!(next, Some('e' | 'i'));
        match c {
            'h' if i > 0 && chars[i - 1] == 'c' => out.push('h'),
            'h' => {}
            'c' if next == Some('h') => out.push('c'),
            'c' if soft => out.push('s'),
            'c' => out.push('k'),
            'q' if next == Some('u') && matches!(chars.get(i + 2), Some('e' | 'i')) => {
                out.push('k');
                i += 1;
            }
            'q' => out.push('k'),
            'z' => out.push('s'),
            'v' => out.push('b'),
            'l' if next == Some('l') => {
                out.push('y');
                i += 1;
            }
            'g' if soft => out.push('j'),
            'd' if i + 1 == chars.len()
                && i >= 3
                && matches!(chars[i - 1], 'a' | 'e' | 'i' | 'o' | 'u') =>
            {
                // "ansiedad" → "ansieda": the final d is often not written.
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// Runs of three or more of one letter become one ("siii", "holaaa");
/// Spanish doubles ("lleva", "leer", "perro") stay.
fn squeeze(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut j = i;
        while j < chars.len() && chars[j] == c {
            j += 1;
        }
        let run = j - i;
        let keep = if run >= 3 || c.is_ascii_digit() && run > 1 {
            if c.is_ascii_digit() {
                run
            } else {
                1
            }
        } else {
            run
        };
        out.extend(std::iter::repeat_n(c, keep));
        i = j;
    }
    // A doubled vowel at the end is a stretched one ("cuantoo", "holaa").
    let mut tail = out.chars().rev();
    if let (Some(a), Some(b)) = (tail.next(), tail.next()) {
        if a == b && "aeiou".contains(a) && out.chars().count() > 3 {
            out.pop();
        }
    }
    out
}

/// Spanish chat spellings and abbreviations, spelled out.
fn chat(word: &str) -> Option<&'static str> {
    Some(match word {
        "q" | "ke" | "qe" => "que",
        "xq" | "pq" | "xk" | "porq" | "pk" | "pork" | "porke" | "xke" => "porque",
        "x" => "por",
        "xa" | "pa" => "para",
        "tb" | "tmb" | "tmbn" | "tambn" | "tbn" => "tambien",
        "d" => "de",
        "xfa" | "xfavor" | "porfa" | "porfis" | "plis" | "pls" => "por favor",
        "dr" | "dra" | "doc" => "doctor",
        "nose" => "no se",
        "toy" => "estoy",
        "ta" => "esta",
        "sta" => "esta",
        "aki" | "aca" => "aqui",
        "bn" => "bien",
        "mx" => "mucho",
        "kiero" => "quiero",
        "kien" => "quien",
        "kual" => "cual",
        "kuanto" | "qanto" | "cuant" => "cuanto",
        "kuantos" | "kuantas" => "cuantas",
        "hrs" | "hr" | "hs" => "horas",
        "min" | "mins" => "minutos",
        "info" => "informacion",
        "tx" | "tto" | "trat" => "tratamiento",
        _ => return None,
    })
}

/// A word only Spanish would use here: a function word, an everyday word
/// of a patient's story, a question opener, or a word of this domain.
/// `word` is folded ([`folded_words`]), not yet spelled by its sound.
pub fn is_spanish_word(word: &str) -> bool {
    static SET: LazyLock<HashSet<String>> = LazyLock::new(|| {
        STOP_WORDS
            .iter()
            .chain(GLUE_WORDS)
            .chain(OPENERS)
            .chain(DOMAIN)
            .filter(|w| w.len() > 1)
            .map(|w| sound(w))
            .collect()
    });
    SET.contains(&sound(word))
}

/// A word ([`words`]) that opens a Spanish question.
pub fn is_opener(word: &str) -> bool {
    static SET: LazyLock<HashSet<String>> =
        LazyLock::new(|| OPENERS.iter().map(|w| sound(w)).collect());
    SET.contains(word)
}

/// Whether the words ([`words`]) contain a phrase that marks the ask.
pub fn asks(words: &[String]) -> bool {
    static PHRASES: LazyLock<Vec<Vec<String>>> =
        LazyLock::new(|| ASKING.iter().map(|p| self::words(p)).collect());
    PHRASES
        .iter()
        .any(|p| words.windows(p.len()).any(|w| w == p.as_slice()))
}

/// Words of patients' questions about treatment that tell Spanish apart.
const DOMAIN: &[&str] = &[
    "ketamina", "quetamina", "efectos", "efecto", "secundarios", "segundarios", "sesion",
    "sesiones", "tratamiento", "tratamientos", "dura", "duran", "duracion", "funciona",
    "cuesta", "seguro", "peligroso", "peligrosa", "depresion", "ansiedad", "dolor", "cronico",
    "terapia", "suero", "vena", "nariz", "pastillas", "medicamento", "medicamentos", "cerebro",
    "riesgos", "despues", "durante", "cuanto", "cuantas", "cuantos", "adiccion", "adictiva",
    "casa", "cita", "citas", "consulta", "infusion", "infusiones", "aerosol", "nasal",
    "pensamientos", "suicidas", "trastorno", "manejar", "sentir", "siente", "mareo", "nauseas",
    "presion", "evaluacion", "requisitos", "candidato", "candidata", "rapido", "rapida",
    "antidepresivos", "antidepresivo", "psicoterapia", "disociacion", "linea", "virtual",
];

/// Spanish function words (accents already dropped). A clinic adds its own
/// in `matching.toml` under `[spanish]`.
pub const STOP_WORDS: &[&str] = &[
    "a", "al", "algo", "alguien", "algun", "alguna", "algunas", "alguno", "algunos", "ante",
    "antes", "asi", "aun", "bueno", "buenas", "buenos", "cada", "como", "con", "cual", "cuales",
    "de", "del", "donde", "el", "ella", "ellas", "ello", "ellos", "en", "entonces", "era", "eran",
    "es", "esa", "esas", "ese", "eso", "esos", "esta", "estaba", "estan", "estar", "este", "esto",
    "estos", "estoy", "fue", "fueron", "ha", "habia", "han", "has", "hay", "he", "hola", "la",
    "las", "le", "les", "lo", "los", "me", "mi", "mis", "mismo", "muy", "nada", "ni", "no", "nos",
    "nosotros", "o", "os", "otra", "otro", "para", "pero", "poco", "por", "porque", "pues", "que",
    "quien", "quienes", "se", "sea", "ser", "si", "sido", "sin", "sobre", "soy", "su", "sus",
    "tal", "te", "tengo", "ti", "tiene", "tienen", "toda", "todas", "todo", "todos", "tu", "tus",
    "u", "un", "una", "unas", "uno", "unos", "usted", "ustedes", "vez", "y", "ya", "yo", "favor",
    "gracias", "saber", "quiero", "quisiera", "queria", "gustaria", "pregunta", "preguntar",
    "duda", "dudas", "puedo", "puede", "pueden", "podria", "podrian", "decir", "dicen", "dijo",
    "oye", "ok", "okay", "senor", "senora", "senorita", "disculpe", "perdon", "saludos", "tambien",
    "aqui", "alla", "mas", "menos", "bien", "cosa", "cosas", "hacer", "hace", "hacen", "estas",
    "sus", "sera", "seria", "favor", "necesito", "ayuda", "ayudar", "ayudan", "info",
    "informacion", "explicar", "explicarme", "expliquen", "eh", "ah", "pues", "osea", "sea",
    "ustedes", "uds", "ud", "doctor", "doctora", "clinica",
];

/// Everyday Spanish words of a patient's story: family, time, feelings in
/// passing, verbs of asking. When the corpus does not know one, the
/// off-topic guard does not count it as evidence of another topic.
pub const GLUE_WORDS: &[&str] = &[
    "anos", "ano", "edad", "mama", "mami", "madre", "papa", "padre", "hijo", "hija", "hijos",
    "esposo", "esposa", "marido", "mujer", "novio", "novia", "hermano", "hermana", "abuela",
    "abuelo", "tia", "tio", "prima", "primo", "amigo", "amiga", "familia", "pareja", "vecina",
    "vecino", "trabajo", "trabajar", "casa", "escuela", "iglesia", "pueblo", "pais", "ciudad",
    "semana", "semanas", "mes", "meses", "dia", "dias", "hoy", "ayer", "manana", "noche",
    "tarde", "ahora", "luego", "despues", "siempre", "nunca", "todavia", "ultimamente", "hace",
    "tiempo", "vida", "gente", "persona", "personas", "alguien", "nadie", "mucho", "mucha",
    "muchos", "muchas", "poco", "poca", "bastante", "demasiado", "realmente", "verdad",
    "claro", "exactamente", "normal", "normalmente", "general", "posible", "seguro", "segura",
    "oi", "escuche", "vi", "lei", "leyendo", "escuchado", "oido", "visto", "leido", "internet",
    "video", "tiktok", "facebook", "youtube", "google", "amigos", "conocido", "conocida",
    "dijeron", "dice", "comento", "recomendo", "recomendaron", "mando", "mandaron", "refirio",
    "estado", "estuve", "estuvo", "tuve", "tuvo", "llevo", "lleva", "probe", "probado",
    "intentado", "intente", "tomado", "tome", "tomo", "tomando", "siento", "sentido", "siente",
    "creo", "pienso", "pense", "entiendo", "entender", "preocupa", "preocupada", "preocupado",
    "miedo", "nerviosa", "nervioso", "interesa", "interesada", "interesado", "curiosidad",
    "hablar", "hable", "hablo", "contar", "leer", "buscar", "buscando", "encontrar", "ir",
    "voy", "vamos", "venir", "vengo", "llegar", "quedar", "pasar", "paso", "pasa", "empezar",
    "empece", "empezo", "comenzar", "seguir", "sigo", "dejar", "deje", "ver", "mirar", "esperar",
    "espero", "ojala", "favor", "porfavor", "pregunto", "preguntaba", "preguntando", "saludo",
    "primera", "primero", "segunda", "segundo", "ultima", "ultimo", "otra", "otros", "otras",
    "nuevo", "nueva", "viejo", "vieja", "mayor", "joven", "grande", "chico", "chica", "bueno",
    "buena", "malo", "mala", "mejor", "peor", "igual", "diferente", "misma", "mismos", "solo",
    "sola", "tambien", "tampoco", "casi", "ya", "aun", "asi", "entonces", "pero", "aunque",
    "mientras", "cuando", "desde", "hasta", "durante", "hola", "buenas", "gracias", "dios",
    "bendiga", "jaja", "jajaja", "ay", "uf", "bueno", "listo", "vale", "pues", "mira", "oiga",
    "quisiera", "queria", "podrian", "podria", "pudiera", "deberia", "tendria", "haria",
    "serviria", "funcionaria", "ayudaria", "diagnosticaron", "diagnostico", "paciente",
    "nomas", "fa", "habla", "hablan", "hablando", "solamente", "unicamente", "tres", "cuatro", "cinco", "seis", "siete", "ocho",
    "nueve", "diez", "veinte", "cien", "mil", "medio", "media", "quiere", "quieren", "quise",
    "hizo", "hice", "hago", "hacemos", "sintio", "senti", "sentia", "gusta", "gusto", "vivo",
    "vive", "viven", "falta", "faltan", "sabe", "se", "sabia", "nino", "nina", "ninos", "manda",
    "mande", "afecta", "existe", "existen", "menciono", "mencionaron", "sirve", "sirvio",
    "aguanto", "aguantar", "tanto", "tanta", "maestra", "maestro", "enero", "febrero", "marzo",
    "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre",
    "diciembre", "lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo",
    "volvi", "volver", "vuelve", "vuelven", "fuerte", "justo", "universidad", "colegio",
    "limpio", "limpia", "dio", "dieron", "dar", "da", "dan", "papel", "adelante", "irme",
    "recoja", "recoger", "siguiente", "episodio", "impide", "saca", "sacar", "texto", "mensaje",
    "brazo", "confundido", "confundida", "libre", "jefe", "jefa", "confiar", "confianza",
    "deseo", "cansado", "cansada", "modo", "forma", "manera", "abierto", "abierta", "sufri",
    "sufro", "sufre", "muchisimo", "muchisima", "contar", "querer", "mio", "mia", "compania",
    "chiquito", "chiquita", "usaba", "usar", "uso", "campo", "va", "van", "ido", "fui",
    "fuimos", "estuvimos", "podemos", "puedes", "tienes", "eres", "sos", "estas", "esten",
    "digame", "diganme", "dime", "cuentenme", "expliqueme", "ojo", "onda", "neta", "chido",
    "pues", "orale", "ahorita", "horita", "rato", "momento", "vida", "mundo", "cosa", "cosas",
    "parte", "lado", "caso", "verdad", "mentira", "idea", "razon", "problema", "problemas",
    "situacion", "experiencia", "historia", "opinion", "consejo", "pregunte", "respuesta",
    "respuestas", "articulo", "foro", "noticia", "noticias", "programa", "tele", "television",
    "radio", "pelicula", "libro", "revista", "red", "redes", "whatsapp", "instagram", "insta",
    "trabaje", "trabajaba", "trabajo", "empleo", "carro", "auto", "coche", "camion", "uber",
    "bus", "metro", "caminar", "manejo", "oficina", "tienda", "iglesia", "mama", "suegra",
    "suegro", "nieto", "nieta", "sobrino", "sobrina", "cunado", "cunada", "hijastro",
    "bebe", "embarazada", "anciano", "anciana", "senior", "adulto", "adulta", "hombre",
    "chavo", "chava", "muchacho", "muchacha", "veterano", "soldado", "militar", "ejercito",
    "estudio", "estudiante", "estudiando", "contador", "enfermera", "ingeniero", "abogado",
    "construccion", "limpieza", "cocina", "cocinero", "mesero", "chofer", "asusta", "asuste",
    "asustado", "asustada", "feo", "fea", "bonito", "raro", "rara", "extrano", "loco", "loca",
    "jaja", "jeje", "lol", "xd", "ey", "oigan", "saludos", "bendiciones", "amen", "dios",
    "ayudenme", "ayudame", "porfavor", "urgente", "rapidito", "pronto", "tarde", "temprano",
    "ultimamente", "recien", "recientemente", "antes", "despues", "luego", "mientras",
];

/// Words that open a Spanish question (accents dropped).
pub const OPENERS: &[&str] = &[
    "que", "como", "cuanto", "cuanta", "cuantos", "cuantas", "cuando", "donde", "cual", "cuales",
    "quien", "quienes", "por", "porque", "puedo", "puede", "pueden", "podria", "podrian", "hay",
    "es", "son", "sirve", "funciona", "debo", "necesito", "tengo", "existe", "ofrecen",
    "tienen", "hacen", "cubre", "aceptan", "duele", "dura",
];

/// Phrases that mark a Spanish sentence as the ask without a question mark.
pub const ASKING: &[&str] = &[
    "quisiera saber",
    "quiero saber",
    "queria saber",
    "me gustaria saber",
    "necesito saber",
    "mi pregunta",
    "tengo una pregunta",
    "tengo una duda",
    "no se si",
    "me pueden decir",
    "me podrian decir",
    "me pueden explicar",
    "me podrian explicar",
    "expliquenme",
    "explicame",
    "quisiera preguntar",
    "queria preguntar",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_tildes_and_chat_spellings_fold_together() {
        let f = folded_words;
        assert_eq!(f("¿Qué es la ketamina?"), ["que", "es", "la", "ketamina"]);
        assert_eq!(f("q es la ketamina"), ["que", "es", "la", "ketamina"]);
        assert_eq!(f("AÑOS años anos"), ["anos", "anos", "anos"]);
        assert_eq!(f("xq holaaa siii"), ["porque", "hola", "si"]);
        assert_eq!(f("llevo 3 semanas"), ["llevo", "3", "semanas"]);
    }

    #[test]
    fn misspellings_by_sound_meet_the_right_spelling() {
        for (typed, right) in [
            ("ase", "hace"),
            ("nesecito", "necesito"),
            ("kedar", "quedar"),
            ("ansieda", "ansiedad"),
            ("bena", "vena"),
            ("cabesa", "cabeza"),
            ("jente", "gente"),
            ("yegar", "llegar"),
        ] {
            assert_eq!(words(typed), words(right), "{typed}");
        }
        assert_ne!(words("pero"), words("perro"));
        assert_eq!(words("chocolate"), ["chokolate"]);
    }
}
