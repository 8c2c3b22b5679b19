//! Coder tests on sentences written for them (not taken from any corpus).

use super::*;
use statecraft_actors::{resolve_pronouns, Dictionary};
use statecraft_text::{split_sentences, tokenize};
use std::sync::OnceLock;

fn stages() -> &'static (Dictionary, Coder) {
    static S: OnceLock<(Dictionary, Coder)> = OnceLock::new();
    S.get_or_init(|| (Dictionary::builtin(), Coder::builtin()))
}

/// (source code, target code or "-", PLOVER category, polarity) for every event in `text`.
fn code(text: &str, date: &str) -> Vec<(String, String, String, &'static str)> {
    let (dict, coder) = stages();
    let d = statecraft_model::parse_date(date);
    let sentences = split_sentences(text);
    let tokens: Vec<_> = sentences.iter().map(|s| tokenize(&s.text)).collect();
    let mut mentions: Vec<_> = sentences.iter().zip(&tokens).map(|(s, t)| dict.recognise(t, s.start, d)).collect();
    resolve_pronouns(&mut mentions, &tokens);
    let mut out = Vec::new();
    for ((s, t), m) in sentences.iter().zip(&tokens).zip(&mentions) {
        let parse = statecraft_syntax::LazyParse::new();
        let input = SentenceInput { doc_id: "t", index: s.index, span: [s.start, s.end], text: &s.text, tokens: t, mentions: m, date: Some(date.into()), topic: (0.5, 0.5), parse: &parse };
        for e in coder.code(&input).into_iter().map(|c| c.event) {
            out.push((e.source.code, e.target.map(|t| t.code).unwrap_or_else(|| "-".into()), e.event, e.polarity.as_str()));
        }
    }
    out
}

fn has(events: &[(String, String, String, &str)], src: &str, tgt: &str, cat: &str) -> bool {
    events.iter().any(|e| e.0 == src && e.1 == tgt && e.2 == cat)
}

fn assert_codes(text: &str, src: &str, tgt: &str, cat: &str) {
    let ev = code(text, "2025-06-01");
    assert!(has(&ev, src, tgt, cat), "{text}\nwanted {src}->{tgt} {cat}, got {ev:?}");
}

#[test]
fn every_plover_category() {
    let cases = [
        ("Japan and South Korea agreed on Tuesday to resume joint patrols.", "JPN", "KOR", "AGREE"),
        ("Finnish President Alexander Stubb visited Kyiv on Monday.", "FIN", "UKR", "CONSULT"),
        ("Germany praised Moldova for its handling of the energy crisis.", "DEU", "MDA", "SUPPORT"),
        ("Egyptian and Saudi warships held joint drills in the Red Sea.", "EGY", "SAU", "COOPERATE"),
        ("Canada sent humanitarian aid to Haiti after the storm.", "CAN", "HTI", "AID"),
        ("The Kenyan government lifted the curfew on Friday.", "KEN", "-", "CONCEDE"),
        ("Russia released two Estonian border guards on Wednesday.", "RUS", "EST", "RETREAT"),
        ("Poland accused Belarus of pushing migrants across the border.", "POL", "BLR", "ACCUSE"),
        ("The European Union demanded that Serbia recognise the court ruling.", "IGO", "SRB", "REQUEST"),
        ("Venezuela rejected a Brazilian proposal for new elections.", "VEN", "BRA", "REJECT"),
        ("China threatened to impose sanctions on Lithuania over the Taiwan office.", "CHN", "LTU", "THREATEN"),
        ("Thousands of Georgian protesters demonstrated against the government.", "GEO", "-", "PROTEST"),
        ("Azerbaijan deployed troops near the Armenian border on Sunday.", "AZE", "ARM", "MOBILIZE"),
        ("Britain expelled three Russian diplomats for spying.", "GBR", "RUS", "SANCTION"),
        ("Israeli police arrested two Palestinian journalists in Hebron.", "ISR", "PSE", "COERCE"),
        ("Russian forces shelled Kyiv overnight, officials said.", "RUS", "UKR", "ASSAULT"),
    ];
    for (text, s, t, c) in cases {
        assert_codes(text, s, t, c);
    }
}

