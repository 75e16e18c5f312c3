//! Arbitrary UTF-8 → `analyze` (reader, facts, rules). The first byte picks the input kind and
//! the configuration (form, period end, entity) so annual, interim and nonpublic rule paths are
//! all reached; the rest is the note (seeds: `scripts/fuzz-seeds.sh`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use revlint::config::{Entity, Form};
use revlint::date::Date;
use revlint::{analyze, Config, Input};

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let config = Config {
        form: match (flags >> 1) & 3 {
            1 => Some(Form::TenK),
            2 => Some(Form::TenQ),
            _ => None,
        },
        period_end: match (flags >> 3) & 3 {
            1 => Date::new(2023, 6, 30),
            2 => Date::new(2024, 12, 31),
            _ => None,
        },
        entity: if flags & 0x20 != 0 {
            Entity::Nonpublic
        } else {
            Entity::Public
        },
        ..Config::default()
    };
    let a = analyze(
        text,
        Input {
            markdown: flags & 1 != 0,
        },
        &config,
    );
    for f in &a.facts {
        assert!(text.get(f.span.clone()).is_some(), "fact span {:?}", f.span);
        // The JSON contract writes values as numbers: no NaN or infinity.
        assert!(f.value.is_finite(), "fact value {} for {:?}", f.value, f.text(text));
        if let Some(p) = f.parent {
            assert!(p < a.facts.len(), "fact parent {p} out of range");
        }
    }
    for f in &a.findings {
        assert!(text.get(f.span.clone()).is_some(), "finding span {:?}", f.span);
        for r in &f.related {
            assert!(text.get(r.span.clone()).is_some(), "related span {:?}", r.span);
        }
    }
});
