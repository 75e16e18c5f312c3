use std::sync::LazyLock;

use super::support::Pattern;

use super::support::{self, re, re_with_words, EXPEDIENT_KIND, RPO};
use super::{Applies, Category, Context, Finding, Rule, RuleMeta, Severity};
use crate::declare_rule;

declare_rule! {
    /// ## What it checks
    /// When the note says it leaves remaining performance obligations out of its RPO disclosure
    /// under a practical expedient ("we have elected the practical expedient", "we do not
    /// disclose"), it must say which one: contracts with an original expected duration of one
    /// year or less (50-14(a)), revenue recognized at the amount the entity has the right to
    /// invoice (50-14(b), 606-10-55-18), or variable consideration such as sales- or usage-based
    /// royalties or consideration allocated to a wholly unsatisfied obligation (50-14A). This
    /// rule flags an expedient statement about performance obligations that names none of them.
    /// It does not judge the 50-14A extras (nature, remaining duration, excluded variable
    /// consideration), which need a reader.
    ///
    /// ## Why
    /// ASC 606-10-50-15 requires an entity that uses the expedients to say which it applies and
    /// whether any consideration is left out of the transaction price, so readers know what the
    /// RPO figure leaves out.
    ///
    /// ## Example that passes
    /// > We have elected the practical expedient not to disclose unsatisfied performance
    /// > obligations for contracts with an original expected length of one year or less.
    ///
    /// ## Reference
    /// ASC 606-10-50-14, 50-14A, 50-15; interim ASC 270-10-50-1A(e).
    pub struct RpoExpedients {
        id: "rpo-expedients",
        reference: "ASC 606-10-50-15",
        category: Category::Requirement,
        applies: Applies { annual: true, interim: true, nonpublic_may_omit: true },
        severity: Severity::Error,
        summary: "An RPO practical expedient is named: which obligations it leaves out.",
    }
}

/// An explicit use of an expedient or exemption (not the mere exclusion of cancellable contracts,
/// which are not remaining obligations at all).
static EXPEDIENT_USE: LazyLock<Pattern> = LazyLock::new(|| {
    re_with_words(
        r"(?i)practical expedient|optional exemption|\bexemption\b|(?:do|does|did|elected|elect|chosen|opted) not (?:to )?disclose|\bomit",
        // Not the "do" the regex crate's prefilter would look for.
        &["practical", "exemption", "disclose", "omit"],
    )
});

static OBLIGATIONS: LazyLock<Pattern> =
    LazyLock::new(|| re(r"(?i)performance obligations?|transaction price|\bRPO\b|backlog"));

impl Rule for RpoExpedients {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let mut gates = [support::Gate::new(cx, &EXPEDIENT_USE)];
        let Some(statement) = support::first_passing(cx, cx.units(), &mut gates, |t| {
            EXPEDIENT_USE.is_match(t) && (OBLIGATIONS.is_match(t) || RPO.is_match(t))
        }) else {
            return;
        };
        // One statement often names the expedient in the next sentence ("... as follows: contracts
        // of one year or less ..."), so a named kind anywhere near an expedient statement meets it.
        let mut gates = [
            support::Gate::new(cx, &EXPEDIENT_USE),
            support::Gate::new(cx, &EXPEDIENT_KIND),
        ];
        let named = support::any_window(cx, 1, &mut gates, |t| {
            EXPEDIENT_USE.is_match(t) && EXPEDIENT_KIND.is_match(t)
        });
        if named {
            return;
        }
        let span = statement.clone();
        let mut f = cx.finding(
            &Self::META,
            span,
            "The note uses a practical expedient for remaining performance obligations without saying which: name \
             it (contracts of one year or less, the right-to-invoice expedient, or excluded variable consideration) \
             and whether any consideration is left out of the transaction price (ASC 606-10-50-15).",
        );
        f.fix = Some(support::insert_sentence(
            cx,
            statement.end,
            "[describe which expedient applies: contracts with an original expected duration of one year or less \
             (ASC 606-10-50-14(a)), revenue recognized at the amount we have the right to invoice (ASC 606-10-50-14(b)), \
             or variable consideration excluded under ASC 606-10-50-14A, and whether any consideration is excluded \
             from the transaction price]",
            Self::META.id,
        ));
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_in_every_match() {
        super::super::support::assert_words_in_every_match(&super::EXPEDIENT_USE);
    }
}
