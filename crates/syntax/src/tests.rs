//! Tests of the shipped analyser (the embedded models): a smoke test on a news sentence and
//! basic invariants of the output.

use crate::{Analyzer, Upos};

#[test]
fn parses_news_sentence() {
    let a = Analyzer::shipped();
    let s = "Russia would freeze the invasion if Ukraine ceded the eastern Donbas region .";
    let words: Vec<&str> = s.split(' ').collect();
    let out = a.analyse(&words);
    let idx = |w: &str| words.iter().position(|&x| x == w).unwrap();
    let (russia, freeze, invasion, iff, ceded) = (idx("Russia"), idx("freeze"), idx("invasion"), idx("if"), idx("ceded"));
    assert_eq!(out[freeze].head, None, "{out:#?}");
    assert_eq!(out[freeze].deprel, "root");
    assert_eq!((out[russia].head, out[russia].deprel), (Some(freeze), "nsubj"), "{out:#?}");
    assert_eq!((out[invasion].head, out[invasion].deprel), (Some(freeze), "obj"), "{out:#?}");
    assert_eq!((out[ceded].head, out[ceded].deprel), (Some(freeze), "advcl"), "{out:#?}");
    assert_eq!((out[iff].head, out[iff].deprel), (Some(ceded), "mark"), "{out:#?}");
    assert_eq!(out[russia].upos, Upos::Propn);
    assert_eq!(out[freeze].upos, Upos::Verb);
    assert_eq!(out[freeze].lemma, "freeze");
    assert_eq!(out[idx("region")].lemma, "region");
    assert_eq!(out[idx("would")].xpos, "MD");
}

#[test]
fn output_is_a_tree() {
    let a = Analyzer::shipped();
    for s in [
        "The talks , which began in Geneva on Monday , collapsed after the delegation walked out .",
        "Hello",
        "\" No , \" he said .",
        "Sanctions were imposed by the EU and the U.S. on 12 Russian banks .",
    ] {
        let words: Vec<&str> = s.split(' ').collect();
        let out = a.analyse(&words);
        assert_eq!(out.len(), words.len());
        assert_eq!(out.iter().filter(|w| w.head.is_none()).count(), 1, "{s}: {out:#?}");
        for (i, w) in out.iter().enumerate() {
            // Following heads from any word reaches the root without a cycle.
            let mut x = i;
            let mut steps = 0;
            while let Some(h) = out[x].head {
                assert!(h < out.len());
                x = h;
                steps += 1;
                assert!(steps <= out.len(), "cycle in {s}");
            }
            assert_eq!(w.deprel == "root", w.head.is_none());
        }
    }
    assert!(a.analyse(&[]).is_empty());
}

#[test]
fn lemmas_and_passive() {
    let a = Analyzer::shipped();
    let words: Vec<&str> = "Sanctions were imposed by the EU on Russian banks .".split(' ').collect();
    let out = a.analyse(&words);
    let lemmas: Vec<&str> = out.iter().map(|w| w.lemma.as_str()).collect();
    assert_eq!(lemmas, ["sanction", "be", "impose", "by", "the", "EU", "on", "Russian", "bank", "."]);
    assert_eq!((out[0].head, out[0].deprel), (Some(2), "nsubj:pass"), "{out:#?}");
    assert_eq!((out[1].head, out[1].deprel), (Some(2), "aux:pass"), "{out:#?}");
    assert_eq!((out[5].head, out[5].deprel), (Some(2), "obl:agent"), "{out:#?}");
}

#[test]
fn analyzer_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Analyzer>();
}

#[test]
fn upos_names_roundtrip() {
    for n in ["ADJ", "PROPN", "X", "SCONJ"] {
        assert_eq!(Upos::parse(n).unwrap().as_str(), n);
    }
    assert_eq!(Upos::parse("NOPE"), None);
}
