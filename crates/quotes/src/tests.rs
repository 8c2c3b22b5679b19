//! Quotes and attributions in texts written in the style of news analysis (not the seeds).

use super::*;
use statecraft_actors::Dictionary;
use statecraft_text::{clean, split_sentences, tokenize};
use statecraft_time::Resolver;
use std::sync::OnceLock;

fn dict() -> &'static Dictionary {
    static D: OnceLock<Dictionary> = OnceLock::new();
    D.get_or_init(Dictionary::builtin)
}

/// The stages the quote stage reads, run on `raw` dated `date`.
fn quotes(raw: &str, date: &str) -> Vec<Quote> {
    let date = statecraft_model::parse_date(date);
    let cleaned = clean(raw, Some("Title"));
    let sentences = split_sentences(&cleaned.text);
    let tokens: Vec<Vec<Token>> = sentences.iter().map(|s| tokenize(&s.text)).collect();
    let bases: Vec<usize> = sentences.iter().map(|s| s.start).collect();
    let mut mentions: Vec<Vec<Mention>> = tokens.iter().zip(&bases).map(|(t, b)| dict().recognise(t, *b, date)).collect();
    dict().resolve_coreference(&mut mentions, &tokens, &bases, date);
    let mut r = Resolver::new(date);
    let times: Vec<Vec<TimeExpr>> = tokens.iter().map(|t| r.sentence(t)).collect();
    let parses: Vec<LazyParse> = sentences.iter().map(|_| LazyParse::new()).collect();
    let q = find_quotes(&QuoteInput { doc_id: "t", text: &cleaned.text, sentences: &sentences, tokens: &tokens, mentions: &mentions, times: &times, publication: date, parses: &parses });
    for x in &q {
        assert_eq!(cleaned.text.get(x.span[0]..x.span[1]).map(|s| s.contains(x.text.split_whitespace().next().unwrap_or(""))), Some(true), "span of {x:?}");
    }
    q
}

fn by_start<'a>(q: &'a [Quote], start: &str) -> &'a Quote {
    q.iter().find(|x| x.text.starts_with(start)).unwrap_or_else(|| panic!("no quote starting {start:?} in {q:#?}"))
}

fn name(q: &Quote) -> Option<&str> {
    q.speaker.as_ref().and_then(|s| s.name.as_deref())
}

#[test]
fn attribution_after_with_an_outlet_and_its_apposition() {
    let q = quotes("\u{201C}A head-on clash now looks certain,\u{201D} the Izvestia newspaper, a pro-Kremlin daily, recently asserted.", "2025-08-07");
    let x = by_start(&q, "A head-on clash");
    assert_eq!(x.kind, QuoteKind::Direct);
    let sp = x.speaker.as_ref().unwrap();
    assert_eq!((sp.name.as_deref(), sp.code.as_deref(), sp.sector.as_deref()), (Some("Izvestia"), Some("RUS"), Some("MED")), "{x:?}");
    assert_eq!(sp.role.as_deref(), Some("pro-Kremlin daily"));
    assert_eq!(x.cue.as_deref(), Some("asserted"));
}

#[test]
fn a_quote_continued_over_paragraphs_keeps_its_speaker() {
    let raw = "\u{201C}The trains are on one track,\u{201D} the Izvestia newspaper, a daily, warned.\n\n\u{201C}Both engines are speeding up.\n\n\u{201C}And neither driver will brake.\u{201D}\n\nThat is the view from Moscow.";
    let q = quotes(raw, "2025-08-07");
    let x = by_start(&q, "Both engines");
    assert_eq!(x.text, "Both engines are speeding up. And neither driver will brake.");
    assert_eq!(name(x), Some("Izvestia"));
}