#[test]
fn passive_voice_takes_the_by_agent_as_source() {
    assert_codes("A refugee camp in Chad was attacked by Sudanese militiamen on Sunday.", "SDN", "TCD", "ASSAULT");
}

#[test]
fn negation_is_kept_as_polarity() {
    let ev = code("The Kremlin didn't retaliate when Obama expelled 35 Russian diplomats.", "2025-06-01");
    assert!(ev.iter().any(|e| e.0 == "RUS" && e.3 == "negated"), "{ev:?}");
    assert!(ev.iter().any(|e| e.0 == "USA" && e.1 == "RUS" && e.2 == "SANCTION" && e.3 == "asserted"), "{ev:?}");
}

#[test]
fn compound_actors_code_both_directions() {
    let ev = code("The United States and Jordan have agreed upon a new free-trade pact.", "2025-06-01");
    assert!(has(&ev, "USA", "JOR", "AGREE") && has(&ev, "JOR", "USA", "AGREE"), "{ev:?}");
}

#[test]
fn compound_targets_each_get_the_event() {
    let ev = code("Turkish President Recep Tayyip Erdogan accused Israel and Egypt of blocking the talks.", "2025-06-01");
    assert!(has(&ev, "TUR", "ISR", "ACCUSE") && has(&ev, "TUR", "EGY", "ACCUSE"), "{ev:?}");
}

#[test]
fn reported_speech_codes_the_reported_act() {
    let ev = code("A Ukrainian spokesman said Russian forces shelled Kyiv overnight.", "2025-06-01");
    assert!(has(&ev, "RUS", "UKR", "ASSAULT"), "{ev:?}");
    assert!(!ev.iter().any(|e| e.0 == "UKR" && e.2 == "ASSAULT"), "{ev:?}");
}

#[test]
fn intentions_become_threats_or_promises() {
    let ev = code("Turkey vowed to send troops to Libya.", "2025-06-01");
    assert!(ev.iter().any(|e| e.0 == "TUR" && e.1 == "LBY" && e.2 == "THREATEN" && e.3 == "threatened"), "{ev:?}");
    let ev = code("Norway promised to send humanitarian aid to Sudan.", "2025-06-01");
    assert!(ev.iter().any(|e| e.0 == "NOR" && e.1 == "SDN" && e.2 == "AGREE" && e.3 == "proposed"), "{ev:?}");
}

#[test]
fn conditionals_and_speculation_are_hypothetical() {
    let ev = code("Iran would withdraw its forces from Syria if Israel halted its strikes.", "2025-06-01");
    assert!(ev.iter().any(|e| e.0 == "IRN" && e.1 == "SYR" && e.3 == "hypothetical"), "{ev:?}");
    let ev = code("France could impose tariffs on Chinese steel.", "2025-06-01");
    assert!(ev.iter().any(|e| e.0 == "FRA" && e.1 == "CHN" && e.2 == "SANCTION" && e.3 == "hypothetical"), "{ev:?}");
}

#[test]
fn nominal_events_find_their_agent_and_target() {
    assert_codes("The visit to Moscow by Trump's envoy, Steve Witkoff, signalled a thaw.", "USA", "RUS", "CONSULT");
    assert_codes("Russia's relentless attacks on Ukrainian cities continued.", "RUS", "UKR", "ASSAULT");
    assert_codes("Washington announced threats of additional sanctions against Iran.", "USA", "IRN", "THREATEN");
}

#[test]
fn commentary_is_not_an_event() {
    assert!(code("Trump is not wrong to try sitting down with US foes and rivals.", "2025-06-01").is_empty());
    assert!(code("Trump should ask Russia to free the prisoners.", "2025-06-01").is_empty());
}

