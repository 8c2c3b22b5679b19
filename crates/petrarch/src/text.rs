//! Lines of a dictionary file without comments: `# ...` to the end of the line (outside
//! `[...]`, where TABARI's discard code `[###]` lives) and `<!-- ... -->`, also over lines.

/// Non-empty lines with comments removed, trimmed, with their 1-based numbers.
pub(crate) fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut in_xml_comment = false;
    text.lines().enumerate().filter_map(move |(n, line)| {
        let mut l = line;
        if in_xml_comment {
            match l.find("-->") {
                Some(i) => {
                    in_xml_comment = false;
                    l = &l[i + 3..];
                }
                None => return None,
            }
        }
        if let Some(i) = l.find("<!--") {
            match l[i..].find("-->") {
                Some(j) if l[i + j + 3..].trim().is_empty() => l = &l[..i],
                Some(_) => l = &l[..i],
                None => {
                    in_xml_comment = true;
                    l = &l[..i];
                }
            }
        }
        let l = strip_hash_comment(l).trim();
        (!l.is_empty()).then_some((n + 1, l))
    })
}

fn strip_hash_comment(l: &str) -> &str {
    let mut depth = 0i32;
    for (i, c) in l.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            '#' if depth <= 0 => return &l[..i],
            _ => {}
        }
    }
    l
}

/// An issue-dictionary line using an expansion prefix (`n:word`, `v:word`).
pub(crate) fn issue_expansion(l: &str) -> bool {
    l.split_whitespace().any(|w| (w.starts_with("n:") || w.starts_with("v:")) && w.len() > 2) && l.contains('[')
}
