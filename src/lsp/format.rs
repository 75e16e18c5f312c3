//! How the server writes figures for people: `$791,400,000`, `$514.4 million`, `65%`.

/// Every digit, with thousands separators: `$791,400,000`; cents only when there are any.
pub fn dollars(value: f64) -> String {
    if !value.is_finite() {
        return format!("${value}");
    }
    let negative = value < 0.0;
    let cents_total = (value.abs() * 100.0).round();
    let whole = (cents_total / 100.0).trunc();
    let cents = (cents_total - whole * 100.0) as u64;
    let digits = format!("{whole:.0}");
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if negative { "-" } else { "" };
    if cents == 0 {
        format!("{sign}${grouped}")
    } else {
        format!("{sign}${grouped}.{cents:02}")
    }
}

/// Rounded the way a note writes it: `$514.4 million`, `$1.2 billion`, `$87,500`.
pub fn short_dollars(value: f64) -> String {
    let abs = value.abs();
    let sign = if value < 0.0 { "-" } else { "" };
    if abs >= 1e9 {
        format!("{sign}${:.1} billion", abs / 1e9)
    } else if abs >= 1e6 {
        format!("{sign}${:.1} million", abs / 1e6)
    } else {
        dollars(value.round())
    }
}

/// A fraction as a percentage: 0.65 → `65%`, 0.125 → `12.5%`.
pub fn percent(fraction: f64) -> String {
    let p = fraction * 100.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{p:.0}%")
    } else {
        let s = format!("{p:.2}");
        format!("{}%", s.trim_end_matches('0').trim_end_matches('.'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_figures() {
        assert_eq!(dollars(791_400_000.0), "$791,400,000");
        assert_eq!(dollars(999.0), "$999");
        assert_eq!(dollars(1234.5), "$1,234.50");
        assert_eq!(dollars(-152_700.0), "-$152,700");
        assert_eq!(short_dollars(0.65 * 791_400_000.0), "$514.4 million");
        assert_eq!(short_dollars(2_500_000_000.0), "$2.5 billion");
        assert_eq!(short_dollars(87_500.0), "$87,500");
        assert_eq!(percent(0.65), "65%");
        assert_eq!(percent(0.125), "12.5%");
    }
}
