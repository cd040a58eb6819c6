//! What the badges say of an item (免申即享, its widest 通办 scope, 全程网办, 仅供查看): data the
//! list's cards, the guide and the guide's static markup in a shared link all read.

use super::{Channel, Item, Scope};

/// What the badges say of an item: 免申即享, its widest 通办 scope, 全程网办, 仅供查看.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Badges {
    pub no_application: bool,
    /// 跨省通办 or 省内通办 (全市通办 gets no badge).
    pub scope: Option<Scope>,
    pub online: bool,
    pub applicable: bool,
}

impl Badges {
    /// From the item's facts.
    pub fn of(item: &Item) -> Self {
        Self::from_facts(
            item.no_application.is_true(),
            &item.scopes,
            item.channels.known().map(Vec::as_slice),
            item.applicable.is_true(),
        )
    }

    pub fn from_facts(
        no_application: bool,
        scopes: &[Scope],
        // The channels where known.
        channels: Option<&[Channel]>,
        applicable: bool,
    ) -> Self {
        let scope = [Scope::CrossProvince, Scope::InProvince]
            .into_iter()
            .find(|s| scopes.contains(s));
        Self {
            no_application,
            scope,
            online: channels.is_some_and(|c| c.contains(&Channel::Online)),
            applicable,
        }
    }

    /// The badges in the order shown: 免申即享 / 跨省通办 or 省内通办 / 全程网办 / 仅供查看.
    pub fn labels(self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.no_application {
            out.push("免申即享");
        }
        match self.scope {
            Some(Scope::CrossProvince) => out.push("跨省通办"),
            Some(Scope::InProvince) => out.push("省内通办"),
            _ => {}
        }
        if self.online {
            out.push("全程网办");
        }
        if !self.applicable {
            out.push("仅供查看");
        }
        out
    }
}
