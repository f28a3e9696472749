//! Each reason's view in each language, built and converted for Tera once per run and given to
//! every artefact that places the reason (its FAQ entry, the page of each of its codes).
//!
//! Building a reason's view ([`view::FaqReasons::view`]) and converting it into Tera's values
//! costs about as much as rendering a block from it; a reason placed by three pages used to pay
//! it three times. An artefact says how often it places each reason
//! ([`crate::artefacts::placing::PlacesReasons::places`]); a view is kept until it has been
//! given that many times, then dropped. The artefacts ask a reason at a time in the same order
//! ([`crate::artefacts::placing`]), so a view is usually kept for a moment. At most a fixed
//! number of views ([`KEPT`]) are kept per language, whatever the order the artefacts ask in:
//! beyond that a view is made for the one that asks and not kept, so memory stays bounded.
//! What is given never depends on whether it was kept: the value is the same either way.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};

use catalogue::{Catalogue, Reason};

use crate::view;

/// The most views kept at once per language.
const KEPT: usize = 1024;

/// The reasons' views of one run, by language.
pub struct Presented {
    languages: Vec<Language>,
    /// The most views kept at once per language.
    room: usize,
    /// How often each reason is asked for per language, by its address (its place in the
    /// catalogue, which outlives the run).
    asked: HashMap<usize, usize>,
}

struct Language {
    lang: String,
    /// Made when the first view of the language is asked for: a run of artefacts that place
    /// no reason never makes it.
    views: OnceLock<view::FaqReasons>,
    /// The `[ui]` labels, converted once for every template.
    ui: OnceLock<tera::Value>,
    kept: Mutex<Kept>,
}

/// The reasons of one language still to be asked for, and the views kept for them.
#[derive(Default)]
struct Kept {
    /// How many more times each reason will be asked for, and its view if it is kept.
    left: HashMap<usize, (usize, Option<tera::Value>)>,
    /// How many views are kept: at most the room of [`Presented`].
    views: usize,
}

impl Presented {
    /// The views of a run in which each reason is placed `places(reason)` times per language
    /// (by every artefact that places reasons), for each language of the catalogue.
    pub fn new(catalogue: &Catalogue, places: impl Fn(&Reason) -> usize) -> Presented {
        Presented::with_room(catalogue, places, KEPT)
    }

    /// As [`Presented::new`], keeping at most `room` views at once per language.
    pub fn with_room(catalogue: &Catalogue, places: impl Fn(&Reason) -> usize, room: usize) -> Presented {
        let asked = catalogue
            .reasons()
            .iter()
            .map(|reason| (key(reason), places(reason)))
            .filter(|&(_, times)| times > 1)
            .collect();
        let languages = catalogue
            .languages()
            .into_iter()
            .map(|lang| Language {
                lang: lang.to_string(),
                views: OnceLock::new(),
                ui: OnceLock::new(),
                kept: Mutex::default(),
            })
            .collect();
        Presented { languages, room, asked }
    }

    /// The view of `reason` in `lang`, as Tera's value: `r` in a reason's block.
    pub fn reason(&self, catalogue: &Catalogue, lang: &str, reason: &Reason) -> tera::Value {
        let Some(language) = self.languages.iter().find(|l| l.lang == lang) else {
            // A language the catalogue does not have: made for the asker alone.
            return tera::Value::from_serializable(&view::FaqReasons::new(catalogue, lang).view(catalogue, reason));
        };
        let views = || language.views.get_or_init(|| view::FaqReasons::new(catalogue, lang));
        let make = || tera::Value::from_serializable(&views().view(catalogue, reason));
        let key = key(reason);
        let times = self.asked.get(&key).copied().unwrap_or(1);
        if times <= 1 {
            return make();
        }
        let lock = || language.kept.lock().unwrap_or_else(PoisonError::into_inner);
        // This asking counts, whether the view is kept or not.
        let found = {
            let mut kept = lock();
            let (left, value) = kept.left.entry(key).or_insert((times, None));
            *left = left.saturating_sub(1);
            let (left, found) = (*left, value.clone());
            if left == 0 && kept.left.remove(&key).is_some_and(|(_, value)| value.is_some()) {
                kept.views -= 1;
            }
            found
        };
        if let Some(value) = found {
            return value;
        }
        // Made outside the lock, so that other reasons are given meanwhile.
        let value = make();
        let mut kept = lock();
        let room = kept.views < self.room;
        if let Some((_, slot @ None)) = kept.left.get_mut(&key)
            && room
        {
            *slot = Some(value.clone());
            kept.views += 1;
        }
        value
    }

    /// The `[ui]` labels of `lang`, as Tera's value: `ui` in every template.
    pub fn ui(&self, catalogue: &Catalogue, lang: &str) -> tera::Value {
        match self.languages.iter().find(|l| l.lang == lang) {
            Some(language) => language.ui.get_or_init(|| view::ui(catalogue, lang)).clone(),
            None => view::ui(catalogue, lang),
        }
    }

    /// How many views are kept now, in every language.
    pub fn kept(&self) -> usize {
        self.languages.iter().map(|l| l.kept.lock().unwrap_or_else(PoisonError::into_inner).views).sum()
    }
}

/// A reason's identity in one run: its address, which outlives the run.
pub(crate) fn key(reason: &Reason) -> usize {
    std::ptr::from_ref(reason) as usize
}
