//! The real catalogue loads cleanly and says what the vendor's page says: per model, the same
//! reasons in the same order, with the same Japanese messages and codes.

use std::path::Path;

use catalogue::Catalogue;

fn real() -> Catalogue {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalogue/auth-errors.toml");
    catalogue::load(&path).unwrap_or_else(|problems| panic!("the real catalogue has problems:\n{problems}"))
}

/// A message with its codes, as the page lists it.
type Listed = Vec<(String, Vec<String>)>;

/// Every `「message」(codes)` of the seed page, split into the Neo part and the legacy part.
fn seed_messages() -> (Listed, Listed) {
    let page = include_str!("../../../catalogue/sources/s-ja.txt");
    let legacy_heading = "「マジックコネクト(従来モデル)」認証エラーの理由と対処方法の一覧";
    let split = page.find(legacy_heading).expect("the seed page has the legacy heading");
    (messages_in(&page[..split]), messages_in(&page[split + legacy_heading.len()..]))
}

fn messages_in(text: &str) -> Listed {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(close) = rest.find("」(") {
        let after = &rest[close + "」(".len()..];
        let end = after.find(')').unwrap_or(0);
        let codes = &after[..end];
        if end > 0 && codes.chars().all(|c| c.is_ascii_digit() || c == ',') {
            let open = rest[..close].rfind('「').expect("an opening bracket");
            let message = rest[open + '「'.len_utf8()..close].to_string();
            found.push((message, codes.split(',').map(str::to_string).collect()));
        }
        rest = &after[end..];
    }
    found
}

fn listed(catalogue: &Catalogue, model: &str) -> Listed {
    catalogue
        .reasons_of(&catalogue::ModelKey::from(model))
        .map(|r| (r.message.tr("ja").to_string(), r.codes().map(|c| c.to_string()).collect()))
        .collect()
}

#[test]
fn each_model_lists_the_pages_reasons_in_order_with_exact_messages_and_codes() {
    let catalogue = real();
    let (neo, legacy) = seed_messages();
    assert_eq!(neo.len(), 8, "the seed's Neo list");
    assert_eq!(legacy.len(), 20, "the seed's legacy list");
    assert_eq!(listed(&catalogue, "neo"), neo);
    assert_eq!(listed(&catalogue, "legacy"), legacy);
    assert_eq!(catalogue.reasons().len(), 28);
}

#[test]
fn every_text_is_in_japanese_and_english() {
    let catalogue = real();
    assert_eq!(catalogue.languages(), ["ja", "en"]);
    for reason in catalogue.reasons() {
        for lang in ["ja", "en"] {
            assert!(!reason.message.tr(lang).is_empty(), "{} message in {lang}", reason.id());
            assert!(!reason.remedy.get_ref().is_empty(), "{} has a remedy", reason.id());
            for step in reason.remedy.get_ref() {
                assert!(!step.text.tr(lang).trim().is_empty(), "{} remedy in {lang}", reason.id());
                assert!(!step.text.tr(lang).contains("TODO"), "{} has a placeholder", reason.id());
            }
        }
    }
}

#[test]
fn shared_codes_resolve_to_all_their_reasons() {
    let catalogue = real();
    let ids = |model: &str, code: &str| -> Vec<String> {
        catalogue.reasons_with_code(model, code).iter().map(|r| r.id().to_string()).collect()
    };
    assert_eq!(ids("neo", "110200"), ["neo-viewer-password-mismatch", "neo-client-password-mismatch"]);
    assert_eq!(ids("legacy", "110200"), ["legacy-viewer-password-mismatch", "legacy-client-password-mismatch"]);
    assert_eq!(ids("legacy", "60100"), ["legacy-ex-s-not-allowed", "legacy-client-not-allowed"]);
    assert_eq!(
        ids("legacy", "140200"),
        ["legacy-quarantine-viewer-not-allowed", "legacy-viewer-without-quarantine-not-allowed"]
    );
    assert!(ids("neo", "60100").is_empty(), "60100 is not a Neo code");
    // One reason, three codes.
    for code in ["170400", "180200", "190500"] {
        assert_eq!(ids("legacy", code), ["legacy-device-auth-mismatch"]);
    }
    assert_eq!(ids("neo", "190500"), ["neo-device-auth-mismatch"]);
    let by_model: Vec<(&str, usize)> =
        catalogue.reasons_with_code_in_any_model("110200").iter().map(|(m, r)| (m.key().as_str(), r.len())).collect();
    assert_eq!(by_model, [("neo", 2), ("legacy", 2)]);
}

