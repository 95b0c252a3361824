//! Helpers shared by the writers.

use std::collections::HashSet;

/// Appends `text` in double quotes, escaping `"` as `\"` and `\` as `\\`.
///
/// Gambit's own reader turns `\"` into `"` but keeps both characters of `\\`, so a label with
/// a backslash reads back into Gambit with the backslash doubled; our reader undoes both
/// escapes, so our files round-trip exactly. Backslashes in labels are rare in practice.
pub(crate) fn push_quoted(out: &mut String, text: &str) {
    out.push('"');
    if text.bytes().any(|b| b == b'"' || b == b'\\') {
        for c in text.chars() {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    } else {
        out.push_str(text);
    }
    out.push('"');
}

/// The numbers a writer gives a list of objects: their own when those are distinct (and, if
/// `positive`, not 0), otherwise 1, 2, 3, ... in list order.
pub(crate) struct NumberPlan {
    own: Option<Vec<u64>>,
}

impl NumberPlan {
    pub fn new(numbers: impl Iterator<Item = u64>, positive: bool) -> NumberPlan {
        let numbers: Vec<u64> = numbers.collect();
        let mut seen = HashSet::with_capacity(numbers.len());
        let usable = numbers
            .iter()
            .all(|&n| (!positive || n > 0) && seen.insert(n));
        NumberPlan {
            own: usable.then_some(numbers),
        }
    }

    /// The number of the `k`-th object.
    pub fn number(&self, k: usize) -> u64 {
        match &self.own {
            Some(own) => own[k],
            None => k as u64 + 1,
        }
    }
}
