//! Where a field is in block-style YAML: the line and the value's column of a dotted path such
//! as `points[1].status`, found from the text alone (the YAML library reports no positions for
//! values it parsed).

/// Finds the line (1-based within `yaml`) and the value's column of a dotted field path such as
/// `points[1].status` in block-style YAML. Falls back to the deepest part found.
pub fn locate(yaml: &str, field: &str) -> Option<(usize, Option<usize>)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let mut range = 0..lines.len();
    // The indent that the next key (after any dashes) or list dash must have.
    let mut want = first_content_indent(&lines, 0, lines.len());
    let mut found: Option<(usize, Option<usize>)> = None;
    for part in field_parts(field) {
        let Some(indent_wanted) = want else { break };
        let hit = match part {
            FieldPart::Key(key) => {
                find_key(&lines, range.clone(), indent_wanted, key).map(|h| (h, false))
            }
            FieldPart::Index(n) => {
                find_item(&lines, range.clone(), indent_wanted, n).map(|h| (h, true))
            }
        };
        let Some(((line, indent, column), is_item)) = hit else {
            break;
        };
        found = Some((line + 1, column));
        let end = block_end(&lines, line, indent, is_item);
        if is_item {
            range = line..end;
            want = Some(indent + 2);
        } else {
            range = line + 1..end;
            want = first_content_indent(&lines, line + 1, end);
        }
    }
    found
}

enum FieldPart<'a> {
    Key(&'a str),
    Index(usize),
}

fn field_parts(field: &str) -> Vec<FieldPart<'_>> {
    let mut parts = Vec::new();
    for piece in field.split('.').filter(|p| !p.is_empty()) {
        let (name, rest) = piece.split_once('[').unwrap_or((piece, ""));
        if !name.is_empty() {
            parts.push(FieldPart::Key(name));
        }
        for idx in rest.split('[') {
            if let Ok(i) = idx.trim_end_matches(']').parse() {
                parts.push(FieldPart::Index(i));
            }
        }
    }
    parts
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_content(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#')
}

fn first_content_indent(lines: &[&str], from: usize, to: usize) -> Option<usize> {
    lines[from..to]
        .iter()
        .find(|l| is_content(l))
        .map(|l| indent_of(l))
}

/// The 1-based column, in characters as editors count them, of the byte `at` of `line`.
pub(super) fn column(line: &str, at: usize) -> usize {
    line[..at].chars().count() + 1
}

/// Line index, indent of the key (after any list dashes), and 1-based column of its value.
fn find_key(
    lines: &[&str],
    range: std::ops::Range<usize>,
    want: usize,
    key: &str,
) -> Option<(usize, usize, Option<usize>)> {
    for i in range {
        let line = lines[i];
        let mut indent = indent_of(line);
        let mut rest = &line[indent..];
        while let Some(after) = rest.strip_prefix("- ") {
            indent += 2 + (after.len() - after.trim_start_matches(' ').len());
            rest = after.trim_start_matches(' ');
        }
        if indent != want {
            continue;
        }
        let unquoted = rest.trim_start_matches(['"', '\'']);
        if let Some(after) = unquoted.strip_prefix(key) {
            let after = after.trim_start_matches(['"', '\'']);
            if let Some(value) = after.strip_prefix(':') {
                let has_value = !value.trim().is_empty();
                let col = column(line, line.len() - value.trim_start().len());
                return Some((i, indent, has_value.then_some(col)));
            }
        }
    }
    None
}

fn find_item(
    lines: &[&str],
    range: std::ops::Range<usize>,
    want: usize,
    index: usize,
) -> Option<(usize, usize, Option<usize>)> {
    let mut seen = 0;
    for i in range {
        let line = lines[i];
        let indent = indent_of(line);
        let rest = &line[indent..];
        if indent != want || !(rest.starts_with("- ") || rest.trim_end() == "-") {
            continue;
        }
        if seen == index {
            return Some((i, indent, Some(indent + 3)));
        }
        seen += 1;
    }
    None
}

/// The end (exclusive) of the block that starts at `start`: an item ends at the next line
/// indented no deeper than its dash; a key ends at a shallower line or a sibling key.
fn block_end(lines: &[&str], start: usize, indent: usize, is_item: bool) -> usize {
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let own = indent_of(line);
        let ends = if is_item {
            own <= indent
        } else {
            own < indent || (own == indent && !line[own..].starts_with('-'))
        };
        if ends {
            return i;
        }
    }
    lines.len()
}
