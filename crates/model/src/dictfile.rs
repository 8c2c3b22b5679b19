//! The plain-text dictionary format shared by every dictionary (see `dictionaries/README.md`):
//! blocks opened by `@kind args...`, followed by `key: value; value` lines. Each stage picks the
//! kinds it understands, so one user file may extend several stages.

/// One `@kind args` block with its `key: values` lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: String,
    pub args: Vec<String>,
    pub fields: Vec<Field>,
    /// `file:line` of the header, for error messages.
    pub origin: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The key, with any qualifier: `seat MIL` is key `seat`, qualifier `MIL`.
    pub key: String,
    pub qualifier: Option<String>,
    pub values: Vec<String>,
    pub origin: String,
}

impl Block {
    /// Every value of the fields named `key`.
    pub fn values<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields.iter().filter(move |f| f.key == key).flat_map(|f| f.values.iter().map(String::as_str))
    }
    pub fn first<'a>(&'a self, key: &'a str) -> Option<&'a str> {
        self.values(key).next()
    }
}

/// Parse a dictionary file. `name` is used in error messages.
pub fn parse(name: &str, text: &str) -> Result<Vec<Block>, String> {
    let mut blocks: Vec<Block> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let origin = format!("{name}:{}", n + 1);
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        if let Some(header) = line.strip_prefix('@') {
            let mut parts = header.split_whitespace();
            let kind = parts.next().ok_or_else(|| format!("{origin}: '@' must be followed by a kind, as in '@country USA United States'"))?;
            blocks.push(Block { kind: kind.to_string(), args: parts.map(str::to_string).collect(), fields: Vec::new(), origin });
            continue;
        }
        let Some(block) = blocks.last_mut() else {
            return Err(format!("{origin}: a line before any '@kind' header; start each entry with a header such as '@country USA United States'"));
        };
        let Some((key, value)) = line.split_once(':') else {
            return Err(format!("{origin}: expected 'key: value; value', found {line:?}"));
        };
        let mut key_parts = key.split_whitespace();
        let k = key_parts.next().unwrap_or("").to_string();
        let qualifier = key_parts.next().map(str::to_string);
        let values = value.split(';').map(str::trim).filter(|v| !v.is_empty()).map(str::to_string).collect();
        block.fields.push(Field { key: k, qualifier, values, origin });
    }
    Ok(blocks)
}

fn strip_comment(line: &str) -> &str {
    // `#` starts a comment at line start or after whitespace (so "C#" in a value survives).
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') {
            return &line[..i];
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_blocks() {
        let b = parse("t", "# c\n@country USA United States\nname: United States; U.S. # trailing\nseat MIL: Pentagon\n").unwrap();
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].args, ["USA", "United", "States"]);
        assert_eq!(b[0].values("name").collect::<Vec<_>>(), ["United States", "U.S."]);
        assert_eq!(b[0].fields[1].qualifier.as_deref(), Some("MIL"));
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("f.txt", "name: x").unwrap_err();
        assert!(e.starts_with("f.txt:1"), "{e}");
        let e = parse("f.txt", "@country X\nno colon here").unwrap_err();
        assert!(e.starts_with("f.txt:2"), "{e}");
    }
}
