use super::*;
use statecraft_text::tokenize;

const DICT: &str = "
@country USA United States
name: United States; U.S.; US; America
adj: American; Americans; U.S.; US
seat: Washington; White House
@country RUS Russia
name: Russia; Russian Federation
adj: Russian; Russians
seat: Moscow; Kremlin
@country HUN Hungary
name: Hungary
adj: Hungarian
@country ROU Romania
name: Romania
adj: Romanian
@country GIN Guinea
name: Guinea
@igo NATO North Atlantic Treaty Organization
name: NATO; North Atlantic Treaty Organization
adj: NATO
@img HAM Hamas
name: Hamas
country: PSE
sector: REB
@person Donald Trump
name: Donald Trump; Trump
role: 2017-01-20..2021-01-20 USA GOV President
role: 2024-11-06..2025-01-20 USA ELI President-elect
role: 2025-01-20.. USA GOV President
@person Dmitry Medvedev
name: Dmitry Medvedev; Medvedev
role: 2008-05-07..2012-05-07 RUS GOV President
role: 2020-01-16.. RUS GOV Deputy Chairman of the Security Council
@person Steve Witkoff
name: Steve Witkoff; Witkoff
role: 2025-01-20.. USA GOV Special Envoy
@sector GOV
word: president; officials; envoy; special envoy; spokesman; government
@sector MIL
word: troops; forces; army
@sector COP
word: security forces
";

fn dict() -> Dictionary {
    let mut d = Dictionary::default();
    d.add_file("test", DICT).unwrap();
    d
}

fn date(s: &str) -> Option<NaiveDate> {
    statecraft_model::parse_date(s)
}

fn coded(text: &str, d: Option<NaiveDate>) -> Vec<(String, String, Vec<(String, Option<String>)>)> {
    let toks = tokenize(text);
    dict()
        .recognise(&toks, 0, d)
        .into_iter()
        .filter(|m| m.pronoun.is_none())
        .map(|m| {
            (
                tokens_text(&toks, m.start, m.end),
                m.actors.first().and_then(|a| a.name.clone()).unwrap_or_default(),
                m.actors.iter().map(|a| (a.code.clone(), a.sector.clone())).collect(),
            )
        })
        .collect()
}

#[test]
fn country_adjective_and_sector() {
    let m = coded("Russian troops invaded Ukraine.", None);
    assert_eq!(m[0].0, "Russian troops");
    assert_eq!(m[0].2, vec![("RUS".to_string(), Some("MIL".to_string()))]);
}

#[test]
fn longest_match_and_person_head() {
    let m = coded("Russia's former President Dmitry Medvedev posted online.", date("2025-08-01"));
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].0, "Russia's former President Dmitry Medvedev");
    assert_eq!(m[0].1, "Dmitry Medvedev");
    assert_eq!(m[0].2, vec![("RUS".to_string(), Some("GOV".to_string()))]);
}

#[test]
fn role_dates() {
    let m = coded("Trump spoke.", date("2024-11-20"));
    assert_eq!(m[0].2, vec![("USA".to_string(), Some("ELI".to_string()))]);
    let m = coded("Trump spoke.", date("2025-03-01"));
    assert_eq!(m[0].2, vec![("USA".to_string(), Some("GOV".to_string()))]);
    // between terms: the nearest role's state, as a former office holder
    let m = coded("Trump spoke.", date("2022-06-01"));
    assert_eq!(m[0].2, vec![("USA".to_string(), Some("ELI".to_string()))]);
}

#[test]
fn possessor_is_not_the_head() {
    let m = coded("Donald Trump's special envoy, Steve Witkoff, arrived.", date("2025-08-01"));
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].1, "Steve Witkoff");
    let m = coded("Trump's envoy arrived.", date("2025-08-01"));
    assert_eq!(m[0].1, "");
    assert_eq!(m[0].2, vec![("USA".to_string(), Some("GOV".to_string()))]);
}

#[test]
fn case_sensitivity() {
    let m = coded("They told us that the US would act.", None);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].2[0].0, "USA");
}

#[test]
fn shared_head_gives_two_actors() {
    let m = coded("Senior Hungarian and Romanian officials agreed.", None);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(
        m[0].2,
        vec![("HUN".to_string(), Some("GOV".to_string())), ("ROU".to_string(), Some("GOV".to_string()))]
    );
}

#[test]
fn sector_linked_by_preposition() {
    let m = coded("Security forces in Guinea have tortured refugees.", None);
    assert_eq!(m[0].0, "Security forces in Guinea");
    assert_eq!(m[0].2, vec![("GIN".to_string(), Some("COP".to_string()))]);
}

#[test]
fn organisations_and_seats() {
    let m = coded("NATO officials met the Kremlin and Hamas.", None);
    let codes: Vec<_> = m.iter().map(|x| x.2[0].clone()).collect();
    assert_eq!(
        codes,
        vec![
            ("IGO".to_string(), Some("GOV".to_string())),
            ("RUS".to_string(), Some("GOV".to_string())),
            ("PSE".to_string(), Some("REB".to_string()))
        ]
    );
}

#[test]
fn separate_names_stay_separate() {
    let m = coded("U.S.-Russia relations and Russia Hungary trade", None);
    let codes: Vec<_> = m.iter().map(|x| x.2[0].0.clone()).collect();
    assert_eq!(codes, ["USA", "RUS", "RUS", "HUN"]);
}