#[test]
fn inverted_attribution_and_according_to() {
    let q = quotes("\u{201C}The Kremlin is not ready for any talks. Full stop,\u{201D} said Andrei Sokolov, a veteran Kremlin watcher.", "2024-11-12");
    let x = by_start(&q, "The Kremlin is not ready");
    let sp = x.speaker.as_ref().unwrap();
    assert_eq!((sp.name.as_deref(), sp.role.as_deref()), (Some("Andrei Sokolov"), Some("veteran Kremlin watcher")), "{x:?}");
    assert_eq!(x.cue.as_deref(), Some("said"));

    let q = quotes("\u{201C}He keeps moving the deadlines, so nobody takes them seriously,\u{201D} according to Maria Petrova, a professor of history at the Example Institute in Boston.", "2025-08-07");
    let sp = q[0].speaker.as_ref().unwrap();
    assert_eq!(sp.name.as_deref(), Some("Maria Petrova"));
    assert_eq!(sp.role.as_deref(), Some("professor of history"));
    assert_eq!(sp.affiliation.as_deref(), Some("Example Institute"));
    assert_eq!(q[0].cue.as_deref(), Some("according to"));
}

#[test]
fn a_quote_split_around_its_attribution_and_a_pronoun_speaker() {
    let raw = "Kurt Volker spoke to reporters on Monday. \u{201C}The war will go on,\u{201D} he said, \u{201C}unless someone in Washington stops it.\u{201D}";
    let q = quotes(raw, "2024-11-14");
    let first = by_start(&q, "The war will go on");
    let second = by_start(&q, "unless someone");
    assert_eq!(name(first), Some("Kurt Volker"), "{first:?}");
    assert_eq!(first.speaker.as_ref().unwrap().mention.as_deref(), Some("he"));
    assert_eq!(name(second), Some("Kurt Volker"), "{second:?}");
    assert_eq!(second.cue.as_deref(), Some("said"));
}

#[test]
fn attribution_before_a_colon_resolves_the_same_newspaper_and_dates_it() {
    let raw = "\u{201C}Europe no longer matters,\u{201D} Pavel Orlov, a political scientist from the Moscow Institute of Studies, told the Izvestia newspaper in March.\n\nThe following month, the same newspaper proclaimed:\n\n\u{201C}The old alliance is finished. The West is no longer one.\u{201D}";
    let q = quotes(raw, "2025-08-07");
    let x = by_start(&q, "Europe no longer matters");
    let sp = x.speaker.as_ref().unwrap();
    assert_eq!(sp.name.as_deref(), Some("Pavel Orlov"));
    assert_eq!(sp.role.as_deref(), Some("political scientist"));
    assert_eq!(sp.affiliation.as_deref(), Some("Moscow Institute of Studies"));
    assert_eq!((x.date.as_deref(), x.date_precision), (Some("2025-03-01"), DatePrecision::Month));
    let y = by_start(&q, "The old alliance");
    let sp = y.speaker.as_ref().unwrap();
    assert_eq!((sp.name.as_deref(), sp.code.as_deref(), sp.mention.as_deref()), (Some("Izvestia"), Some("RUS"), Some("the same newspaper")), "{y:?}");
    assert_eq!(y.cue.as_deref(), Some("proclaimed"));
    assert_eq!((y.date.as_deref(), y.date_precision), (Some("2025-04-01"), DatePrecision::Month));
}

#[test]
fn embedded_quote_takes_the_subject_of_the_verb_of_saying() {
    let raw = "Writing on X, the Russian political scientist Olga Ivanova said that \u{201C}Moscow is prepared to trade some land\u{201D} outside the east.";
    let q = quotes(raw, "2025-08-15");
    let sp = q[0].speaker.as_ref().unwrap();
    assert_eq!((sp.name.as_deref(), sp.role.as_deref(), sp.code.as_deref()), (Some("Olga Ivanova"), Some("political scientist"), Some("RUS")), "{q:?}");
    // a dictionary person with a title, and a short quote inside the sentence
    let raw = "Trump spoke on Monday, and the next day White House press secretary Karoline Leavitt described the talks as \u{201C}a listening exercise for the president.\u{201D}";
    let q = quotes(raw, "2025-08-15");
    let sp = q[0].speaker.as_ref().unwrap();
    assert_eq!((sp.name.as_deref(), sp.code.as_deref(), sp.sector.as_deref()), (Some("Karoline Leavitt"), Some("USA"), Some("GOV")), "{q:?}");
    assert_eq!(q[0].cue.as_deref(), Some("described"));
}

