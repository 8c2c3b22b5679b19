//! A plain table of players: CSV with the columns `actor`, `capability`, `position`,
//! `salience` (in any order, other columns ignored). Positions and saliences are on 0-100; a
//! table whose saliences are all at most 1 is read as fractions (0.8 is 80), as the emission
//! case prints them.

use crate::Player;

/// Reads players from CSV text; `origin` names the file in error messages.
pub fn read_players(text: &str, origin: &str) -> Result<Vec<Player>, String> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().map_err(|e| format!("{origin}: cannot read the header line: {e}"))?.iter().map(|h| h.to_ascii_lowercase()).collect();
    let column = |name: &str| header.iter().position(|h| h == name);
    let missing: Vec<&str> = ["actor", "capability", "position", "salience"].into_iter().filter(|n| column(n).is_none()).collect();
    if !missing.is_empty() {
        return Err(format!(
            "{origin}: missing column{} {}; the table needs a header line with actor,capability,position,salience",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", ")
        ));
    }
    let [a, c, p, s] = ["actor", "capability", "position", "salience"].map(|n| column(n).unwrap_or(0));
    let mut players = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record = record.map_err(|e| format!("{origin}: line {line}: {e}"))?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or("");
        let name = field(a).to_string();
        if name.is_empty() {
            return Err(format!("{origin}: line {line}: the actor is empty; name every actor"));
        }
        let number = |i: usize, what: &str| -> Result<f64, String> {
            let v = field(i);
            if v.is_empty() {
                return Err(format!("{origin}: line {line}: {name} has no {what}; give a number (capability: any non-negative scale; position and salience: 0-100)"));
            }
            v.parse::<f64>().ok().filter(|x| x.is_finite()).ok_or_else(|| format!("{origin}: line {line}: {what} of {name} is {v:?}, not a number"))
        };
        let capability = number(c, "capability")?;
        let position = number(p, "position")?;
        let salience = number(s, "salience")?;
        if capability < 0.0 {
            return Err(format!("{origin}: line {line}: capability of {name} is {capability}; it must be 0 or more"));
        }
        if !(0.0..=100.0).contains(&position) {
            return Err(format!("{origin}: line {line}: position of {name} is {position}, outside 0-100; rescale the issue to 0-100"));
        }
        if !(0.0..=100.0).contains(&salience) {
            return Err(format!("{origin}: line {line}: salience of {name} is {salience}, outside 0-100"));
        }
        players.push(Player { name, capability, position, salience });
    }
    if players.is_empty() {
        return Err(format!("{origin}: no actors; write one line per actor under the header actor,capability,position,salience"));
    }
    if players.iter().all(|p| p.salience <= 1.0) {
        for p in &mut players {
            p.salience *= 100.0;
        }
    }
    Ok(players)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_table_in_any_column_order() {
        let ps = read_players("salience,actor,position,capability,note\n80,A,10,2,x\n40,B,90,1,\n", "t.csv").unwrap();
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[1], Player { name: "B".into(), capability: 1.0, position: 90.0, salience: 40.0 });
    }

    #[test]
    fn fractions_of_salience_are_read_as_percentages() {
        let ps = read_players("actor,capability,position,salience\nA,1,4,0.8\nB,1,10,0.1\n", "t.csv").unwrap();
        assert_eq!(ps[0].salience, 80.0);
    }

    #[test]
    fn bad_tables_say_what_is_wrong() {
        let e = read_players("actor,position,salience\nA,10,50\n", "t.csv").unwrap_err();
        assert!(e.contains("missing column capability"), "{e}");
        let e = read_players("actor,capability,position,salience\nA,1,120,50\n", "t.csv").unwrap_err();
        assert!(e.contains("outside 0-100"), "{e}");
        let e = read_players("actor,capability,position,salience\nA,,20,50\n", "t.csv").unwrap_err();
        assert!(e.contains("A has no capability"), "{e}");
        let e = read_players("actor,capability,position,salience\nA,x,20,50\n", "t.csv").unwrap_err();
        assert!(e.contains("not a number"), "{e}");
        let e = read_players("actor,capability,position,salience\n", "t.csv").unwrap_err();
        assert!(e.contains("no actors"), "{e}");
        assert!(read_players("", "t.csv").is_err());
    }
}
