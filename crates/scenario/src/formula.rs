//! Formulas over parameters: `1 - p_resolute`, `if tripwire then -abandon - 10 else -abandon`.
//!
//! A formula is parsed once into an expression tree, type-checked (numbers against booleans),
//! and compiled into a small stack program for fast `f64` evaluation in sweeps. The exact
//! evaluation walks the tree over rationals: decimal literals are exact (`0.1` is 1/10), so a
//! formula over exact parameter values gives an exact payoff or probability.
//!
//! Grammar, loosest binding first: `if c then a else b`; `or`; `and`; `not`; comparisons
//! (`< <= > >= == !=`, not chained); `+ -`; `* /`; unary `-`; `^` (right-associative, integer
//! exponents only in exact arithmetic); atoms: numbers, `true`, `false`, parameter names,
//! `min(a, b, ...)`, `max(a, b, ...)`, `abs(a)`, `if(c, a, b)`, parentheses.
//!
//! **Bounded depth.** The parser, the evaluators and even the dropping of an expression tree
//! recurse over it, so a formula may neither nest (parentheses, calls, `if`, unary `-`, `not`,
//! `^`) more than [`MAX_NESTING`] levels nor build a tree deeper than [`MAX_DEPTH`] (a flat
//! `1-1-...-1` parses in a loop but is as deep as it is long). Either is a located error,
//! never a stack overflow.

use std::ops::Range;

use brink_game::Rational;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// The most levels of parentheses, calls, `if`, unary `-`, `not` and `^` a formula may nest.
pub(crate) const MAX_NESTING: usize = 64;

/// The most levels of operators an expression tree may have (chains of `+ - * / and or`
/// included), so that evaluating or dropping it never exhausts a thread's stack.
pub(crate) const MAX_DEPTH: usize = 512;

/// The type of a formula or parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    Num,
    Bool,
}

impl Ty {
    pub fn name(self) -> &'static str {
        match self {
            Ty::Num => "a number",
            Ty::Bool => "a boolean",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    And,
    Or,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Func {
    Min,
    Max,
    Abs,
}

#[derive(Clone, Debug)]
enum Expr {
    Num(Rational),
    Bool(bool),
    Param(usize),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>),
    Call(Func, Vec<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
}

#[derive(Clone, Copy, Debug)]
enum Instr {
    Push(f64),
    Load(usize),
    Neg,
    Not,
    Bin(BinOp),
    Min(usize),
    Max(usize),
    Abs,
    /// Pops else, then, condition; pushes the chosen one.
    Select,
}

/// A parsed, type-checked formula.
#[derive(Clone, Debug)]
pub(crate) struct Formula {
    expr: Expr,
    code: Vec<Instr>,
    /// The formula's type.
    pub ty: Ty,
    /// The parameters it reads, sorted, without repeats.
    pub params: Vec<usize>,
}

/// A problem in a formula, with a span relative to the formula text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FormulaError {
    pub code: &'static str,
    pub span: Range<usize>,
    pub message: String,
    pub hint: Option<String>,
}

/// Why an exact evaluation failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum EvalError {
    DivisionByZero,
    BadPower,
    MissingParameter,
}

impl std::fmt::Display for EvalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EvalError::DivisionByZero => write!(f, "division by zero"),
            EvalError::MissingParameter => write!(f, "a parameter has no value"),
            EvalError::BadPower => {
                write!(
                    f,
                    "a power with a non-integer or very large exponent cannot be exact"
                )
            }
        }
    }
}

impl Formula {
    /// A constant formula.
    pub fn constant(value: Rational) -> Formula {
        let f = value.to_f64().unwrap_or(f64::NAN);
        Formula {
            expr: Expr::Num(value),
            code: vec![Instr::Push(f)],
            ty: Ty::Num,
            params: vec![],
        }
    }

