//! CoNLL-U reader: sentences of syntactic words (multiword-token lines such as `3-4` and empty
//! nodes such as `8.1` are skipped; the `# text = ...` comment is kept).

use std::path::Path;

/// One syntactic word of a treebank sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    /// 1-based index of the head word; 0 is the root.
    pub head: usize,
    pub deprel: String,
}

/// A treebank sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// The `# text = ...` comment, if any.
    pub text: Option<String>,
    pub tokens: Vec<Token>,
}

/// Parse CoNLL-U text.
pub fn parse(text: &str) -> Result<Vec<Sentence>, String> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (ln, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.tokens.is_empty() {
                out.push(std::mem::take(&mut cur));
            } else {
                cur = Sentence::default();
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            if let Some(t) = c.trim_start().strip_prefix("text = ") {
                cur.text = Some(t.to_string());
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(format!("line {}: expected 10 tab-separated columns, found {}", ln + 1, cols.len()));
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let id: usize = cols[0].parse().map_err(|_| format!("line {}: bad id {:?}", ln + 1, cols[0]))?;
        if id != cur.tokens.len() + 1 {
            return Err(format!("line {}: id {} out of sequence", ln + 1, id));
        }
        let head = if cols[6] == "_" { 0 } else { cols[6].parse().map_err(|_| format!("line {}: bad head {:?}", ln + 1, cols[6]))? };
        cur.tokens.push(Token {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            head,
            deprel: cols[7].to_string(),
        });
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    for (i, s) in out.iter().enumerate() {
        if s.tokens.iter().any(|t| t.head > s.tokens.len()) {
            return Err(format!("sentence {}: head out of range", i + 1));
        }
    }
    Ok(out)
}

/// Read and parse a CoNLL-U file.
pub fn read(path: &Path) -> Result<Vec<Sentence>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Read `*-train.conllu` (or `*-dev.conllu` etc.) from a treebank directory.
pub fn read_split(dir: &Path, split: &str) -> Result<Vec<Sentence>, String> {
    let suffix = format!("-{split}.conllu");
    let mut found: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(&suffix)))
        .collect();
    found.sort();
    let mut all = Vec::new();
    if found.is_empty() {
        return Err(format!("no *{suffix} in {}", dir.display()));
    }
    for p in found {
        all.extend(read(&p)?);
    }
    Ok(all)
}

/// Write sentences as CoNLL-U (lemma, tags, head and relation columns; others `_`).
pub fn write(sents: &[Sentence]) -> String {
    let mut out = String::new();
    for s in sents {
        if let Some(t) = &s.text {
            out.push_str("# text = ");
            out.push_str(t);
            out.push('\n');
        }
        for (i, t) in s.tokens.iter().enumerate() {
            out.push_str(&format!("{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t_\n", i + 1, t.form, t.lemma, t.upos, t.xpos, t.head, t.deprel));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = 1\n# text = I don't know.\n1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\t_\n4.1\tx\tx\tX\tX\t_\t_\t_\t_\t_\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n";

    #[test]
    fn parses_words_and_skips_ranges_and_empty_nodes() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].text.as_deref(), Some("I don't know."));
        let forms: Vec<&str> = s[0].tokens.iter().map(|t| t.form.as_str()).collect();
        assert_eq!(forms, ["I", "do", "n't", "know", "."]);
        assert_eq!(s[0].tokens[2].lemma, "not");
        assert_eq!(s[0].tokens[3].head, 0);
        assert_eq!(s[0].tokens[0].head, 4);
        assert_eq!(s[0].tokens[0].deprel, "nsubj");
        assert_eq!(s[1].tokens.len(), 1);
        assert_eq!(s[1].text, None);
    }

    #[test]
    fn write_roundtrips() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(parse(&write(&s)).unwrap(), s);
    }

    #[test]
    fn rejects_bad_lines() {
        assert!(parse("1\tx\n").is_err());
        assert!(parse("2\tx\tx\tX\tX\t_\t0\troot\t_\t_\n").is_err());
    }
}