#[test]
fn reasons_are_found_by_message_in_either_language_with_or_without_the_code() {
    let catalogue = real();
    let ids = |text: &str| -> Vec<String> {
        catalogue.reasons_with_message(text).iter().map(|r| r.id().to_string()).collect()
    };
    let both = ["neo-ip-address-denied", "legacy-ip-address-denied"];
    assert_eq!(ids("IPアドレス制限により接続が拒否されました。"), both);
    assert_eq!(ids("「IPアドレス制限により接続が拒否されました。」(40200)"), both);
    // The English message, whatever its wording today.
    let english = catalogue.reason("neo-ip-address-denied").unwrap().message.tr("en");
    assert_eq!(ids(&format!("{english} (40200)")), both);
    assert_eq!(
        ids(
            "サーバに登録されている端末認証情報と接続元端末の当該情報が異なるので接続できません。(170400,180200,190500)"
        ),
        ["neo-device-auth-mismatch", "legacy-device-auth-mismatch"]
    );
    assert!(ids("Something else entirely.").is_empty());
    assert_eq!(catalogue.reason("legacy-multiple-clients").map(|r| r.side().as_str()), Some("client"));
    assert!(catalogue.reason("no-such-reason").is_none());
}

#[test]
fn the_not_an_error_reason_says_so() {
    let catalogue = real();
    let reason = catalogue.reasons_with_code("legacy", "200200")[0];
    // The vendor page's own words, first, as the page has them.
    assert_eq!(reason.remedy.get_ref()[0].text.tr("ja"), "エラーではありません。");
}

#[test]
fn the_quarantine_remedy_is_split_by_product_type() {
    let catalogue = real();
    let reason = catalogue.reason("legacy-quarantine-viewer-not-allowed").unwrap();
    let conditions: Vec<Vec<&str>> = reason
        .remedy
        .get_ref()
        .iter()
        .map(|step| step.applies_to.iter().map(|t| t.get_ref().as_str()).collect())
        .collect();
    assert_eq!(
        conditions,
        [vec!["usb", "fingerprint"], vec!["terminal-auth"], vec!["mobile-windows"], vec!["mobile-mac"]]
    );
}

#[test]
fn the_compiled_tables_match_the_catalogue() {
    use catalogue::tables;
    let catalogue = real();
    assert_eq!(tables::REASONS.len(), catalogue.reasons().len(), "run `cargo xtask generate`");
    for (compiled, reason) in tables::REASONS.iter().zip(catalogue.reasons()) {
        assert_eq!(compiled.id, reason.id());
        assert_eq!(compiled.model, reason.model());
        let codes: Vec<String> = compiled.codes.iter().map(ToString::to_string).collect();
        assert_eq!(codes, reason.codes().map(|c| c.as_str()).collect::<Vec<_>>());
        assert_eq!(compiled.message("ja"), Some(reason.message.tr("ja")));
        assert_eq!(compiled.message("en"), Some(reason.message.tr("en")));
    }
    let shared: Vec<&str> = tables::reasons_with_code("legacy", tables::CODE_60100).map(|r| r.id).collect();
    assert_eq!(shared, ["legacy-ex-s-not-allowed", "legacy-client-not-allowed"]);
    assert_eq!(tables::reason("neo-ip-address-denied").map(|r| r.codes), Some(&[tables::CODE_40200][..]));
    assert_eq!(tables::NEO_VIEWER_PASSWORD_MISMATCH.message("fr"), None);
}
