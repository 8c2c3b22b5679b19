//! Language identification of cleaned text, with `whatlang` (trigram profiles of 69 languages,
//! embedded; no data is loaded at run time). Only the first 1,200 bytes are read (about 200 words): enough for a
//! reliable answer on news text, and constant cost per document.

/// The language of a text: ISO 639-3 code (`eng`, `fra`, `rus`...) when whatlang is confident,
/// else `None` (too short, mixed, or unknown script).
pub fn detect_language(text: &str) -> Option<&'static str> {
    let mut end = text.len().min(1200);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if sample.split_whitespace().count() < 8 {
        return None;
    }
    let info = whatlang::detect(sample)?;
    info.is_reliable().then(|| info.lang().code())
}

/// Whether a document in this text should be coded: English, or a language that cannot be
/// told (short texts are given the benefit of the doubt).
pub fn not_english(text: &str) -> Option<&'static str> {
    match detect_language(text) {
        Some("eng") | None => None,
        Some(code) => Some(code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_languages_apart() {
        assert_eq!(detect_language("The foreign ministers met in Geneva on Monday to discuss a ceasefire and the exchange of prisoners."), Some("eng"));
        assert_eq!(detect_language("Les ministres des affaires étrangères se sont réunis à Genève lundi pour discuter d'un cessez-le-feu."), Some("fra"));
        assert_eq!(detect_language("Министры иностранных дел встретились в Женеве в понедельник, чтобы обсудить прекращение огня."), Some("rus"));
        assert_eq!(detect_language("Talks resume."), None);
        assert_eq!(not_english("Die Außenminister trafen sich am Montag in Genf, um über einen Waffenstillstand und den Austausch von Gefangenen zu sprechen."), Some("deu"));
        assert_eq!(not_english("The envoys met in Geneva on Monday and agreed to meet again next week in Vienna."), None);
    }
}
