//! Configuration: what the period is when the text does not say, which entity rules apply, and
//! how each rule reports. Parsed from `revlint.toml`; CLI flags and editor settings override it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::date::Date;
use crate::rules::Severity;

pub const CONFIG_FILE: &str = "revlint.toml";

/// The filing form, which fixes annual (10-K) or interim (10-Q) requirements.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Form {
    #[serde(rename = "10-K", alias = "10k", alias = "10-k", alias = "10K")]
    TenK,
    #[serde(rename = "10-Q", alias = "10q", alias = "10-q", alias = "10Q")]
    TenQ,
}

impl Form {
    pub fn parse(s: &str) -> Option<Form> {
        match s.trim().to_ascii_uppercase().replace('-', "").as_str() {
            "10K" => Some(Form::TenK),
            "10Q" => Some(Form::TenQ),
            _ => None,
        }
    }
}

/// Public business entities must give every ASC 606 disclosure; nonpublic entities may elect to
/// omit some (ASC 606-10-50-7, 50-11, 50-16, 50-21, 50-23; 340-40-50-4, 50-6).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Entity {
    #[default]
    Public,
    Nonpublic,
}

/// A rule's configured level: a severity, or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleLevel {
    Off,
    On(Severity),
}

impl RuleLevel {
    pub fn parse(s: &str) -> Option<RuleLevel> {
        match s.trim().to_ascii_lowercase().as_str() {
            "off" | "none" | "allow" => Some(RuleLevel::Off),
            other => Severity::parse(other).map(RuleLevel::On),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    pub form: Option<Form>,
    pub period_end: Option<Date>,
    pub entity: Entity,
    /// Per-rule overrides, by rule id.
    pub rules: BTreeMap<String, RuleLevel>,
    /// Globs (matched against the file path) for which documents are revenue notes.
    /// Empty means the defaults of the shell that uses it.
    pub include: Vec<String>,
}

/// The file's shape. Unknown keys are errors so a typo does not silently do nothing.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    form: Option<String>,
    period_end: Option<String>,
    entity: Option<Entity>,
    #[serde(default)]
    rules: BTreeMap<String, String>,
    #[serde(default)]
    include: Vec<String>,
}

impl Config {
    /// Parses the text of a `revlint.toml`. The error says what is wrong and where.
    pub fn from_toml(text: &str) -> Result<Config, String> {
        let file: ConfigFile = toml::from_str(text).map_err(|e| e.to_string().trim_end().to_string())?;
        let form = match file.form {
            Some(f) => Some(Form::parse(&f).ok_or_else(|| format!("form = {f:?}: expected \"10-K\" or \"10-Q\""))?),
            None => None,
        };
        let period_end = match file.period_end {
            Some(p) => {
                Some(Date::parse_iso(&p).ok_or_else(|| format!("period_end = {p:?}: expected a date as YYYY-MM-DD"))?)
            }
            None => None,
        };
        let mut rules = BTreeMap::new();
        for (id, level) in file.rules {
            if crate::rules::find(&id).is_none() {
                return Err(format!("[rules] {id:?}: no such rule (see `revlint rules`)"));
            }
            let level = RuleLevel::parse(&level).ok_or_else(|| {
                format!("[rules] {id} = {level:?}: expected \"error\", \"warning\", \"info\", \"hint\" or \"off\"")
            })?;
            rules.insert(id, level);
        }
        Ok(Config {
            form,
            period_end,
            entity: file.entity.unwrap_or_default(),
            rules,
            include: file.include,
        })
    }

    /// Values set in `other` win over this config's.
    pub fn overlay(&mut self, other: &Config) {
        if other.form.is_some() {
            self.form = other.form;
        }
        if other.period_end.is_some() {
            self.period_end = other.period_end;
        }
        if other.entity != Entity::default() {
            self.entity = other.entity;
        }
        for (k, v) in &other.rules {
            self.rules.insert(k.clone(), *v);
        }
        if !other.include.is_empty() {
            self.include = other.include.clone();
        }
    }
}

/// The `revlint.toml` in `dir` or its nearest parent that has one.
pub fn find_config_file(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().map(|d| d.join(CONFIG_FILE)).find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_file() {
        let c = Config::from_toml(
            "form = \"10-Q\"\nperiod_end = \"2025-06-30\"\nentity = \"nonpublic\"\ninclude = [\"notes/*.md\"]\n[rules]\nplaceholder = \"warning\"\n",
        )
        .unwrap();
        assert_eq!(c.form, Some(Form::TenQ));
        assert_eq!(c.period_end, Date::new(2025, 6, 30));
        assert_eq!(c.entity, Entity::Nonpublic);
        assert_eq!(RuleLevel::parse("off"), Some(RuleLevel::Off));
        assert_eq!(c.rules["placeholder"], RuleLevel::On(Severity::Warning));
    }

    #[test]
    fn errors_name_the_key() {
        assert!(Config::from_toml("form = \"8-K\"").unwrap_err().contains("form"));
        assert!(Config::from_toml("period_end = \"June\"")
            .unwrap_err()
            .contains("period_end"));
        assert!(Config::from_toml("[rules]\nno-such-rule = \"off\"")
            .unwrap_err()
            .contains("no-such-rule"));
        assert!(Config::from_toml("colour = 1").unwrap_err().contains("colour"));
    }
}
