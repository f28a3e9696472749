//! The artefacts that place reasons (the FAQ, the code pages), rendered a language at a time
//! and a reason at a time, side by side.
//!
//! Each language is rendered on a thread of its own. There, every artefact that places reasons
//! begins its work for the language ([`PlacesReasons::begin`]), is given each reason in the
//! FAQ's order ([`Placing::reason`]), and finishes. All of them ask for a reason's view
//! ([`crate::presented`]) at about the same moment, on the same thread, so the view is made
//! once, used while it is fresh in the cache, and dropped: only a few views are alive at a
//! time, whatever the catalogue's size.

use catalogue::Reason;

use super::Input;
use crate::output::{GenerateError, Sink};

/// An artefact that places reasons.
pub trait PlacesReasons: Sync {
    /// How many times it places `reason`'s view in each language.
    fn places(&self, reason: &Reason) -> usize;

    /// Begins its work for one language: whatever comes before the first reason.
    fn begin<'a>(
        &self,
        input: &'a Input<'a>,
        lang: &'a str,
        sink: &'a dyn Sink,
    ) -> Result<Box<dyn Placing<'a> + 'a>, GenerateError>;
}

/// One artefact's work for one language, given the reasons one by one.
pub trait Placing<'a> {
    /// Renders what comes up to and with `reason`, and gives the sink what is whole.
    fn reason(&mut self, reason: &'a Reason) -> Result<(), GenerateError>;

    /// Renders the rest, and gives the sink its last files.
    fn finish(self: Box<Self>) -> Result<(), GenerateError>;
}

/// Renders these artefacts' files, each language on a thread of its own; the first error in
/// the order of the languages is the one reported, whichever thread met it first.
pub fn render(input: &Input<'_>, sink: &dyn Sink, artefacts: &[&dyn PlacesReasons]) -> Result<(), GenerateError> {
    std::thread::scope(|scope| spawn(scope, input, sink, artefacts, &|| {}).join())
}

/// Starts rendering these artefacts' files, each language on a thread of `scope`, and returns
/// at once: the caller may do other work before it [joins](Languages::join) them. Each thread
/// runs `afterwards` once its language is done (the languages seldom cost the same, and the
/// first one done can take other work off the last).
pub fn spawn<'scope, 'env>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    input: &'env Input<'env>,
    sink: &'env dyn Sink,
    artefacts: &'env [&'env dyn PlacesReasons],
    afterwards: &'env (dyn Fn() + Sync),
) -> Languages<'scope> {
    if artefacts.is_empty() {
        return Languages(Vec::new());
    }
    let languages = input.catalogue.languages();
    let thread = move |lang| {
        let placed = language(input, lang, sink, artefacts);
        afterwards();
        placed
    };
    Languages(languages.iter().map(|&lang| scope.spawn(move || thread(lang.as_str()))).collect())
}

/// The language threads [`spawn`] started.
pub struct Languages<'scope>(Vec<std::thread::ScopedJoinHandle<'scope, Result<(), GenerateError>>>);

impl Languages<'_> {
    /// Waits for every language: the first error in the order of the languages.
    pub fn join(self) -> Result<(), GenerateError> {
        let per_language: Vec<Result<(), GenerateError>> =
            self.0.into_iter().map(|w| w.join().expect("a render thread panicked")).collect();
        per_language.into_iter().collect()
    }
}

/// One language: each reason in the FAQ's order (model by model) given to every artefact in
/// turn.
fn language<'a>(
    input: &'a Input<'a>,
    lang: &'a str,
    sink: &'a dyn Sink,
    artefacts: &[&dyn PlacesReasons],
) -> Result<(), GenerateError> {
    let mut placings = artefacts.iter().map(|a| a.begin(input, lang, sink)).collect::<Result<Vec<_>, _>>()?;
    let catalogue = input.catalogue;
    for model in catalogue.models() {
        for reason in catalogue.reasons_of(model.key()) {
            for placing in &mut placings {
                placing.reason(reason)?;
            }
        }
    }
    placings.into_iter().try_for_each(|placing| placing.finish())
}