#[test]
fn roles_follow_the_document_date() {
    let sector = |date: &str| {
        let (dict, _) = stages();
        let toks = tokenize("Trump met Zelensky in New York.");
        let m = dict.recognise(&toks, 0, statecraft_model::parse_date(date));
        m[0].actors[0].sector.clone()
    };
    assert_eq!(sector("2024-11-20").as_deref(), Some("ELI"));
    assert_eq!(sector("2025-06-01").as_deref(), Some("GOV"));
    assert_eq!(sector("2019-09-25").as_deref(), Some("GOV"));
}

#[test]
fn pronoun_subjects_take_their_antecedent() {
    let ev = code("Trump took the harder course. He even deployed two nuclear submarines near Russia.", "2025-08-10");
    assert!(has(&ev, "USA", "RUS", "MOBILIZE"), "{ev:?}");
}

#[test]
fn relative_clause_subject_is_its_antecedent() {
    let ev = code("Washington raised pressure on North Korea, which has been supplying artillery shells to Russia.", "2025-06-01");
    assert!(has(&ev, "PRK", "RUS", "AID"), "{ev:?}");
}

#[test]
fn every_event_carries_codes_from_the_cameo_table() {
    let (_, coder) = stages();
    for code in coder.patterns().codes_with_patterns() {
        let e = coder.patterns().cameo(code).expect("pattern code in table");
        assert!(statecraft_model::PLOVER_CATEGORIES.contains(&e.plover.as_str()), "{code} -> {}", e.plover);
        assert!((-10.0..=10.0).contains(&e.goldstein));
    }
}

#[test]
fn user_patterns_extend_the_dictionary() {
    let mut coder = Coder::builtin();
    coder.add_file("mine.txt", "@0841 Return, release person(s)\nverb: repatriate\n").unwrap();
    let (dict, _) = stages();
    let text = "Kazakhstan repatriated Uzbek workers.";
    let toks = tokenize(text);
    let m = dict.recognise(&toks, 0, None);
    let parse = statecraft_syntax::LazyParse::new();
    let ev: Vec<Event> = coder.code(&SentenceInput { doc_id: "d", index: 0, span: [0, text.len()], text, tokens: &toks, mentions: &m, date: None, topic: (0.5, 0.5), parse: &parse }).into_iter().map(|c| c.event).collect();
    assert!(ev.iter().any(|e| e.cameo == "0841" && e.source.code == "KAZ" && e.target.as_ref().is_some_and(|t| t.code == "UZB")), "{ev:?}");
    let err = coder.add_file("mine.txt", "@999 nothing\nverb: x\n").unwrap_err();
    assert!(err.contains("mine.txt:1") && err.contains("999"), "{err}");
}

// The three sentences issue 3 quotes from the seed articles, coded from the parse.

#[test]
fn seed_negated_retaliation_and_the_expulsion_it_answered() {
    let ev = code(
        // as issue 3 quotes it (the seed has an aside, "before handing over to Trump," after Obama)
        "The Kremlin didn't retaliate when Barack Obama kicked out 35 Russian diplomats alleged to have meddled in the election.",
        "2025-08-10",
    );
    // the Kremlin's non-response is negated; Obama's expulsion is asserted, USA on RUS
    assert!(ev.iter().any(|e| e.0 == "RUS" && e.3 == "negated"), "{ev:?}");
    assert!(!ev.iter().any(|e| e.0 == "RUS" && e.3 == "asserted"), "{ev:?}");
    assert!(ev.iter().any(|e| e.0 == "USA" && e.1 == "RUS" && e.2 == "SANCTION" && e.3 == "asserted"), "{ev:?}");
}

#[test]
fn seed_conditional_offer_is_hypothetical_on_both_sides() {
    let ev = code("Russia would freeze the invasion in southern provinces if Ukraine ceded the eastern Donbas region, including parts Kiev still controls.", "2025-08-10");
    // Russia's offer: RUS on UKR, only if the condition holds
    assert!(ev.iter().any(|e| e.0 == "RUS" && e.1 == "UKR" && e.3 == "hypothetical"), "{ev:?}");
    // nothing in the sentence happened
    assert!(ev.iter().all(|e| e.3 == "hypothetical"), "{ev:?}");
    assert!(!ev.is_empty());
}

