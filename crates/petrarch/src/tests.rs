use super::*;

const VERBS: &str = "\
# a verb dictionary written for this test
&CURRENCY
+DOLLAR
+CASH_

&AUX_
+WILL
+IS_TO

--- PLEDGE   [030]  ---
PLEDGE
+PUT_UP {+PUTS_UP +PUTTING_UP} [031]
WIRE_+TAP
- * &CURRENCY (TO +)                 [0331]   # PLEDGE
- $ * (FOR {FINANCIAL AID})          [023:070]
- &AUX * TROOPS                      [0334]
- * RHETORIC                         [---]

--- SAY [---] ---
SAY {SAYS SAID SAYING}
- % * TALKS [:040]
~ a (a b ATTACK) SAY = a b 138
";

#[test]
fn verb_dictionary_features() {
    assert_eq!(detect(VERBS), Kind::Verbs);
    let Read { dictionary, problems } = read(VERBS);
    assert!(problems.is_empty(), "{problems:?}");
    let Dictionary::Verbs(d) = dictionary else { panic!("not verbs") };
    // plurals for CURRENCY, none for CASH_ and for the AUX_ set
    let cur = &d.synsets[d.synset("CURRENCY").unwrap()];
    assert!(cur.phrases.contains(&vec!["dollars".to_string()]));
    assert!(!cur.phrases.contains(&vec!["cashs".to_string()]));
    let aux = &d.synsets[d.synset("&AUX_").unwrap()];
    assert_eq!(aux.phrases, vec![vec!["will".to_string()], vec!["is".to_string(), "to".to_string()]]);
    let b = &d.blocks[0];
    assert_eq!(b.code.forward.as_deref(), Some("030"));
    assert_eq!(b.verbs.len(), 3);
    assert_eq!(b.verbs[1].words, vec!["put", "up"]);
    assert_eq!(b.verbs[1].verb, 0);
    assert_eq!(b.verbs[1].forms.as_ref().unwrap().len(), 2);
    assert_eq!(b.verbs[1].code.as_ref().unwrap().forward.as_deref(), Some("031"));
    assert_eq!(b.verbs[2].verb, 1, "'+' marks the verb of WIRE_+TAP");
    let p = &b.patterns[0];
    assert!(p.before.is_empty());
    assert!(matches!(p.after[0], Term::Synset(_)));
    assert_eq!(p.after[1], Term::Prep(vec![Term::Word { text: "to".into(), plural: true }, Term::Target]));
    let p = &b.patterns[1];
    assert_eq!(p.before, vec![Term::Source]);
    assert_eq!(p.code, Code { forward: Some("023".into()), reverse: Some("070".into()) });
    assert!(matches!(&p.after[0], Term::Prep(v) if matches!(&v[1], Term::Phrase(ph) if ph.len() == 2)));
    assert!(b.patterns[3].code.is_null());
    let say = &d.blocks[1];
    assert_eq!(say.patterns[0].before, vec![Term::Compound]);
    assert_eq!(say.patterns[0].code, Code { forward: None, reverse: Some("040".into()) });
    assert_eq!(d.transformations.len(), 1);
    assert_eq!(d.transformations[0].result[2], "138");
    assert!(!d.tabari_form);
}

#[test]
fn older_tabari_patterns_read() {
    let text = "<!-- old form -->\n&NEG\n+DID N'T\n--- CLASH [223] ---\nCLASH\n- &NEG_EVER * OVER EFFORTS [905]\n- % SAID WOULD_*_TALKS  [102]\n- + HOSTING * TABASKI ^ $ [042]\n";
    let Read { dictionary, problems } = read(text);
    assert!(problems.is_empty(), "{problems:?}");
    let Dictionary::Verbs(d) = dictionary else { panic!() };
    assert!(d.tabari_form);
    let ps = &d.blocks[0].patterns;
    assert!(matches!(ps[0].before[0], Term::Synset(_)));
    assert_eq!(ps[0].before[1], Term::Word { text: "ever".into(), plural: true });
    assert_eq!(ps[1].after, vec![Term::Word { text: "talks".into(), plural: true }]);
    assert_eq!(ps[2].before, vec![Term::Target, Term::Word { text: "hosting".into(), plural: true }]);
    assert_eq!(ps[2].after[1..], [Term::Skip, Term::Source]);
}

#[test]
fn verb_lines_not_understood_are_reported_with_their_line() {
    let text = "--- A [010] ---\nA\n- * &UNDEFINED [010]\n- * (TO [010]\n- NO STAR [010]\n- * X\nBAD {FORMS\n";
    let Read { problems, .. } = read(text);
    let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, vec![3, 4, 5, 6, 7], "{problems:?}");
    assert!(problems[0].reason.contains("not defined"));
}