#[test]
fn a_described_speaker_keeps_the_description() {
    let q = quotes("\u{201C}He thinks he is winning on the battlefield,\u{201D} said one former U.S. diplomat to Russia.", "2024-11-14");
    let sp = q[0].speaker.as_ref().unwrap();
    assert_eq!(sp.name, None);
    assert_eq!(sp.role.as_deref(), Some("former U.S. diplomat to Russia"));
    assert_eq!((sp.code.as_deref(), sp.sector.as_deref()), (Some("USA"), Some("GOV")));
}

#[test]
fn the_expert_and_a_surname_refer_to_the_person_named_before() {
    let raw = "According to the head of research at the Example Centre, Dr Neil Baxter, the president sees no enemy. The expert told a radio station: \u{201C}He sees a person to do business with.\u{201D} Later he added more. \u{201C}The West is split,\u{201D} Baxter said.";
    let q = quotes(raw, "2025-08-22");
    let x = by_start(&q, "He sees a person");
    let sp = x.speaker.as_ref().unwrap();
    assert_eq!((sp.name.as_deref(), sp.mention.as_deref()), (Some("Neil Baxter"), Some("The expert")), "{x:?}");
    assert_eq!(sp.role.as_deref(), Some("head of research"));
    assert_eq!(sp.affiliation.as_deref(), Some("Example Centre"));
    let y = by_start(&q, "The West is split");
    assert_eq!(name(y), Some("Neil Baxter"));
    assert_eq!(y.speaker.as_ref().unwrap().affiliation.as_deref(), Some("Example Centre"));
}

#[test]
fn scare_quotes_are_marked_and_attributed_only_when_the_sentence_says_whose() {
    let raw = "Donald Trump is losing patience with Moscow. In recent weeks, he has condemned the strikes on Ukrainian cities as \u{201C}disgusting\u{201D} and accused Vladimir Putin of uttering \u{201C}nonsense\u{201D} about peace. Any deal could yield a \u{201C}peace\u{201D} plan that divides Europe. The \u{2018}Trump locomotive\u{2019} speeds on.";
    let q = quotes(raw, "2025-08-07");
    for w in ["disgusting", "nonsense"] {
        let x = by_start(&q, w);
        assert_eq!(x.kind, QuoteKind::Partial, "{x:?}");
        assert_eq!(name(x), Some("Donald Trump"), "{x:?}");
    }
    let peace = by_start(&q, "peace");
    assert_eq!((peace.kind, &peace.speaker), (QuoteKind::Scare, &None));
    let loco = by_start(&q, "Trump locomotive");
    assert_eq!((loco.kind, &loco.speaker), (QuoteKind::Scare, &None));
}

#[test]
fn no_clear_speaker_means_unknown_with_the_publication_date() {
    let raw = "Analysts disagree about what comes next.\n\n\u{201C}Nobody can know what the Kremlin will accept.\u{201D}\n\nThe talks begin on Friday.";
    let q = quotes(raw, "2025-08-14");
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].speaker, None);
    assert_eq!((q[0].date.as_deref(), q[0].date_precision), (Some("2025-08-14"), DatePrecision::Unknown));
    // a quote whose attribution continues into narration is not the next clause's
    let raw = "On Monday he called the talks a \u{201C}feel-out meeting,\u{201D} and the next day Karoline Leavitt described them differently.";
    let q = quotes(raw, "2025-08-15");
    assert_ne!(name(&q[0]), Some("Karoline Leavitt"), "{q:?}");
}


