//! Locale-correct numbers, money, percentages, dates and period labels (pt-BR and English).
//!
//! Hand-written rather than `Intl` so the output is the same in every browser and testable
//! natively: pt-BR `R$ 1.234,56`, `04/03/2025`; English `R$1,234.56`, `Mar 4, 2025`.

use crate::i18n::Lang;
use jornada_engine::Unit;

fn separators(lang: Lang) -> (char, char) {
    match lang {
        Lang::Pt => ('.', ','),
        Lang::En => (',', '.'),
    }
}

/// `v` rounded to `decimals` places with the locale's thousands and decimal separators.
pub fn number(v: f64, decimals: usize, lang: Lang) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    let (thousands, decimal) = separators(lang);
    let fixed = format!("{:.*}", decimals, v.abs());
    let (int_part, frac_part) = match fixed.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (fixed.clone(), None),
    };
    let mut grouped = String::with_capacity(int_part.len() + int_part.len() / 3);
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(ch);
    }
    let negative = v < 0.0 && fixed.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&grouped);
    if let Some(f) = frac_part {
        out.push(decimal);
        out.push_str(&f);
    }
    out
}

fn currency_symbol(code: &str, lang: Lang) -> Option<&'static str> {
    match (code, lang) {
        ("BRL", _) => Some("R$"),
        ("USD", Lang::Pt) => Some("US$"),
        ("USD", Lang::En) => Some("$"),
        ("EUR", _) => Some("€"),
        ("GBP", _) => Some("£"),
        _ => None,
    }
}

/// An amount in `code` (ISO 4217); with no code, a plain number with two decimals.
pub fn currency(v: f64, code: Option<&str>, lang: Lang) -> String {
    let amount = number(v.abs(), 2, lang);
    let sign = if v < 0.0 && amount.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    match code {
        None => format!("{sign}{amount}"),
        Some(code) => match (currency_symbol(code, lang), lang) {
            (Some(sym), Lang::Pt) => format!("{sign}{sym}\u{a0}{amount}"),
            (Some(sym), Lang::En) => format!("{sign}{sym}{amount}"),
            (None, _) => format!("{sign}{code}\u{a0}{amount}"),
        },
    }
}

/// A fraction as a percentage: 0.1234 → `12,3%` / `12.3%`.
pub fn percent(fraction: f64, decimals: usize, lang: Lang) -> String {
    format!("{}%", number(fraction * 100.0, decimals, lang))
}

/// A signed change in percent: `+12,3%` / `-4.0%`.
pub fn change(fraction: f64, lang: Lang) -> String {
    let body = percent(fraction.abs(), 1, lang);
    if fraction > 0.0 {
        format!("+{body}")
    } else if fraction < 0.0 && body.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("−{body}")
    } else {
        body
    }
}

const MONTHS_PT: [&str; 12] = [
    "jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month_name(month: u32, lang: Lang) -> &'static str {
    let i = month.clamp(1, 12) as usize - 1;
    match lang {
        Lang::Pt => MONTHS_PT[i],
        Lang::En => MONTHS_EN[i],
    }
}

/// An ISO date `2025-03-04` as `04/03/2025` (pt-BR) or `Mar 4, 2025` (English).
/// Anything else is returned unchanged.
pub fn date(iso: &str, lang: Lang) -> String {
    let parts: Vec<&str> = iso.get(..10).unwrap_or(iso).split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return iso.to_string();
    };
    let (Ok(month), Ok(day)) = (m.parse::<u32>(), d.parse::<u32>()) else {
        return iso.to_string();
    };
    match lang {
        Lang::Pt => format!("{d}/{m}/{y}"),
        Lang::En => format!("{} {day}, {y}", month_name(month, lang)),
    }
}