#[test]
fn actor_dictionary_dated_codes() {
    let text = "# actors\nAFGHANISTAN_  [AFG]\n+AFGHAN_\n+KABUL\n\nHAMID_KARZAI_  ; CountryInfo.txt\n\t[AFGGOV 011222-141029]\n\t[AFGELI >141029]\nBAN_KI-MOON\n\t[IGOUNO >20070101] [KORGOV 040117-061201]\nBROKEN_\n\t[AFGGOV 2004017-20061201]\n";
    assert_eq!(detect(text), Kind::Actors);
    let Read { dictionary, problems } = read(text);
    let Dictionary::Actors(d) = dictionary else { panic!() };
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, 12);
    assert_eq!(d.actors.len(), 4);
    assert_eq!(d.actors[0].phrases.len(), 3);
    assert_eq!(d.actors[0].phrases[2], (vec!["kabul".to_string()], false));
    let karzai = &d.actors[1];
    let day = |y, m, dd| chrono::NaiveDate::from_ymd_opt(y, m, dd);
    assert_eq!(karzai.code_on(day(2005, 1, 1)), Some("AFGGOV"));
    assert_eq!(karzai.code_on(day(2016, 1, 1)), Some("AFGELI"));
    assert_eq!(d.actors[2].codes.len(), 2);
    assert_eq!(d.actors[2].code_on(day(2010, 1, 1)), Some("IGOUNO"));
    assert_eq!(d.actors[2].code_on(day(2005, 1, 1)), Some("KORGOV"));
    assert_eq!(d.actors[0].code_on(None), Some("AFG"));
}

#[test]
fn agent_dictionary_plurals_and_substitutions() {
    let text = "!PERSON! = MAN, MEN, WOMAN\nCONGRESS!PERSON! [~LEG]\nPOLICE {} [~COP]\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]\nREBEL [~REB]\nHUMAN_RIGHTS_BODY [NGO~]\nBAD [~LEG}\n";
    assert_eq!(detect(text), Kind::Agents);
    let Read { dictionary, problems } = read(text);
    let Dictionary::Agents(d) = dictionary else { panic!() };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, 7);
    assert_eq!(d.agents[0].phrases, vec![vec!["congressman".to_string()], vec!["congressmen".to_string()], vec!["congresswoman".to_string()]]);
    assert_eq!(d.agents[1].phrases, vec![vec!["police".to_string()]]);
    assert_eq!(d.agents[2].phrases[1], vec!["attorneys".to_string(), "general".to_string()]);
    assert_eq!(d.agents[3].phrases[1], vec!["rebels".to_string()]);
    assert!(d.agents[3].suffix);
    assert!(!d.agents[4].suffix);
    assert_eq!(d.agents[4].code, "NGO");
}

#[test]
fn discards_and_issues() {
    let text = "# discards\n+World Golf Championships\nBASEBALL\nMONTHS_LATER_\n";
    assert_eq!(detect(text), Kind::Discards);
    let Read { dictionary, problems } = read(text);
    assert!(problems.is_empty());
    let Dictionary::Discards(d) = dictionary else { panic!() };
    assert!(d.entries[0].story && !d.entries[1].story);
    assert_eq!(d.entries[0].phrase(), "world golf championships");
    assert!(d.entries[2].exact_end);

    let text = "<ISSUE CATEGORY=\"EDUCATION\" TYPE=\"ALL\">\nn:school [SCHOOLS]\nearly+childhood education [EARLY]\nethnic v:purge [ATROCITY]\n~a head start\n</ISSUE>\n";
    assert_eq!(detect(text), Kind::Issues);
    let Read { dictionary, problems } = read(text);
    assert!(problems.is_empty(), "{problems:?}");
    let Dictionary::Issues(d) = dictionary else { panic!() };
    assert_eq!(d.entries[0].phrases, vec!["school", "schools"]);
    assert_eq!(d.entries[1].phrases, vec!["early childhood education", "early-childhood education"]);
    assert!(d.entries[2].phrases.contains(&"ethnic purged".to_string()));
    assert!(d.entries[3].ignore);

    // a phrase without a code takes the category of its section; outside a section it is an error
    let text = "<ISSUE CATEGORY=\"KIDNAP\" TYPE=\"COUNTEVENT\">\nv:abduct\nhostage taking\n</ISSUE>\nstray phrase\n";
    let Read { dictionary, problems } = read_as(Kind::Issues, text);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, 5);
    let Dictionary::Issues(d) = dictionary else { panic!() };
    assert_eq!(d.entries.len(), 2);
    assert_eq!(d.entries[0].code, "KIDNAP");
    assert!(d.entries[0].phrases.contains(&"abducted".to_string()));
    assert_eq!(d.entries[1].code, "KIDNAP");
}

#[test]
fn comments_of_both_kinds() {
    let text = "<!-- a\nmulti-line comment [XXX] -->\nGONDOR [GON] # a trailing comment\n<!-- one line -->\n";
    let Read { dictionary, problems } = read(text);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(dictionary.counts()[0], ("actors", 1));
}

#[test]
fn dates() {
    assert_eq!(parse_date("140608"), chrono::NaiveDate::from_ymd_opt(2014, 6, 8));
    assert_eq!(parse_date("450703"), chrono::NaiveDate::from_ymd_opt(1945, 7, 3));
    assert_eq!(parse_date("20070101"), chrono::NaiveDate::from_ymd_opt(2007, 1, 1));
    assert_eq!(parse_date("2004017"), None);
}