#[test]
fn wrote_and_added_before_a_colon() {
    let raw = "As Chatham House's senior consulting fellow Keir Giles warned last year, the shift was coming. Giles wrote: \u{201C}The democracies will compete with three autocratic powers.\u{201D}\n\nDr Simon Bennett, a director at the University of Leicester, agreed. Bennett added: \u{201C}He lacks the moral compass to navigate these waters.\u{201D}";
    let q = quotes(raw, "2025-08-22");
    let giles = by_start(&q, "The democracies");
    let sp = giles.speaker.as_ref().unwrap();
    assert_eq!((sp.name.as_deref(), sp.role.as_deref(), sp.affiliation.as_deref()), (Some("Keir Giles"), Some("senior consulting fellow"), Some("Chatham House")), "{giles:?}");
    assert_eq!(giles.cue.as_deref(), Some("wrote"));
    let bennett = by_start(&q, "He lacks");
    assert_eq!(name(bennett), Some("Simon Bennett"), "{bennett:?}");
    assert_eq!(bennett.cue.as_deref(), Some("added"));
    assert_eq!(bennett.speaker.as_ref().unwrap().affiliation.as_deref(), Some("University of Leicester"));
}

#[test]
fn a_possessive_inside_the_affiliation_is_not_an_owner() {
    let q = quotes("\u{201C}Both sides use access as leverage,\u{201D} said Reza Farahani, a nonproliferation researcher at King\u{2019}s College London.", "2025-07-15");
    let sp = q[0].speaker.as_ref().unwrap();
    assert_eq!((sp.role.as_deref(), sp.affiliation.as_deref()), (Some("nonproliferation researcher"), Some("King's College London")), "{q:?}");
}

#[test]
fn a_surname_after_the_full_name_and_a_quote_ending_in_a_question() {
    let raw = "Defense Secretary Mark Esper arrived in Hanoi on Wednesday. \u{201C}We will not accept attempts to close the sea lanes,\u{201D} Esper said.\n\n\u{201C}Who decides the rules here?\u{201D} Esper asked.";
    let q = quotes(raw, "2019-11-20");
    assert_eq!(name(by_start(&q, "We will not accept")), Some("Mark Esper"), "{q:?}");
    assert_eq!(name(by_start(&q, "Who decides")), Some("Mark Esper"), "{q:?}");
}

#[test]
fn a_two_part_chinese_name() {
    let raw = "Foreign ministry spokesman He Jianxiong spoke in Beijing. \u{201C}The sanctions are unlawful and will fail,\u{201D} He Jianxiong said.";
    let q = quotes(raw, "2019-11-20");
    assert_eq!(name(by_start(&q, "The sanctions")), Some("He Jianxiong"), "{q:?}");
}

#[test]
fn she_said_after_two_people_of_whom_one_is_a_woman() {
    let raw = "Anna Weber and Peter Hall met in Vienna on Monday. Weber said she was pleased with the talks. Hall left early. \u{201C}We made real progress today,\u{201D} she said.";
    let q = quotes(raw, "2019-11-20");
    assert_eq!(name(by_start(&q, "We made real progress")), Some("Anna Weber"), "{q:?}");
}

#[test]
fn a_partial_quote_inside_a_reporting_clause() {
    let raw = "The Pentagon rejected these accusations as \u{201C}patently false,\u{201D} and officials declined to comment further.";
    let q = quotes(raw, "2019-11-20");
    let x = by_start(&q, "patently false");
    assert_eq!(x.kind, QuoteKind::Partial, "{x:?}");
    let sp = x.speaker.as_ref().expect("a speaker");
    assert_eq!(sp.code.as_deref(), Some("USA"), "{x:?}");
}

#[test]
fn a_continuation_across_paragraphs_keeps_its_speaker() {
    let raw = "Cmdr. Sean Robertson spoke to reporters. \u{201C}The camp must stay open,\u{201D} Robertson said.\n\nHe added: \u{201C}The regime must let the aid through.\u{201D}\n\n\u{201C}Nobody should go hungry there.\u{201D}";
    let q = quotes(raw, "2019-11-20");
    assert_eq!(name(by_start(&q, "The regime must")), Some("Sean Robertson"), "{q:?}");
    assert_eq!(name(by_start(&q, "Nobody should")), Some("Sean Robertson"), "{q:?}");
}