    /// Parses `text`; `lookup` resolves a parameter name to its index and type.
    pub fn parse(
        text: &str,
        lookup: &dyn Fn(&str) -> Option<(usize, Ty)>,
    ) -> Result<Formula, Vec<FormulaError>> {
        let tokens = lex(text).map_err(|e| vec![e])?;
        let mut p = Parser {
            text,
            tokens,
            at: 0,
            lookup,
            errors: Vec::new(),
            depth: 0,
        };
        let parsed = p.expr();
        let parsed = match parsed {
            Ok(e) => {
                if p.at < p.tokens.len() {
                    let t = &p.tokens[p.at];
                    p.errors.push(syntax(
                        t.span.clone(),
                        format!("unexpected `{}`", &text[t.span.clone()]),
                    ));
                }
                Some(e)
            }
            Err(e) => {
                p.errors.push(e);
                None
            }
        };
        let mut errors = p.errors;
        let Some((expr, ty)) = parsed else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut code = Vec::new();
        emit(&expr, &mut code);
        let mut params = Vec::new();
        collect_params(&expr, &mut params);
        params.sort_unstable();
        params.dedup();
        errors.clear();
        Ok(Formula {
            expr,
            code,
            ty,
            params,
        })
    }

    /// Exact value; booleans are 1 and 0.
    pub fn eval(&self, params: &[Rational]) -> Result<Rational, EvalError> {
        eval(&self.expr, params)
    }

    /// Fast floating-point value; booleans are 1 and 0.
    pub fn eval_f64(&self, params: &[f64]) -> f64 {
        let mut stack: Vec<f64> = Vec::with_capacity(8);
        for instr in &self.code {
            match *instr {
                Instr::Push(v) => stack.push(v),
                Instr::Load(i) => stack.push(params.get(i).copied().unwrap_or(f64::NAN)),
                Instr::Neg => {
                    let a = stack.pop().unwrap_or(f64::NAN);
                    stack.push(-a)
                }
                Instr::Not => {
                    let a = stack.pop().unwrap_or(f64::NAN);
                    stack.push(if a != 0.0 { 0.0 } else { 1.0 })
                }
                Instr::Abs => {
                    let a = stack.pop().unwrap_or(f64::NAN);
                    stack.push(a.abs())
                }
                Instr::Bin(op) => {
                    let b = stack.pop().unwrap_or(f64::NAN);
                    let a = stack.pop().unwrap_or(f64::NAN);
                    let t = |c: bool| if c { 1.0 } else { 0.0 };
                    stack.push(match op {
                        BinOp::Add => a + b,
                        BinOp::Sub => a - b,
                        BinOp::Mul => a * b,
                        BinOp::Div => a / b,
                        BinOp::Pow => a.powf(b),
                        BinOp::Lt => t(a < b),
                        BinOp::Le => t(a <= b),
                        BinOp::Gt => t(a > b),
                        BinOp::Ge => t(a >= b),
                        BinOp::Eq => t(a == b),
                        BinOp::Ne => t(a != b),
                        BinOp::And => t(a != 0.0 && b != 0.0),
                        BinOp::Or => t(a != 0.0 || b != 0.0),
                    })
                }
                Instr::Min(n) | Instr::Max(n) => {
                    let at = stack.len().saturating_sub(n);
                    let args = stack.split_off(at);
                    let pick = if matches!(instr, Instr::Min(_)) {
                        f64::min
                    } else {
                        f64::max
                    };
                    let v = args.into_iter().reduce(pick).unwrap_or(f64::NAN);
                    stack.push(v)
                }
                Instr::Select => {
                    let e = stack.pop().unwrap_or(f64::NAN);
                    let t = stack.pop().unwrap_or(f64::NAN);
                    let c = stack.pop().unwrap_or(f64::NAN);
                    stack.push(if c != 0.0 { t } else { e })
                }
            }
        }
        stack.pop().unwrap_or(f64::NAN)
    }
}

fn bool_r(b: bool) -> Rational {
    if b {
        Rational::one()
    } else {
        Rational::zero()
    }
}