#[test]
fn seed_long_subject_keeps_its_head() {
    let ev = code(
        "Unlike two years ago, when that was a one-way fight, Ukraine's newly built long-range drones and missiles are doing increasing damage to Russian energy and military assets.",
        "2025-08-10",
    );
    assert!(has(&ev, "UKR", "RUS", "ASSAULT"), "{ev:?}");
    assert!(!ev.iter().any(|e| e.0 == "RUS" && e.2 == "ASSAULT"), "{ev:?}");
}

#[test]
fn violence_by_an_unknown_hand_has_an_unknown_source() {
    let ev = code("Four Syrian soldiers were killed near the border on Tuesday.", "2025-06-01");
    assert!(has(&ev, "", "SYR", "ASSAULT"), "{ev:?}");
    let ev = code("A car bombing in the capital killed two Iraqi police officers.", "2025-06-01");
    assert!(has(&ev, "", "IRQ", "ASSAULT"), "{ev:?}");
    // a known doer is still the source
    assert_codes("Two Syrian soldiers were killed by Turkish troops.", "TUR", "SYR", "ASSAULT");
}

#[test]
fn a_participle_describing_a_place_is_not_an_act() {
    let ev = code("Ukrainian farmers returned to the occupied village.", "2025-06-01");
    assert!(!ev.iter().any(|e| e.2 == "COERCE"), "{ev:?}");
}

#[test]
fn an_event_noun_deep_in_the_sentence_does_not_borrow_an_agent() {
    let ev = code("Aid workers from the United Nations helped refugees fleeing the war in Sudan.", "2025-06-01");
    assert!(!ev.iter().any(|e| e.2 == "ASSAULT"), "{ev:?}");
}

#[test]
fn a_condition_is_part_of_the_offer_not_an_event() {
    let ev = code("Iran would resume talks with the United States if Washington lifted its sanctions.", "2025-06-01");
    assert!(ev.iter().any(|e| e.0 == "IRN"), "{ev:?}");
    assert!(!ev.iter().any(|e| e.0 == "USA"), "{ev:?}");
}

#[test]
fn a_purpose_gives_the_direction() {
    assert_codes("The European Union sent monitors to Georgia to investigate the ceasefire.", "IGO", "GEO", "ACCUSE");
}

#[test]
fn a_reported_pronoun_is_the_speaker() {
    let ev = code("Malian rebels rejected a French peace plan and said they opposed the deployment of foreign troops.", "2025-06-01");
    assert!(ev.iter().filter(|e| e.2 == "REJECT").all(|e| e.0 == "MLI"), "{ev:?}");
}

#[test]
fn a_withdrawal_is_toward_the_other_state_not_the_own_troops() {
    assert_codes("Azerbaijan says it is willing to withdraw its troops from neighboring Armenia.", "AZE", "ARM", "AGREE");
}

#[test]
fn an_act_someone_is_suspected_of_is_not_reported_as_done() {
    let ev = code("Two Russian nationals suspected by the police of attacking Ukrainian diplomats were released.", "2025-06-01");
    assert!(!ev.iter().any(|e| e.2 == "ASSAULT"), "{ev:?}");
}

