//! `PrivateText`: the one type personal data lives in.
//!
//! Respondents' answers, mentees' e-mail addresses and applicants' details
//! are held in it from the moment they are read. It implements neither
//! `Serialize` nor `Display`, and its `Debug` hides the value, so no
//! template context, JSON file or log line can carry it by accident; code
//! that really needs the text calls [`PrivateText::expose`], and those call
//! sites are the privacy review list.

use serde::Serialize;
use std::fmt;

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PrivateText(String);

impl PrivateText {
    pub fn new(text: impl Into<String>) -> Self {
        PrivateText(text.into())
    }

    /// The private value.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for PrivateText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateText(..)")
    }
}

// Fails to compile if someone adds `Serialize` or `Display` to `PrivateText`
// (the trick of `static_assertions::assert_not_impl_any!`): with a second
// impl the type parameter below becomes ambiguous.
const _: fn() = || {
    trait AmbiguousIfImpl<A> {
        fn some_item() {}
    }
    impl<T: ?Sized> AmbiguousIfImpl<()> for T {}
    struct IfSerialize;
    impl<T: ?Sized + Serialize> AmbiguousIfImpl<IfSerialize> for T {}
    struct IfDisplay;
    impl<T: ?Sized + fmt::Display> AmbiguousIfImpl<IfDisplay> for T {}
    let _ = <PrivateText as AmbiguousIfImpl<_>>::some_item;
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_value() {
        assert_eq!(
            format!("{:?}", PrivateText::new("ada@example.org")),
            "PrivateText(..)"
        );
    }
}