#[test]
fn a_reporting_clause_closing_the_sentence_after_the_writer_continues_the_quote() {
    let raw = "Anna Weber addressed the committee on Monday. \u{201C}Each day spent on these hearings is a day taken from the work\u{201D} that matters to farmers, she warned.";
    let q = quotes(raw, "2019-11-20");
    let x = by_start(&q, "Each day spent");
    assert_eq!((name(x), x.cue.as_deref()), (Some("Anna Weber"), Some("warned")), "{q:?}");
    // a quote of two sentences, the writer's words, then `said X` with a name no dictionary knows
    let raw = "\u{201C}The minister wants a larger agreement. Larger than the small one\u{201D} signed in May, said Tomas Berg, an economist at the Example Institute.";
    let q = quotes(raw, "2019-11-20");
    assert_eq!(name(by_start(&q, "The minister wants")), Some("Tomas Berg"), "{q:?}");
}

#[test]
fn a_verb_of_asking_holds_a_partial_quote() {
    let raw = "Anna Weber spoke on Monday. She begged the committee \u{201C}not to lose sight of\u{201D} the farmers in the north.";
    let q = quotes(raw, "2019-11-20");
    let x = by_start(&q, "not to lose sight");
    assert_eq!((x.kind, name(x)), (QuoteKind::Partial, Some("Anna Weber")), "{q:?}");
}

#[test]
fn a_pronoun_after_a_person_named_in_its_own_sentence() {
    let raw = "President Donald Trump named John Carter his envoy in May. Yet Carter has changed his account once \u{2014} \u{201C}I now recall the call,\u{201D} he said, speaking to reporters.";
    let q = quotes(raw, "2019-11-20");
    assert_eq!(name(by_start(&q, "I now recall")), Some("John Carter"), "{q:?}");
    // in that sentence, the person whose gender the text shows, not a place named after him
    let raw = "President Peter Lund welcomed the envoys. Mr. Lund, who hosted the talks at the Verano Palace, praised both delegations for what he called \u{201C}courage in a season of despair.\u{201D}";
    let q = quotes(raw, "2019-11-20");
    assert_eq!(name(by_start(&q, "courage in a season")), Some("Peter Lund"), "{q:?}");
}

#[test]
fn terms_names_and_denied_words_stay_unattributed() {
    let raw = "Peter Lund testified on Tuesday. He denied that he and two aides formed a \u{201C}secret\u{201D} channel, for which they were known as the \u{201C}Three Musketeers.\u{201D}\n\nLund said he never used the term \u{201C}three musketeers\u{201D} himself. The delegates later visited the old fortress, dubbed the \u{201C}Stone Box,\u{201D} on the hill.";
    let q = quotes(raw, "2019-11-20");
    for t in ["secret", "Three Musketeers", "three musketeers", "Stone Box"] {
        let x = by_start(&q, t);
        assert_eq!((x.kind, &x.speaker), (QuoteKind::Scare, &None), "{x:?}");
    }
    // a denial's own verdict is the denier's
    let q = quotes("Peter Lund testified on Tuesday. He rejected the reports as \u{201C}pure fiction\u{201D} and left.", "2019-11-20");
    assert_eq!(name(by_start(&q, "pure fiction")), Some("Peter Lund"), "{q:?}");
}

#[test]
fn a_name_given_in_the_passive_belongs_to_the_agent() {
    let raw = "The delegates visited the old fortress, dubbed the \u{201C}Stone Box\u{201D} by prisoners held there in the 1950s.";
    let q = quotes(raw, "2019-11-20");
    let x = by_start(&q, "Stone Box");
    let sp = x.speaker.as_ref().expect("the agent");
    assert_eq!((sp.name.as_deref(), sp.mention.as_deref()), (None, Some("prisoners held there in the 1950s")), "{x:?}");
    assert_eq!(x.cue.as_deref(), Some("dubbed"));
}