/// A series period label (`2025-03`, `2025-W09`, `2025-Q1`, `2025-03-04`, `2025`) for display.
pub fn period(label: &str, lang: Lang) -> String {
    if label.len() == 10 {
        return date(label, lang);
    }
    if let Some((year, week)) = label.split_once("-W") {
        return match lang {
            Lang::Pt => format!("sem. {week}/{year}"),
            Lang::En => format!("W{week} {year}"),
        };
    }
    if let Some((year, quarter)) = label.split_once("-Q") {
        return match lang {
            Lang::Pt => format!("{quarter}º tri/{year}"),
            Lang::En => format!("Q{quarter} {year}"),
        };
    }
    if let Some((year, month)) = label.split_once('-')
        && let Ok(m) = month.parse::<u32>()
    {
        return match lang {
            Lang::Pt => format!("{}/{year}", month_name(m, lang)),
            Lang::En => format!("{} {year}", month_name(m, lang)),
        };
    }
    label.to_string()
}

/// A metric value in its unit: money with its currency, rates as percentages, durations with
/// their unit. `None` (undefined, e.g. 0/0) shows as a dash.
pub fn value(v: Option<f64>, unit: Unit, currency_code: Option<&str>, lang: Lang) -> String {
    let Some(v) = v else {
        return "—".to_string();
    };
    match unit {
        Unit::Count => number(v, if v.fract().abs() < 1e-9 { 0 } else { 1 }, lang),
        Unit::Currency => currency(v, currency_code, lang),
        Unit::Rate => percent(v, 1, lang),
        Unit::Score => number(v, 1, lang),
        Unit::Mean => number(v, 2, lang),
        Unit::Hours => format!("{}\u{a0}h", number(v, 1, lang)),
        Unit::Days => match lang {
            Lang::Pt => format!("{}\u{a0}dias", number(v, 1, lang)),
            Lang::En => format!("{}\u{a0}days", number(v, 1, lang)),
        },
        Unit::Ratio => number(v, 2, lang),
        Unit::Table => number(v, 0, lang),
    }
}

/// A metric's value in its display unit, chosen per metric where the JSON unit reads badly:
/// `loyalty.session_duration` (JSON: hours, METRICS.md's unit for durations) in minutes, as
/// sessions last minutes (0.05 h reads "0,0 h"); `loyalty.visit_frequency` (JSON: sessions per
/// user per week) with its unit and two significant digits, so 0.0096 is not "0,01". Every
/// other metric: [`value`] (rates as percentages).
pub fn metric_value(
    id: &str,
    v: Option<f64>,
    unit: Unit,
    currency_code: Option<&str>,
    lang: Lang,
) -> String {
    match (id, v) {
        ("loyalty.session_duration", Some(h)) => format!("{}\u{a0}min", number(h * 60.0, 1, lang)),
        ("loyalty.visit_frequency", Some(f)) => {
            let per = match lang {
                Lang::Pt => "por semana",
                Lang::En => "per week",
            };
            format!("{}\u{a0}{per}", significant(f, lang))
        }
        _ => value(v, unit, currency_code, lang),
    }
}

/// `v` with two decimals, or more when it is below 0.1, to keep two significant digits
/// (0.0096 → `0,0096`), at most six.
fn significant(v: f64, lang: Lang) -> String {
    let a = v.abs();
    let decimals = if a >= 0.1 || a == 0.0 || !a.is_finite() {
        2
    } else {
        ((-a.log10()).floor() as usize + 2).min(6)
    };
    number(v, decimals, lang)
}

/// How a metric's values read on a chart axis: the factor from the JSON unit to the display
/// unit the card uses (`metric_value`: session duration in minutes, rates in percent), the
/// suffix every tick carries (`%`) and the unit said once beside the axis (`min`, `h`, `R$`).
pub fn axis_unit(
    id: &str,
    unit: Unit,
    currency_code: Option<&str>,
    lang: Lang,
) -> (f64, &'static str, String) {
    match (id, unit) {
        ("loyalty.session_duration", _) => (60.0, "", "min".into()),
        (_, Unit::Rate) => (100.0, "%", String::new()),
        (_, Unit::Hours) => (1.0, "", "h".into()),
        (_, Unit::Days) => (
            1.0,
            "",
            match lang {
                Lang::Pt => "dias".into(),
                Lang::En => "days".into(),
            },
        ),
        (_, Unit::Currency) => (
            1.0,
            "",
            currency_code
                .map(|c| currency_symbol(c, lang).map_or(c.to_string(), str::to_string))
                .unwrap_or_default(),
        ),
        _ => (1.0, "", String::new()),
    }
}