fn eval(e: &Expr, params: &[Rational]) -> Result<Rational, EvalError> {
    Ok(match e {
        Expr::Num(v) => v.clone(),
        Expr::Bool(b) => bool_r(*b),
        Expr::Param(i) => params.get(*i).cloned().ok_or(EvalError::MissingParameter)?,
        Expr::Neg(a) => -eval(a, params)?,
        Expr::Not(a) => bool_r(eval(a, params)?.is_zero()),
        Expr::If(c, a, b) => {
            if !eval(c, params)?.is_zero() {
                eval(a, params)?
            } else {
                eval(b, params)?
            }
        }
        Expr::Call(f, args) => {
            let mut values = Vec::with_capacity(args.len());
            for a in args {
                values.push(eval(a, params)?);
            }
            match f {
                Func::Abs => values[0].abs(),
                Func::Min => values.into_iter().min().unwrap_or_default(),
                Func::Max => values.into_iter().max().unwrap_or_default(),
            }
        }
        Expr::Bin(op, a, b) => {
            // `and`/`or` short-circuit so that `x != 0 and 1 / x > 2` is safe.
            match op {
                BinOp::And => {
                    return Ok(bool_r(
                        !eval(a, params)?.is_zero() && !eval(b, params)?.is_zero(),
                    ))
                }
                BinOp::Or => {
                    return Ok(bool_r(
                        !eval(a, params)?.is_zero() || !eval(b, params)?.is_zero(),
                    ))
                }
                _ => {}
            }
            let x = eval(a, params)?;
            let y = eval(b, params)?;
            match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                BinOp::Mul => x * y,
                BinOp::Div => {
                    if y.is_zero() {
                        return Err(EvalError::DivisionByZero);
                    }
                    x / y
                }
                BinOp::Pow => {
                    if !y.is_integer() {
                        return Err(EvalError::BadPower);
                    }
                    let n = y
                        .to_integer()
                        .to_i32()
                        .filter(|n| n.abs() <= 256)
                        .ok_or(EvalError::BadPower)?;
                    if n < 0 && x.is_zero() {
                        return Err(EvalError::DivisionByZero);
                    }
                    let p = num_traits::pow(x, n.unsigned_abs() as usize);
                    if n < 0 {
                        p.recip()
                    } else {
                        p
                    }
                }
                BinOp::Lt => bool_r(x < y),
                BinOp::Le => bool_r(x <= y),
                BinOp::Gt => bool_r(x > y),
                BinOp::Ge => bool_r(x >= y),
                BinOp::Eq => bool_r(x == y),
                BinOp::Ne => bool_r(x != y),
                BinOp::And | BinOp::Or => unreachable_pair(),
            }
        }
    })
}

/// `and`/`or` return early above; this keeps the match exhaustive without a panic path.
fn unreachable_pair() -> Rational {
    Rational::zero()
}

fn emit(e: &Expr, code: &mut Vec<Instr>) {
    match e {
        Expr::Num(v) => code.push(Instr::Push(v.to_f64().unwrap_or(f64::NAN))),
        Expr::Bool(b) => code.push(Instr::Push(if *b { 1.0 } else { 0.0 })),
        Expr::Param(i) => code.push(Instr::Load(*i)),
        Expr::Neg(a) => {
            emit(a, code);
            code.push(Instr::Neg)
        }
        Expr::Not(a) => {
            emit(a, code);
            code.push(Instr::Not)
        }
        Expr::Bin(op, a, b) => {
            emit(a, code);
            emit(b, code);
            code.push(Instr::Bin(*op))
        }
        Expr::Call(f, args) => {
            for a in args {
                emit(a, code);
            }
            code.push(match f {
                Func::Min => Instr::Min(args.len()),
                Func::Max => Instr::Max(args.len()),
                Func::Abs => Instr::Abs,
            })
        }
        Expr::If(c, a, b) => {
            emit(c, code);
            emit(a, code);
            emit(b, code);
            code.push(Instr::Select)
        }
    }
}

fn collect_params(e: &Expr, out: &mut Vec<usize>) {
    match e {
        Expr::Num(_) | Expr::Bool(_) => {}
        Expr::Param(i) => out.push(*i),
        Expr::Neg(a) | Expr::Not(a) => collect_params(a, out),
        Expr::Bin(_, a, b) => {
            collect_params(a, out);
            collect_params(b, out)
        }
        Expr::Call(_, args) => args.iter().for_each(|a| collect_params(a, out)),
        Expr::If(c, a, b) => {
            collect_params(c, out);
            collect_params(a, out);
            collect_params(b, out)
        }
    }
}

