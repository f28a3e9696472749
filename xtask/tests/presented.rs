//! A reason's view is made once for every artefact that places it: what is given is the view
//! made afresh, whether it was kept or not; nothing is kept once every asking is answered; and
//! no more views are kept than the room allows, whatever the order of the askings.

mod common;

use catalogue::Catalogue;
use xtask::artefacts::{self, placing::PlacesReasons};
use xtask::presented::Presented;
use xtask::view::FaqReasons;

fn fixture() -> Catalogue {
    catalogue::load_source(catalogue::SourceFile::new("catalogue/auth-errors.toml", common::fixture_text().as_str()))
        .unwrap_or_else(|p| panic!("{p}"))
}

/// How many times the project's artefacts ask for each reason's view per language.
fn asked(catalogue: &Catalogue) -> Vec<usize> {
    let placing: Vec<&dyn PlacesReasons> = artefacts::ALL.iter().filter_map(|a| a.places_reasons()).collect();
    assert!(!placing.is_empty(), "some artefact places reasons");
    catalogue.reasons().iter().map(|r| placing.iter().map(|a| a.places(r)).sum()).collect()
}

/// How many times these artefacts place a reason per language.
fn places_in(artefacts: &[&dyn artefacts::Artefact]) -> impl Fn(&catalogue::Reason) -> usize {
    let placing: Vec<&dyn PlacesReasons> = artefacts.iter().filter_map(|a| a.places_reasons()).collect();
    move |reason| placing.iter().map(|a| a.places(reason)).sum()
}

/// Asks for every view as often as the artefacts will, in an order that keeps as many as it
/// can: each reason once, then every reason's other askings. Checks each value against the
/// view made afresh, and returns the most views kept at any moment.
fn ask_everything(catalogue: &Catalogue, presented: &Presented) -> usize {
    let times = asked(catalogue);
    let mut most = 0;
    for lang in catalogue.languages() {
        let views = FaqReasons::new(catalogue, lang.as_str());
        for round in 0..times.iter().copied().max().unwrap_or(0) {
            for (reason, &times) in catalogue.reasons().iter().zip(&times) {
                if round >= times {
                    continue;
                }
                let given = presented.reason(catalogue, lang.as_str(), reason);
                let afresh = tera::Value::from_serializable(&views.view(catalogue, reason));
                assert!(given == afresh, "{lang} {}: the view given is not the view made afresh", reason.id());
                most = most.max(presented.kept());
            }
        }
    }
    most
}

#[test]
fn every_view_given_is_the_one_made_afresh_and_none_is_kept_once_all_are_given() {
    let catalogue = fixture();
    assert!(asked(&catalogue).iter().any(|&t| t > 1), "some reason is placed more than once");
    let presented = Presented::new(&catalogue, places_in(artefacts::ALL));
    let most = ask_everything(&catalogue, &presented);
    assert!(most > 0, "views are kept between askings");
    assert_eq!(presented.kept(), 0, "every view is dropped after its last asking");
}

#[test]
fn no_more_views_are_kept_than_the_room_allows() {
    let catalogue = fixture();
    for room in [0, 1, 3] {
        let presented = Presented::with_room(&catalogue, places_in(artefacts::ALL), room);
        let most = ask_everything(&catalogue, &presented);
        // The room is per language; this order fills one language's before the next, and
        // would keep every reason's view were there no limit.
        assert_eq!(most, room, "room {room}: {most} views kept at once");
        assert_eq!(presented.kept(), 0, "room {room}: every view is dropped after its last asking");
    }
}