#[test]
fn petrarch_verb_patterns_are_candidates_with_the_most_specific_code() {
    let mut p = Patterns::default();
    p.add_file("cameo.txt", "040 | CONSULT | 1.0 | Consult\n042 | CONSULT | 1.9 | Make a visit\n043 | CONSULT | 2.8 | Host a visit\n070 | AID | 7.0 | Provide aid\n071 | AID | 7.4 | Provide economic aid\n").unwrap();
    let dict = "--- DONATE [070] ---\nDONATE\n- * MONEY [071]\n- * (TO) [---]\n--- LEAVE [---] ---\nLEAVE {LEAVES LEFT LEAVING}\n- * (FOR) VISIT [042:043]\n";
    assert!(crate::is_petrarch_verbs(dict));
    assert!(p.add_verb_dictionary(dict).is_empty());
    let toks = statecraft_text::tokenize("Norway donated more money to Chad.");
    let t = p.find(&toks);
    assert_eq!(t.len(), 1);
    assert_eq!((t[0].cameo.as_str(), t[0].start, t[0].verb_only), ("071", 1, true));
    // the verb alone is too vague: no candidate
    assert!(p.find(&statecraft_text::tokenize("Norway donated.")).is_empty());
    let t = p.find(&statecraft_text::tokenize("The minister left for a visit to Oslo."));
    assert_eq!((t[0].cameo.as_str(), t[0].reverse.as_deref()), ("042", Some("043")));
    // codes the table lacks map to their parent
    assert_eq!(p.table_code("0714").as_deref(), Some("071"));
    assert_eq!(p.table_code("012"), None);
}

#[test]
fn a_requested_act_is_a_request_from_the_asker_to_the_addressee() {
    assert_codes("France urged Russia to withdraw its troops from Georgia.", "FRA", "RUS", "REQUEST");
    assert_codes("Beijing wants Washington to lift its tariffs on Chinese steel.", "CHN", "USA", "REQUEST");
    assert_codes("Egypt pressured Israel to halt the offensive in Gaza.", "EGY", "ISR", "REQUEST");
    let ev = code("France urged Russia to withdraw its troops from Georgia.", "2025-06-01");
    assert!(!has(&ev, "RUS", "GEO", "RETREAT") || ev.iter().all(|e| e.3 != "asserted" || e.2 != "RETREAT"), "the asked-for act did not happen: {ev:?}");
}

#[test]
fn going_to_is_future_not_a_visit() {
    let ev = code("Kenya is going to hold elections in August.", "2025-06-01");
    assert!(ev.iter().all(|e| e.2 != "CONSULT"), "{ev:?}");
}

#[test]
fn a_crash_is_not_an_assault() {
    let ev = code("The Iranian foreign minister was killed in a helicopter crash near Tabriz.", "2025-06-01");
    assert!(ev.iter().all(|e| e.2 != "ASSAULT"), "{ev:?}");
}

#[test]
fn balking_and_no_intention_are_refusals() {
    assert_codes("Hungary balked at signing the joint declaration with Ukraine.", "HUN", "UKR", "REJECT");
    assert_codes("Azerbaijan said it had no intention to meet the Armenian president.", "AZE", "ARM", "REJECT");
}

#[test]
fn plans_are_proposed_and_wondering_is_hypothetical() {
    let ev = code("Vietnam plans to send aid to Cambodia.", "2025-06-01");
    assert!(ev.iter().any(|e| e.0 == "VNM" && e.1 == "KHM" && e.3 == "proposed"), "{ev:?}");
    assert!(ev.iter().all(|e| e.3 != "asserted"), "a plan is not the act: {ev:?}");
    let ev = code("Analysts wondered if Turkey would attack Syria.", "2025-06-01");
    assert!(ev.iter().any(|e| e.0 == "TUR" && e.1 == "SYR" && e.3 == "hypothetical"), "{ev:?}");
}

#[test]
fn pressing_an_actor_to_act_is_a_request_even_for_an_act_not_in_the_dictionaries() {
    assert_codes("Brazil and Chile have been pressuring Peru to leave the trade bloc.", "BRA", "PER", "REQUEST");
    assert_codes("Chile has been pressuring Peru to leave the trade bloc.", "CHL", "PER", "REQUEST");
    assert_codes("China is pressing Vietnam to stay out of the dispute.", "CHN", "VNM", "REQUEST");
    // a request whose asked act is coded is one event, not two
    let ev = code("Germany pushed Greece to accept the reforms.", "2025-06-01");
    assert_eq!(ev.iter().filter(|e| e.2 == "REQUEST").count(), 1, "{ev:?}");
}

