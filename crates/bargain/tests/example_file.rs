//! The shipped example issue file (`examples/issues/ukraine-war.toml`) on sentences written for
//! this test: each signal places a speaker where the language says it stands.

use statecraft_bargain::positions::{evidence, Statement};
use statecraft_bargain::space::IssueSpace;
use statecraft_model::Polarity;

fn space() -> IssueSpace {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/issues/ukraine-war.toml");
    IssueSpace::parse(&std::fs::read_to_string(path).unwrap(), path).unwrap()
}

fn said(kind: &str, text: &str) -> Statement {
    Statement {
        doc_id: "t".into(),
        sentence: 0,
        span: [0, text.len()],
        date: Some("2025-06-01".into()),
        code: "XXX".into(),
        org: None,
        sector: Some("GOV".into()),
        quoted: kind == "QUOTE",
        person: None,
        kind: kind.into(),
        polarity: Polarity::Asserted,
        text: text.into(),
        detail: kind.into(),
    }
}

fn place(issue: &str, kind: &str, text: &str) -> Option<(f64, f64)> {
    let space = space();
    evidence(space.issue(issue).unwrap(), &said(kind, text)).map(|e| (e.position, e.weight))
}

#[test]
fn territory_signals() {
    assert_eq!(place("territory", "REQUEST", "The minister demanded that Kyiv withdraw from the four regions."), Some((100.0, 2.0)));
    assert_eq!(place("territory", "REJECT", "The president refused to cede any land to the invader."), Some((0.0, 2.0)));
    assert_eq!(place("territory", "AGREE", "The government said it could cede the occupied districts for peace."), Some((90.0, 1.0)));
    assert_eq!(place("territory", "QUOTE", "a deal will involve some swapping of land"), Some((60.0, 1.0)));
    assert_eq!(place("territory", "QUOTE", "our territorial integrity is not negotiable"), Some((0.0, 1.0)));
    // a withdrawal's direction depends on who withdraws: no evidence by itself
    assert_eq!(place("territory", "RETREAT", "The army will withdraw from the left bank of the region."), None);
    // off topic
    assert_eq!(place("territory", "REQUEST", "The minister demanded that the bank hand over its records."), None);
}

#[test]
fn other_issues() {
    assert_eq!(place("guarantees", "REQUEST", "Moscow insisted that Kyiv stay neutral and never join NATO."), Some((0.0, 2.0)));
    assert_eq!(place("guarantees", "QUOTE", "we need security guarantees that actually deter"), Some((100.0, 1.0)));
    assert_eq!(place("sanctions", "REQUEST", "The envoy asked for the lifting of sanctions on the central bank."), Some((100.0, 2.0)));
    assert_eq!(place("sanctions", "THREATEN", "The president threatened new sanctions on oil buyers."), Some((0.0, 2.0)));
    assert_eq!(place("ceasefire", "REJECT", "The Kremlin rejected calls for a truce over the holidays."), Some((0.0, 2.0)));
    assert_eq!(place("ceasefire", "REQUEST", "The leaders called for an immediate ceasefire."), Some((100.0, 2.0)));
    assert_eq!(place("ceasefire", "QUOTE", "any settlement must address the root causes of the conflict"), Some((10.0, 1.0)));
}