/// The labels of an axis's `ticks` (already in the display unit), all in one format: one
/// scale for every tick (`mil`/`k`, `mi`/`M`, `bi`/`B` chosen by the largest), one number of
/// decimals (as many as the step needs), one `suffix`. 0, 5000, 10000 read `0 mil`, `5 mil`,
/// `10 mil`, never `0`, `5.000`, `10,0 mil`; 0, 0.5, 1 read `0,0`, `0,5`, `1,0`.
pub fn axis_labels(ticks: &[f64], suffix: &str, lang: Lang) -> Vec<String> {
    let top = ticks.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let (scale, name) = if top >= 1e9 {
        (1e9, if lang == Lang::Pt { "\u{a0}bi" } else { "B" })
    } else if top >= 1e6 {
        (1e6, if lang == Lang::Pt { "\u{a0}mi" } else { "M" })
    } else if top >= 1e4 {
        (1e3, if lang == Lang::Pt { "\u{a0}mil" } else { "k" })
    } else {
        (1.0, "")
    };
    let step = ticks
        .windows(2)
        .map(|p| (p[1] - p[0]).abs() / scale)
        .filter(|s| *s > 0.0 && s.is_finite())
        .fold(f64::INFINITY, f64::min);
    // Decimals the step needs: 0.5 → 1, 0.25 → 2, 20 → 0 (at most 6).
    let decimals = if step.is_finite() {
        (0..=6)
            .find(|&d| {
                let q = step * 10f64.powi(d);
                (q - q.round()).abs() < 1e-6 * q.max(1.0)
            })
            .unwrap_or(6) as usize
    } else {
        0
    };
    ticks
        .iter()
        .map(|&v| {
            let n = number(v / scale, decimals, lang);
            let n = if n.starts_with('-') && v / scale == 0.0 {
                n[1..].to_string()
            } else {
                n
            };
            format!("{n}{name}{suffix}")
        })
        .collect()
}

/// A compact axis label: 1234567 → `1,2 mi` / `1.2M`.
pub fn compact(v: f64, lang: Lang) -> String {
    let a = v.abs();
    let (scaled, suffix) = if a >= 1e9 {
        (v / 1e9, if lang == Lang::Pt { "\u{a0}bi" } else { "B" })
    } else if a >= 1e6 {
        (v / 1e6, if lang == Lang::Pt { "\u{a0}mi" } else { "M" })
    } else if a >= 1e4 {
        (v / 1e3, if lang == Lang::Pt { "\u{a0}mil" } else { "k" })
    } else {
        return number(v, if a < 10.0 && v.fract() != 0.0 { 2 } else { 0 }, lang);
    };
    format!("{}{suffix}", number(scaled, 1, lang))
}