#[test]
fn welcoming_a_thing_is_praise_and_welcoming_a_visitor_is_hosting() {
    assert_codes("Kenya welcomed the ceasefire between the two sides.", "KEN", "-", "SUPPORT");
    assert_codes("Qatar welcomed the Iranian delegation in Doha.", "QAT", "IRN", "CONSULT");
}

#[test]
fn verbal_attacks_and_closer_ties() {
    assert_codes("Bolivia's president assailed Chile over the water dispute.", "BOL", "CHL", "ACCUSE");
    assert_codes("The Ghanaian minister lashed out at Togo for closing the border.", "GHA", "TGO", "ACCUSE");
    assert_codes("Indonesia upgraded its relations with Australia.", "IDN", "AUS", "SUPPORT");
}

#[test]
fn a_participle_before_a_noun_describes_rather_than_acts() {
    let ev = code("The Nigerian governor lashed out at striking teachers.", "2025-06-01");
    assert!(ev.iter().all(|e| e.2 != "ASSAULT"), "{ev:?}");
}

#[test]
fn a_feared_act_has_not_happened() {
    for text in ["Many Syrians are afraid to return to Damascus.", "Georgian officials fear that Russia will invade Georgia again."] {
        let ev = code(text, "2025-06-01");
        assert!(!ev.is_empty() && ev.iter().all(|e| e.3 == "hypothetical"), "{text}: {ev:?}");
    }
}

#[test]
fn soldiers_in_the_streets_deploy_and_students_protest() {
    assert_codes("Thai troops took to the streets of Bangkok.", "THA", "-", "MOBILIZE");
    assert_codes("Thai students took to the streets of Bangkok.", "THA", "-", "PROTEST");
}

#[test]
fn an_alleged_act_is_the_accusation_only() {
    let ev = code("Serbia accused Kosovo of attacking a border post.", "2025-06-01");
    assert!(has(&ev, "SRB", "XKX", "ACCUSE") || has(&ev, "SRB", "KOS", "ACCUSE"), "{ev:?}");
    assert!(ev.iter().all(|e| e.2 != "ASSAULT"), "the attack is only alleged: {ev:?}");
    // no one is named as accusing: the accusation keeps an unknown source
    let ev = code("Eritrea has been accused of shelling villages in Tigray.", "2025-06-01");
    assert!(has(&ev, "", "ERI", "ACCUSE"), "{ev:?}");
    assert!(ev.iter().all(|e| e.2 != "ASSAULT"), "{ev:?}");
    // the means of an alleged act is alleged too
    let ev = code("Croatia has been accused of worsening the crisis by blocking aid to Bosnia.", "2025-06-01");
    assert!(ev.iter().all(|e| e.2 != "SANCTION"), "{ev:?}");
}

#[test]
fn the_possessor_of_an_arrest_undergoes_it() {
    assert_codes("The arrest of two Swedish aid workers by Iranian police angered Stockholm.", "IRN", "SWE", "COERCE");
    assert_codes("Tunisian police's arrest of a Libyan diplomat surprised Tripoli.", "TUN", "LBY", "COERCE");
    let ev = code("Kazakhstan's detention by Kyrgyz border guards was brief.", "2025-06-01");
    assert!(ev.iter().all(|e| !(e.0 == "KAZ" && e.2 == "COERCE")), "the possessor is detained, not detaining: {ev:?}");
}

#[test]
fn hostages_held_by_a_group_are_its_captives() {
    assert_codes("Three Nepali workers held hostage by Iraqi militants were freed.", "IRQ", "NPL", "ASSAULT");
}

#[test]
fn staying_put_and_anonymity_are_not_events() {
    let ev = code("About 900 Belgian soldiers remain in Lithuania.", "2025-06-01");
    assert!(ev.iter().all(|e| e.2 != "MOBILIZE"), "{ev:?}");
    let ev = code("A Ghanaian official, who asked not to be named, said Togo had closed the border.", "2025-06-01");
    assert!(ev.iter().all(|e| e.2 != "REQUEST"), "{ev:?}");
    let ev = code("A Chadian minister who requested anonymity said Sudan had shelled the camp.", "2025-06-01");
    assert!(ev.iter().all(|e| e.2 != "REQUEST"), "{ev:?}");
}