/// The number of levels of an expression tree (1 for a number or a name). Recursive, so only
/// for trees whose depth the parser has bounded.
fn depth(e: &Expr) -> usize {
    1 + match e {
        Expr::Num(_) | Expr::Bool(_) | Expr::Param(_) => 0,
        Expr::Neg(a) | Expr::Not(a) => depth(a),
        Expr::Bin(_, a, b) => depth(a).max(depth(b)),
        Expr::Call(_, args) => args.iter().map(depth).max().unwrap_or(0),
        Expr::If(c, a, b) => depth(c).max(depth(a)).max(depth(b)),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num,
    Ident,
    Sym(&'static str),
}

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    span: Range<usize>,
}

fn syntax(span: Range<usize>, message: String) -> FormulaError {
    FormulaError {
        code: "S030",
        span,
        message,
        hint: None,
    }
}

fn lex(text: &str) -> Result<Vec<Token>, FormulaError> {
    const SYMBOLS: [&str; 16] = [
        "<=", ">=", "==", "!=", "&&", "||", "<", ">", "+", "-", "*", "/", "^", "(", ")", ",",
    ];
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    'outer: while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() || (c == b'.' && bytes.get(i + 1).is_some_and(|b| b.is_ascii_digit()))
        {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_digit() || bytes[i] == b'.' || bytes[i] == b'_')
            {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
                let mut j = i + 1;
                if j < bytes.len() && (bytes[j] == b'+' || bytes[j] == b'-') {
                    j += 1;
                }
                if j < bytes.len() && bytes[j].is_ascii_digit() {
                    i = j;
                    while i < bytes.len() && bytes[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            out.push(Token {
                tok: Tok::Num,
                span: start..i,
            });
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            out.push(Token {
                tok: Tok::Ident,
                span: start..i,
            });
            continue;
        }
        if c == b'!' && bytes.get(i + 1) != Some(&b'=') {
            out.push(Token {
                tok: Tok::Sym("!"),
                span: i..i + 1,
            });
            i += 1;
            continue;
        }
        for s in SYMBOLS {
            if text[i..].starts_with(s) {
                out.push(Token {
                    tok: Tok::Sym(s),
                    span: i..i + s.len(),
                });
                i += s.len();
                continue 'outer;
            }
        }
        let len = text[i..].chars().next().map_or(1, char::len_utf8);
        return Err(FormulaError {
            code: "S030",
            span: i..i + len,
            message: format!("unexpected character `{}` in formula", &text[i..i + len]),
            hint: Some("formulas use numbers, parameter names, + - * / ^, comparisons, and/or/not, min, max, abs, if-then-else".into()),
        });
    }
    Ok(out)
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    at: usize,
    lookup: &'a dyn Fn(&str) -> Option<(usize, Ty)>,
    /// Errors that do not stop parsing (unknown names, type mismatches).
    errors: Vec<FormulaError>,
    /// How many nesting constructs enclose the current token (see [`MAX_NESTING`]).
    depth: usize,
}

type Parsed = Result<(Expr, Ty), FormulaError>;

impl Parser<'_> {
    fn peek_text(&self) -> Option<&str> {
        self.tokens.get(self.at).map(|t| &self.text[t.span.clone()])
    }

    fn peek_is(&self, s: &str) -> bool {
        self.peek_text() == Some(s)
    }

    fn end_span(&self) -> Range<usize> {
        self.text.len()..self.text.len()
    }

    fn here(&self) -> Range<usize> {
        self.tokens
            .get(self.at)
            .map_or_else(|| self.end_span(), |t| t.span.clone())
    }

    fn expect(&mut self, s: &str) -> Result<(), FormulaError> {
        if self.peek_is(s) {
            self.at += 1;
            Ok(())
        } else {
            let found = self
                .peek_text()
                .map_or("the end of the formula".to_string(), |t| format!("`{t}`"));
            Err(syntax(
                self.here(),
                format!("expected `{s}` but found {found}"),
            ))
        }
    }

    fn want(&mut self, got: Ty, want: Ty, span: Range<usize>, what: &str) {
        if got != want {
            self.errors.push(FormulaError {
                code: "S032",
                span,
                message: format!("{what} must be {} but this is {}", want.name(), got.name()),
                hint: Some(match want {
                    Ty::Bool => "compare numbers with <, >, == to get a boolean".into(),
                    Ty::Num => {
                        "write `if cond then a else b` to turn a boolean into a number".into()
                    }
                }),
            });
        }
    }

    /// Runs `parse` one nesting level deeper. Every construct through which the parser recurses
    /// goes through here, so that a pathological formula is refused before it can exhaust the
    /// stack.
    fn nested(&mut self, parse: impl FnOnce(&mut Self) -> Parsed) -> Parsed {
        if self.depth >= MAX_NESTING {
            return Err(FormulaError {
                code: "S030",
                span: self.here(),
                message: format!(
                    "the formula nests more than {MAX_NESTING} levels here (each parenthesis, \
                     call, `if`, unary `-`, `not` and `^` counts one)"
                ),
                hint: Some(
                    "simplify it: `- -x` is `x`, `not not c` is `c`, a tower of powers is one \
                     number, and a deep formula can be split between parameters"
                        .into(),
                ),
            });
        }
        self.depth += 1;
        let out = parse(self);
        self.depth -= 1;
        out
    }

    /// Refuses an operator that would make the expression tree deeper than [`MAX_DEPTH`].
    fn check_depth(&self, levels: usize, op_span: Range<usize>) -> Result<(), FormulaError> {
        if levels <= MAX_DEPTH {
            return Ok(());
        }
        Err(FormulaError {
            code: "S030",
            span: op_span,
            message: format!(
                "the formula chains more than {MAX_DEPTH} operators in a row here, too many to \
                 evaluate safely"
            ),
            hint: Some(
                "shorten the chain: `x + x + x` is `3 * x`, and a long sum can be split into \
                 parts held by parameters"
                    .into(),
            ),
        })
    }

    fn expr(&mut self) -> Parsed {
        self.nested(Self::expr_inner)
    }

    fn expr_inner(&mut self) -> Parsed {
        if self.peek_is("if")
            && self
                .tokens
                .get(self.at + 1)
                .map(|t| &self.text[t.span.clone()])
                != Some("(")
        {
            let start = self.here();
            self.at += 1;
            let (c, ct) = self.expr()?;
            self.want(ct, Ty::Bool, start.clone(), "the condition of `if`");
            self.expect("then")?;
            let (a, at) = self.expr()?;
            self.expect("else")?;
            let s = self.here();
            let (b, bt) = self.expr()?;
            self.want(bt, at, s, "the `else` branch");
            return Ok((Expr::If(Box::new(c), Box::new(a), Box::new(b)), at));
        }
        self.binary(0)
    }

    fn binary(&mut self, min_prec: u8) -> Parsed {
        let start = self.here().start;
        let (mut lhs, mut lt) = self.unary()?;
        // The depth of `lhs`, kept up to date as the loop makes it the left operand of each
        // operator in turn.
        let mut levels = depth(&lhs);
        while let Some(text) = self.peek_text() {
            let (op, prec, right) = match text {
                "or" | "||" => (BinOp::Or, 1, false),
                "and" | "&&" => (BinOp::And, 2, false),
                "<" => (BinOp::Lt, 4, false),
                "<=" => (BinOp::Le, 4, false),
                ">" => (BinOp::Gt, 4, false),
                ">=" => (BinOp::Ge, 4, false),
                "==" => (BinOp::Eq, 4, false),
                "!=" => (BinOp::Ne, 4, false),
                "+" => (BinOp::Add, 5, false),
                "-" => (BinOp::Sub, 5, false),
                "*" => (BinOp::Mul, 6, false),
                "/" => (BinOp::Div, 6, false),
                "^" => (BinOp::Pow, 8, true),
                _ => break,
            };
            if prec < min_prec {
                break;
            }
            let op_span = self.here();
            self.at += 1;
            let rhs_start = self.here();
            let next = if right { prec } else { prec + 1 };
            let (rhs, rt) = if op == BinOp::Pow {
                self.power_rhs()?
            } else {
                self.binary(next)?
            };
            let lhs_span = start..op_span.start;
            let rhs_span = rhs_start.start..self.prev_end();
            let ty = match op {
                BinOp::And | BinOp::Or => {
                    self.want(lt, Ty::Bool, lhs_span, "an operand of `and`/`or`");
                    self.want(rt, Ty::Bool, rhs_span, "an operand of `and`/`or`");
                    Ty::Bool
                }
                BinOp::Eq | BinOp::Ne => {
                    self.want(rt, lt, rhs_span, "the right side of a comparison");
                    Ty::Bool
                }
                BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                    self.want(lt, Ty::Num, lhs_span, "an operand of a comparison");
                    self.want(rt, Ty::Num, rhs_span, "an operand of a comparison");
                    Ty::Bool
                }
                _ => {
                    self.want(lt, Ty::Num, lhs_span, "an operand of arithmetic");
                    self.want(rt, Ty::Num, rhs_span, "an operand of arithmetic");
                    Ty::Num
                }
            };
            if prec == 4
                && self
                    .peek_text()
                    .is_some_and(|t| ["<", "<=", ">", ">=", "==", "!="].contains(&t))
            {
                return Err(syntax(self.here(), "comparisons cannot be chained".into()));
            }
            levels = levels.max(depth(&rhs)) + 1;
            self.check_depth(levels, op_span)?;
            lhs = Expr::Bin(op, Box::new(lhs), Box::new(rhs));
            lt = ty;
        }
        Ok((lhs, lt))
    }

    fn power_rhs(&mut self) -> Parsed {
        // The exponent binds tighter than unary minus on the left but may itself be negated.
        if self.peek_is("-") {
            self.at += 1;
            let (e, t) = self.nested(Self::power_rhs)?;
            return Ok((Expr::Neg(Box::new(e)), t));
        }
        let (base, bt) = self.atom()?;
        if self.peek_is("^") {
            self.at += 1;
            let (e, _) = self.nested(Self::power_rhs)?;
            return Ok((Expr::Bin(BinOp::Pow, Box::new(base), Box::new(e)), bt));
        }
        Ok((base, bt))
    }

    fn prev_end(&self) -> usize {
        self.at
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or(0, |t| t.span.end)
    }

    fn unary(&mut self) -> Parsed {
        let span = self.here();
        if self.peek_is("-") {
            self.at += 1;
            let (e, t) = self.nested(|p| p.binary(7))?;
            self.want(t, Ty::Num, span, "the operand of `-`");
            return Ok((Expr::Neg(Box::new(e)), Ty::Num));
        }
        if self.peek_is("+") {
            self.at += 1;
            return self.nested(|p| p.binary(7));
        }
        if self.peek_is("not") || self.peek_is("!") {
            self.at += 1;
            let (e, t) = self.nested(|p| p.binary(3))?;
            self.want(t, Ty::Bool, span, "the operand of `not`");
            return Ok((Expr::Not(Box::new(e)), Ty::Bool));
        }
        if self.peek_is("if")
            && self
                .tokens
                .get(self.at + 1)
                .is_none_or(|t| &self.text[t.span.clone()] != "(")
        {
            return self.expr();
        }
        self.atom()
    }

    fn atom(&mut self) -> Parsed {
        let Some(token) = self.tokens.get(self.at).cloned() else {
            return Err(syntax(self.end_span(), "the formula ends too early".into()));
        };
        let text = &self.text[token.span.clone()];
        self.at += 1;
        match token.tok {
            Tok::Num => {
                let clean: String = text.chars().filter(|&c| c != '_').collect();
                match brink_game::parse_rational(&clean) {
                    Some(v) => Ok((Expr::Num(v), Ty::Num)),
                    None => Err(syntax(token.span, format!("`{text}` is not a number"))),
                }
            }
            Tok::Sym("(") => {
                let e = self.expr()?;
                self.expect(")")?;
                Ok(e)
            }
            Tok::Sym(_) => Err(syntax(token.span, format!("unexpected `{text}`"))),
            Tok::Ident => match text {
                "true" => Ok((Expr::Bool(true), Ty::Bool)),
                "false" => Ok((Expr::Bool(false), Ty::Bool)),
                "min" | "max" | "abs" | "if" if self.peek_is("(") => self.call(text, token.span),
                "and" | "or" | "not" | "then" | "else" | "if" => {
                    Err(syntax(token.span, format!("unexpected keyword `{text}`")))
                }
                name => match (self.lookup)(name) {
                    Some((i, ty)) => Ok((Expr::Param(i), ty)),
                    None => {
                        self.errors.push(FormulaError {
                            code: "S031",
                            span: token.span,
                            message: format!("unknown parameter `{name}`"),
                            hint: Some("declare it under [params], or fix the spelling".into()),
                        });
                        Ok((Expr::Num(Rational::zero()), Ty::Num))
                    }
                },
            },
        }
    }

    fn call(&mut self, name: &str, span: Range<usize>) -> Parsed {
        self.expect("(")?;
        let mut args = Vec::new();
        loop {
            let s = self.here();
            let (e, t) = self.expr()?;
            args.push((e, t, s));
            if self.peek_is(",") {
                self.at += 1;
                continue;
            }
            self.expect(")")?;
            break;
        }
        let arity_error = |n: &str| syntax(span.clone(), format!("`{name}` takes {n}"));
        match name {
            "if" => {
                if args.len() != 3 {
                    return Err(arity_error("three arguments: if(condition, then, else)"));
                }
                let mut it = args.into_iter();
                let (c, ct, cs) = it.next().unwrap_or((Expr::Bool(false), Ty::Bool, 0..0));
                let (a, at, _) = it.next().unwrap_or((Expr::Bool(false), Ty::Bool, 0..0));
                let (b, bt, bs) = it.next().unwrap_or((Expr::Bool(false), Ty::Bool, 0..0));
                self.want(ct, Ty::Bool, cs, "the condition of `if`");
                self.want(bt, at, bs, "the `else` branch");
                Ok((Expr::If(Box::new(c), Box::new(a), Box::new(b)), at))
            }
            _ => {
                let func = match name {
                    "min" => Func::Min,
                    "max" => Func::Max,
                    _ => Func::Abs,
                };
                if func == Func::Abs && args.len() != 1 {
                    return Err(arity_error("one argument"));
                }
                let mut out = Vec::new();
                for (e, t, s) in args {
                    self.want(t, Ty::Num, s, "an argument of a function");
                    out.push(e);
                }
                Ok((Expr::Call(func, out), Ty::Num))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigInt;

    fn lookup(name: &str) -> Option<(usize, Ty)> {
        match name {
            "p" => Some((0, Ty::Num)),
            "q" => Some((1, Ty::Num)),
            "flag" => Some((2, Ty::Bool)),
            _ => None,
        }
    }

    fn r(n: i64, d: i64) -> Rational {
        Rational::new(BigInt::from(n), BigInt::from(d))
    }

    fn both(text: &str, params: &[Rational]) -> Rational {
        let f = Formula::parse(text, &lookup).unwrap();
        let exact = f.eval(params).unwrap();
        let floats: Vec<f64> = params.iter().map(|p| p.to_f64().unwrap()).collect();
        let fast = f.eval_f64(&floats);
        assert!(
            (fast - exact.to_f64().unwrap()).abs() < 1e-12,
            "{text}: {fast} vs {exact}"
        );
        exact
    }

    #[test]
    fn evaluates_exactly_and_fast_alike() {
        let ps = [r(1, 10), r(3, 1), Rational::one()];
        assert_eq!(both("1 - p", &ps), r(9, 10));
        assert_eq!(both("-q / 2 + 0.1", &ps), r(-14, 10));
        assert_eq!(both("2 ^ 3 ^ 2", &ps), r(512, 1));
        assert_eq!(both("-2 ^ 2", &ps), r(-4, 1));
        assert_eq!(both("2 ^ -1", &ps), r(1, 2));
        assert_eq!(both("min(p, q, 0) + max(1, q)", &ps), r(3, 1));
        assert_eq!(both("if flag then q else p", &ps), r(3, 1));
        assert_eq!(both("if(p > 0.5 or not flag, 1, 2)", &ps), r(2, 1));
        assert_eq!(both("abs(p - q) * 10", &ps), r(29, 1));
        assert_eq!(both("1 + 2 * 3 - 4 / 2", &ps), r(5, 1));
        assert_eq!(both("(1 + 2) * 3", &ps), r(9, 1));
    }

    #[test]
    fn reports_every_unknown_name_and_type_errors() {
        let errors = Formula::parse("a + p * b", &lookup).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].span, 0..1);
        assert_eq!(errors[1].span, 8..9);
        let errors = Formula::parse("flag + 1", &lookup).unwrap_err();
        assert_eq!(errors[0].code, "S032");
        let errors = Formula::parse("1 +", &lookup).unwrap_err();
        assert_eq!(errors[0].code, "S030");
        assert!(Formula::parse("1 < 2 < 3", &lookup).is_err());
        assert!(Formula::parse("1 $ 2", &lookup).is_err());
        assert!(Formula::parse("min(", &lookup).is_err());
        assert!(Formula::parse("", &lookup).is_err());
    }

    #[test]
    fn exact_evaluation_reports_division_by_zero() {
        let f = Formula::parse("1 / (p - p)", &lookup).unwrap();
        assert_eq!(
            f.eval(&[r(1, 2), r(0, 1), r(0, 1)]),
            Err(EvalError::DivisionByZero)
        );
    }
}