#[test]
fn the_innermost_verb_of_saying_and_its_subject_in_apposition() {
    let raw = "Peter Lund testified on Tuesday. He said his predecessor, Maria Lind, had described the delay in the talks as \u{201C}the Geneva problem.\u{201D}";
    let q = quotes(raw, "2019-11-20");
    let x = by_start(&q, "the Geneva problem");
    assert_eq!((name(x), x.cue.as_deref()), (Some("Maria Lind"), Some("described")), "{q:?}");
}

#[test]
fn quotations_nested_in_a_quotation() {
    let raw = "Anna Weber, a diplomat, had lunch with Ambassador Peter Lund when he called President Donald Trump.\n\n\u{201C}I then heard President Trump ask, quote, 'Is the deal done?'\u{201D} Weber testified. \u{201C}Ambassador Lund replied that 'it is done,' adding that the minister will 'sign anything you send him.'\u{201D}";
    let q = quotes(raw, "2019-11-20");
    assert_eq!(name(by_start(&q, "I then heard")), Some("Anna Weber"), "{q:?}");
    assert_eq!(name(by_start(&q, "Is the deal done")), Some("Donald Trump"), "{q:?}");
    let done = by_start(&q, "it is done");
    assert_eq!((done.kind, name(done), done.cue.as_deref()), (QuoteKind::Partial, Some("Peter Lund"), Some("replied")), "{q:?}");
    let sign = by_start(&q, "sign anything");
    assert_eq!((name(sign), sign.cue.as_deref()), (Some("Peter Lund"), Some("adding")), "{q:?}");
    // a term inside a quotation, with no verb of saying before it, has no speaker
    let q = quotes("\u{201C}So you have not fixed the 'Geneva problem' yet?\u{201D} Anna Weber asked.", "2019-11-20");
    let x = by_start(&q, "Geneva problem");
    assert_eq!((x.kind, &x.speaker), (QuoteKind::Scare, &None), "{q:?}");
}

#[test]
fn a_described_speaker_closing_the_sentence() {
    let raw = "Both leaders see that a \u{201C}thin\u{201D} agreement on grain is not worth signing, a second official briefed on the weekend talks said.";
    let q = quotes(raw, "2019-11-20");
    let x = by_start(&q, "thin");
    let sp = x.speaker.as_ref().expect("the described official");
    assert_eq!((x.kind, sp.mention.as_deref()), (QuoteKind::Partial, Some("a second official briefed on the weekend talks")), "{x:?}");
}

#[test]
fn a_later_apposition_gives_a_speaker_the_nationality_the_first_left_out() {
    let raw = "Col. Miriam Okafor, a spokeswoman for Operation Harbour Watch, said the report was wrong.\n\nOkafor, the Nigerian commander, said: \u{201C}Our patrols continue.\u{201D}\n\nShe added: \u{201C}Nothing has changed at the port.\u{201D}";
    let q = quotes(raw, "2024-05-02");
    for start in ["Our patrols", "Nothing has changed"] {
        let x = by_start(&q, start);
        let sp = x.speaker.as_ref().unwrap();
        assert_eq!((sp.name.as_deref(), sp.code.as_deref()), (Some("Miriam Okafor"), Some("NGA")), "{x:?}");
    }
}

#[test]
fn a_pronoun_after_a_quote_is_the_speaker_not_someone_named_inside_the_quote() {
    let raw = "\u{201C}This shows that Vladimir Putin wants no peace,\u{201D} Colonel Dana Whitfield of the U.S. Army said.\n\nHe added: \u{201C}We will keep watching.\u{201D}";
    let q = quotes(raw, "2024-05-02");
    let x = by_start(&q, "We will keep");
    let sp = x.speaker.as_ref().unwrap();
    assert_eq!(sp.name.as_deref(), Some("Dana Whitfield"), "{x:?}");
    assert_ne!(sp.code.as_deref(), Some("RUS"), "{x:?}");
}