#[test]
fn crushing_protests_and_voicing_concern() {
    assert_codes("Ugandan security forces crushed the opposition protests in Kampala.", "UGA", "UGA", "ASSAULT");
    assert_codes("Norwegian diplomats voiced concern over Hungary's media law.", "NOR", "HUN", "ACCUSE");
    assert_codes("Mexico welcomed the release of two Mexican nuns by Haitian gangs.", "MEX", "HTI", "SUPPORT");
}

#[test]
fn a_denied_act_is_negated() {
    for text in ["Belarus has denied supplying weapons to Malian rebels.", "Uganda denied that it had sent troops into South Sudan."] {
        let ev = code(text, "2025-06-01");
        assert!(!ev.is_empty() && ev.iter().all(|e| e.3 == "negated"), "{text}: {ev:?}");
    }
}

#[test]
fn an_agentless_passive_keeps_an_unknown_source() {
    let ev = code("Two Estonian border guards were released on Saturday.", "2025-06-01");
    assert!(has(&ev, "", "EST", "RETREAT"), "{ev:?}");
    // the clause's shape does not lend the act a doer
    let ev = code("In Vienna, Austrian officials said two Slovak diplomats were expelled.", "2025-06-01");
    assert!(ev.iter().all(|e| !(e.0 == "AUT" && e.1 == "SVK")), "{ev:?}");
}

#[test]
fn sides_that_clash_or_swap_act_on_each_other() {
    for text in ["Eritrean and Djiboutian troops clashed along the border.", "Peru and Ecuador exchanged fire near the river on Sunday."] {
        let ev = code(text, "2025-06-01");
        let (a, b) = if text.starts_with("Eritrean") { ("ERI", "DJI") } else { ("PER", "ECU") };
        assert!(has(&ev, a, b, "ASSAULT") && has(&ev, b, a, "ASSAULT"), "{text}: {ev:?}");
    }
    let ev = code("Armenia and Azerbaijan swapped 30 prisoners on Friday.", "2025-06-01");
    assert!(has(&ev, "ARM", "AZE", "RETREAT") && has(&ev, "AZE", "ARM", "RETREAT"), "{ev:?}");
}

#[test]
fn an_act_undergone_by_its_possessor_keeps_an_unknown_doer() {
    let ev = code("The Latvian journalist's arrest angered the government in Riga.", "2025-06-01");
    assert!(has(&ev, "", "LVA", "COERCE"), "{ev:?}");
    // welcoming a thing in the passive is praise too, not hosting
    let ev = code("The Thai hostages' release was welcomed by Malaysia.", "2025-06-01");
    assert!(ev.iter().any(|e| e.0 == "MYS" && e.2 == "SUPPORT") && ev.iter().all(|e| e.2 != "CONSULT"), "{ev:?}");
    assert!(ev.iter().all(|e| !(e.0 == "MYS" && e.2 == "RETREAT")), "the welcomer did not release them: {ev:?}");
}

#[test]
fn a_match_result_is_not_an_assault() {
    for text in ["Norway beat Iceland 4-1 in Oslo on Saturday.", "Ghana defeated Egypt 2\u{2013}0 in the Cup of Nations final."] {
        let ev = code(text, "2025-06-01");
        assert!(ev.iter().all(|e| e.2 != "ASSAULT"), "{text}: {ev:?}");
    }
    // a score is digits and a dash written together; a war's count of the dead is not one
    assert_codes("Ugandan troops defeated the rebels near Beni, killing 12.", "UGA", "-", "ASSAULT");
}

#[test]
fn releasing_a_document_is_not_a_release_of_people() {
    let ev = code("The Kenyan interior ministry released a letter from Somalia on Friday.", "2025-06-01");
    assert!(ev.iter().all(|e| e.2 != "RETREAT"), "{ev:?}");
    let ev = code("The transcript of the call between the Peruvian and Chilean presidents was released on Monday.", "2025-06-01");
    assert!(ev.iter().all(|e| e.2 != "RETREAT"), "{ev:?}");
    assert_codes("Malian rebels released two Algerian engineers on Sunday.", "MLI", "DZA", "RETREAT");
}