/// Text a user wrote (a file name, a header, a cell) with its bidirectional controls shown as
/// `⟨U+202E⟩` instead of obeyed: `tickets\u{202E}vsc.exe` would otherwise display as
/// "ticketsexe.csv". The element holding it isolates it too (`<bdi>`, `unicode-bidi: isolate`),
/// so right-to-left names stay right-to-left without reordering what surrounds them.
pub fn bidi_safe(text: &str) -> String {
    let control = |c: char| matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.contains(control) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if control(c) {
            out.push_str(&format!("⟨U+{:04X}⟩", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_axis_reads_in_one_format() {
        let pt = |t: &[f64], s: &str| axis_labels(t, s, Lang::Pt);
        // One scale and one number of decimals for every tick (was `0`, `5.000`, `10,0 mil`).
        assert_eq!(
            pt(&[0.0, 5000.0, 10000.0, 15000.0], ""),
            ["0\u{a0}mil", "5\u{a0}mil", "10\u{a0}mil", "15\u{a0}mil"]
        );
        assert_eq!(
            axis_labels(&[0.0, 50_000.0, 100_000.0], "", Lang::En),
            ["0k", "50k", "100k"]
        );
        // Half steps: one decimal on every tick (was `0`, `0,50`, `1`, `1,50`).
        assert_eq!(pt(&[0.0, 0.5, 1.0, 1.5], ""), ["0,0", "0,5", "1,0", "1,5"]);
        assert_eq!(
            pt(&[0.0, 20.0, 40.0, 60.0], "%"),
            ["0%", "20%", "40%", "60%"]
        );
        assert_eq!(pt(&[-20.0, 0.0, 20.0], ""), ["-20", "0", "20"]);
        // Rates are percentages; session duration is in minutes, as on its card.
        assert_eq!(
            axis_unit(
                "attraction.lead_conversion_rate",
                Unit::Rate,
                None,
                Lang::Pt
            )
            .0,
            100.0
        );
        assert_eq!(
            axis_unit("loyalty.session_duration", Unit::Hours, None, Lang::En),
            (60.0, "", "min".to_string())
        );
        assert_eq!(
            axis_unit("sales.revenue", Unit::Currency, Some("BRL"), Lang::Pt).2,
            "R$"
        );
    }
    use super::*;

    #[test]
    fn bidi_controls_are_shown_not_obeyed() {
        assert_eq!(
            bidi_safe("tickets\u{202E}vsc.exe"),
            "tickets⟨U+202E⟩vsc.exe"
        );
        assert_eq!(
            bidi_safe("a\u{2066}b\u{2069}\u{200f}"),
            "a⟨U+2066⟩b⟨U+2069⟩⟨U+200F⟩"
        );
        // Right-to-left letters are text, not controls.
        assert_eq!(bidi_safe("طلبات.csv"), "طلبات.csv");
    }

    #[test]
    fn brazilian_money_and_dates() {
        assert_eq!(currency(1234.56, Some("BRL"), Lang::Pt), "R$\u{a0}1.234,56");
        assert_eq!(currency(1234.56, Some("BRL"), Lang::En), "R$1,234.56");
        assert_eq!(currency(-5.0, Some("USD"), Lang::En), "-$5.00");
        assert_eq!(date("2025-03-04", Lang::Pt), "04/03/2025");
        assert_eq!(date("2025-03-04", Lang::En), "Mar 4, 2025");
    }

    #[test]
    fn numbers_group_and_round() {
        assert_eq!(number(1234567.891, 2, Lang::Pt), "1.234.567,89");
        assert_eq!(number(1234567.891, 0, Lang::En), "1,234,568");
        assert_eq!(number(999.0, 0, Lang::Pt), "999");
        assert_eq!(number(-0.001, 1, Lang::Pt), "0,0");
        assert_eq!(percent(0.1234, 1, Lang::Pt), "12,3%");
        assert_eq!(change(-0.04, Lang::En), "−4.0%");
        assert_eq!(change(0.5, Lang::Pt), "+50,0%");
    }

    #[test]
    fn periods_read_naturally() {
        assert_eq!(period("2025-03", Lang::Pt), "mar/2025");
        assert_eq!(period("2025-03", Lang::En), "Mar 2025");
        assert_eq!(period("2025-W09", Lang::En), "W09 2025");
        assert_eq!(period("2025-Q1", Lang::Pt), "1º tri/2025");
        assert_eq!(period("2025", Lang::Pt), "2025");
    }

    #[test]
    fn values_by_unit() {
        assert_eq!(value(Some(0.256), Unit::Rate, None, Lang::Pt), "25,6%");
        assert_eq!(value(Some(3.26), Unit::Hours, None, Lang::En), "3.3\u{a0}h");
        // Sessions in minutes, visit frequency with its unit and two significant digits.
        let d = |v| {
            metric_value(
                "loyalty.session_duration",
                Some(v),
                Unit::Hours,
                None,
                Lang::Pt,
            )
        };
        assert_eq!(d(0.04), "2,4\u{a0}min");
        let f = |v, l| metric_value("loyalty.visit_frequency", Some(v), Unit::Ratio, None, l);
        assert_eq!(f(0.0096, Lang::Pt), "0,0096\u{a0}por semana");
        assert_eq!(f(1.5, Lang::En), "1.50\u{a0}per week");
        assert_eq!(
            metric_value("sales.revenue", None, Unit::Currency, None, Lang::En),
            "—"
        );
        assert_eq!(value(None, Unit::Count, None, Lang::En), "—");
        assert_eq!(value(Some(42.0), Unit::Count, None, Lang::En), "42");
        assert_eq!(compact(1_260_000.0, Lang::Pt), "1,3\u{a0}mi");
    }
}
