//! Another product's catalogue, in other languages and with other models, sides and product
//! types, loads and answers lookups without a code change.

use std::path::Path;

#[test]
fn another_products_catalogue_loads_and_answers_lookups() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/other-product.toml");
    let catalogue = catalogue::load(&path).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(catalogue.languages(), ["en", "de"]);
    let models: Vec<&str> = catalogue.models().iter().map(|m| m.key().as_str()).collect();
    assert_eq!(models, ["cloud", "box"], "models keep the order of the file");
    // The same code means different things in different models.
    assert_eq!(catalogue.reasons_with_code("cloud", "7")[0].id(), "cloud-token-expired");
    assert_eq!(catalogue.reasons_with_code("box", "7")[0].id(), "box-disk-full");
    assert_eq!(catalogue.reasons_with_message("Die Festplatte ist voll. (7,8)")[0].id(), "box-disk-full");
    assert_eq!(catalogue.codes(), ["7", "8"]);
}
