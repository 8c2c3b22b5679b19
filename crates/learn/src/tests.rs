use super::*;

/// Examples of a toy problem: class 0 when feature "a" is present, 1 when "b", 2 when both.
fn toy() -> Vec<Example> {
    let mut out = Vec::new();
    for i in 0..300u64 {
        let (feats, class) = match i % 3 {
            0 => (vec!["a", "noise"], 0),
            1 => (vec!["b"], 1),
            _ => (vec!["a", "b", "both"], 2),
        };
        out.push(Example { features: feats.iter().map(|f| feature(f)).collect(), class, group: i });
    }
    out
}

fn classes() -> Vec<String> {
    vec!["A".into(), "B".into(), "AB".into()]
}

#[test]
fn learns_a_separable_problem() {
    let m = train("toy", &toy(), &classes(), &Config::default());
    assert_eq!(m.best(&[feature("a")]).0, 0);
    assert_eq!(m.best(&[feature("b")]).0, 1);
    assert_eq!(m.best(&[feature("a"), feature("b"), feature("both")]).0, 2);
    let p = m.proba(&[feature("b")]);
    assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-4 && p[1] > 0.8, "{p:?}");
}

#[test]
fn training_is_deterministic_and_files_round_trip() {
    let a = train("toy", &toy(), &classes(), &Config::default());
    let b = train("toy", &toy(), &classes(), &Config::default());
    assert_eq!(a, b);
    let bundle = Bundle { models: vec![a.clone()], calibrations: vec![("c".into(), Calibration { xs: vec![0.1, 0.9], ys: vec![0.2, 0.7] })], notes: vec![("k".into(), "v".into())] };
    let bytes = write_models(&bundle);
    assert_eq!(bytes, write_models(&bundle));
    let back = read_models(&bytes).unwrap();
    assert_eq!(back.notes, bundle.notes);
    assert_eq!(back.calibrations, bundle.calibrations);
    let m = &back.models[0];
    assert_eq!(m.classes, a.classes);
    for f in ["a", "b", "both", "noise"] {
        let (x, y) = (a.proba(&[feature(f)]), m.proba(&[feature(f)]));
        assert!(x.iter().zip(&y).all(|(u, v)| (u - v).abs() < 1e-3), "{f}: {x:?} {y:?}");
    }
}

#[test]
fn broken_files_are_refused_with_a_reason() {
    assert!(read_models(b"not gzip").unwrap_err().contains("gzip"));
    let bytes = write_models(&Bundle::default());
    let mut raw = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut raw).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &raw[..raw.len() - 2]).unwrap();
    assert!(read_models(&gz.finish().unwrap()).unwrap_err().contains("truncated"));
}

#[test]
fn rare_features_are_left_out() {
    let mut ex = toy();
    ex.push(Example { features: vec![feature("once")], class: 1, group: 999 });
    let m = train("toy", &ex, &classes(), &Config::default());
    assert!(!m.keys().contains(&feature("once")));
}

#[test]
fn isotonic_calibration_is_monotone_and_matches_rates() {
    // scores 0..1; the chance of being right is the score itself
    let mut rng = Rng::new(7);
    let pts: Vec<(f32, bool)> = (0..20000)
        .map(|_| {
            let x = (rng.next() % 1000) as f32 / 1000.0;
            let right = (rng.next() % 1000) as f32 / 1000.0 < x;
            (x, right)
        })
        .collect();
    let c = Calibration::fit(&pts);
    assert!(c.ys.windows(2).all(|w| w[0] <= w[1]));
    for x in [0.1f32, 0.5, 0.8] {
        assert!((c.apply(x) - x).abs() < 0.06, "{x} -> {}", c.apply(x));
    }
    assert_eq!(Calibration::default().apply(0.3), 0.3);
}

#[test]
fn folds_keep_groups_whole_and_spread() {
    let k = 5;
    let mut n = vec![0; k];
    for g in 0..1000u64 {
        assert_eq!(fold_of(g, k), fold_of(g, k));
        n[fold_of(g, k)] += 1;
    }
    assert!(n.iter().all(|&c| c > 150), "{n:?}");
}