#[test]
fn pronouns_resolve_to_nearest_fitting_antecedent() {
    let d = dict();
    let s1 = tokenize("Witkoff met Russia's president.");
    let s2 = tokenize("He said it would talk.");
    let mut ms = vec![d.recognise(&s1, 0, date("2025-08-01")), d.recognise(&s2, 100, date("2025-08-01"))];
    resolve_pronouns(&mut ms, &[s1.clone(), s2.clone()]);
    let he = ms[1].iter().find(|m| m.pronoun == Some(Pronoun::Personal)).unwrap();
    assert_eq!(he.actors[0].name.as_deref(), Some("Steve Witkoff"));
    let it = ms[1].iter().find(|m| m.pronoun == Some(Pronoun::Collective)).unwrap();
    assert_eq!(it.actors[0].code, "RUS");
}

#[test]
fn a_resolved_pronoun_carries_its_person_into_the_next_sentence() {
    let d = dict();
    let sents = ["Donald Trump spoke at length.", "In his first term, he praised Vladimir Putin.", "At the same time, he expelled diplomats."];
    let toks: Vec<_> = sents.iter().map(|s| tokenize(s)).collect();
    let mut ms: Vec<_> = toks.iter().enumerate().map(|(i, t)| d.recognise(t, i * 100, date("2025-08-01"))).collect();
    resolve_pronouns(&mut ms, &toks);
    let he = ms[2].iter().find(|m| m.pronoun == Some(Pronoun::Personal)).unwrap();
    assert_eq!(he.actors[0].name.as_deref(), Some("Donald Trump"), "{:?}", ms[1]);
}

#[test]
fn a_pronoun_after_a_quote_is_its_speaker_not_someone_named_inside_it() {
    let d = dict();
    let sents = ["\u{201c}This is what Vladimir Putin wants,\u{201d} Witkoff said.", "He added that talks would go on."];
    let toks: Vec<_> = sents.iter().map(|s| tokenize(s)).collect();
    let mut ms: Vec<_> = toks.iter().enumerate().map(|(i, t)| d.recognise(t, i * 100, date("2025-08-01"))).collect();
    resolve_pronouns(&mut ms, &toks);
    let he = ms[1].iter().find(|m| m.pronoun == Some(Pronoun::Personal)).unwrap();
    assert_eq!(he.actors[0].name.as_deref(), Some("Steve Witkoff"), "{:?}", ms[0]);
}

#[test]
fn the_country_is_the_state_named_before() {
    let d = dict();
    let sents = ["Hungary hosted the talks.", "Hungarian officials said the country would not leave NATO."];
    let toks: Vec<_> = sents.iter().map(|s| tokenize(s)).collect();
    let mut ms: Vec<_> = toks.iter().enumerate().map(|(i, t)| d.recognise(t, i * 100, date("2025-08-01"))).collect();
    resolve_pronouns(&mut ms, &toks);
    let country = ms[1].iter().find(|m| m.pronoun == Some(Pronoun::State)).expect("\"the country\" is a mention");
    assert_eq!((country.start, country.end, country.actors[0].code.as_str()), (3, 5, "HUN"), "{:?}", ms[1]);
    // an organisation is not a country
    let toks = [tokenize("NATO met on Monday, and the country said nothing.")];
    let mut ms = vec![d.recognise(&toks[0], 0, date("2025-08-01"))];
    resolve_pronouns(&mut ms, &toks);
    let country = ms[0].iter().find(|m| m.pronoun == Some(Pronoun::State)).unwrap();
    assert!(country.actors[0].code.is_empty(), "{:?}", ms[0]);
}

#[test]
fn bad_dictionary_lines_are_reported_with_place() {
    let mut d = Dictionary::default();
    let e = d.add_file("mine.txt", "@country usa\nname: x").unwrap_err();
    assert!(e.contains("mine.txt:1"), "{e}");
    let e = d.add_file("mine.txt", "@person X\nrole: 2020-13-01.. USA GOV x").unwrap_err();
    assert!(e.contains("mine.txt:2"), "{e}");
}

#[test]
fn a_glue_word_between_two_people_does_not_join_them() {
    let dict = Dictionary::builtin();
    let toks = statecraft_text::tokenize("Abdel Fattah el-Sisi ousted Mohamed Morsi in 2013.");
    let m = dict.recognise(&toks, 0, statecraft_model::parse_date("2013-07-04"));
    let names: Vec<Option<String>> = m.iter().map(|m| m.actors[0].name.clone()).collect();
    assert!(names.len() >= 2, "{names:?}");
}

#[test]
fn a_name_shared_by_several_people_names_the_one_of_the_date() {
    let dict = Dictionary::builtin();
    let name_on = |text: &str, d: &str| {
        let toks = statecraft_text::tokenize(text);
        let m = dict.recognise(&toks, 0, statecraft_model::parse_date(d));
        m.first().map(|m| (m.actors[0].name.clone().unwrap_or_default(), m.actors[0].code.clone()))
    };
    assert_eq!(name_on("President Bush spoke.", "1991-02-01"), Some(("George H. W. Bush".to_string(), "USA".to_string())));
    assert_eq!(name_on("President Bush spoke.", "2003-03-20"), Some(("George W. Bush".to_string(), "USA".to_string())));
    // in office neither: the nearer one, a former office holder
    assert_eq!(name_on("Bush spoke.", "1994-01-01").map(|n| n.0), Some("George H. W. Bush".to_string()));
    assert_eq!(name_on("Clinton spoke.", "2011-05-01").map(|n| n.0), Some("Hillary Clinton".to_string()));
}