#[test]
fn absence_from_a_meeting_between_others_does_not_deny_it() {
    let ev = code("I was not at the meeting between the Kenyan and Ugandan presidents.", "2025-06-01");
    assert!(has(&ev, "KEN", "UGA", "CONSULT"), "{ev:?}");
    assert!(ev.iter().all(|e| e.3 == "asserted"), "{ev:?}");
    assert!(ev.iter().all(|e| !e.0.is_empty()), "the one absent is no side: {ev:?}");
}

#[test]
fn freeing_captives_scuttling_talks_and_holding_rallies() {
    assert_codes("Malian militants freed two Algerian engineers on Sunday.", "MLI", "DZA", "RETREAT");
    assert_codes("Sudanese rebels handed over three Egyptian hostages to Chad on Friday.", "SDN", "EGY", "RETREAT");
    assert_codes("Serbia scuttled the talks with Kosovo in March.", "SRB", "XKX", "SANCTION");
    assert_codes("Ecuadorian farmers held a rally against the Peruvian government.", "ECU", "PER", "PROTEST");
    // freeing money is not freeing people
    let ev = code("The Ghanaian government freed up funds for roads.", "2025-06-01");
    assert!(ev.iter().all(|e| e.2 != "RETREAT"), "{ev:?}");
    let ev = code("Zambian officials said Norwegian aid would be freed once the audit ended.", "2025-06-01");
    assert!(ev.iter().all(|e| e.2 != "RETREAT"), "{ev:?}");
}

#[test]
fn denying_accusations_rejects_them() {
    assert_codes("Rwanda denied the accusations made by Uganda on Monday.", "RWA", "UGA", "REJECT");
    // denying an act is not rejecting anyone: the act is negated
    let ev = code("Belarus has denied supplying weapons to Malian rebels.", "2025-06-01");
    assert!(ev.iter().all(|e| e.2 != "REJECT"), "{ev:?}");
}

#[test]
fn police_and_protesters_of_one_state_are_two_sides() {
    assert_codes("Iraqi security forces used live ammunition against Iraqi demonstrators in Basra.", "IRQ", "IRQ", "ASSAULT");
    // tear gas is not a chemical weapon
    let ev = code("Kenyan police fired tear gas at opposition supporters in Nairobi.", "2025-06-01");
    assert!(ev.iter().all(|e| !e.2.is_empty()) && !ev.is_empty(), "{ev:?}");
    let (_, coder) = stages();
    assert!(coder.patterns().find(&statecraft_text::tokenize("police fired tear gas")).iter().all(|t| t.cameo != "2041"));
}

#[test]
fn taking_over_with_nothing_taken_is_not_an_occupation() {
    let ev = code("After the Kenyan minister resigned, it was his Ugandan deputy who took over.", "2025-06-01");
    assert!(ev.iter().all(|e| e.2 != "COERCE"), "{ev:?}");
    assert_codes("Ethiopian troops took over the Somali town of Baidoa.", "ETH", "SOM", "COERCE");
}

#[test]
fn claims_called_false_are_rejected() {
    assert_codes("A Kenyan spokesman said the Somali government's claims were false.", "KEN", "SOM", "REJECT");
    assert_codes("The Ethiopian foreign ministry called the Egyptian allegations groundless.", "ETH", "EGY", "REJECT");
    assert_codes("The Pentagon described the Russian reports as fabricated.", "USA", "RUS", "REJECT");
    for text in ["A Kenyan spokesman said the Somali claims were not false.", "Kenyan officials said the Somali claims were serious."] {
        let ev = code(text, "2025-06-01");
        assert!(ev.iter().all(|e| e.2 != "REJECT"), "{text}: {ev:?}");
    }
}
