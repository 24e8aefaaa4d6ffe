//! The built-in scenario library (`scenarios/*.json`): one scenario per story of the source
//! documents, each with a name and a paragraph of explanation. Natively the files are embedded
//! at build time; the browser lab fetches them from beside the app (`NAMES`), which keeps them
//! out of the wasm bundle.

#[cfg(test)]
use super::scenario;

include!(concat!(env!("OUT_DIR"), "/library.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_library_scenario_parses_holds_and_explains_itself() {
        assert!(FILES.len() >= 10);
        for (file, text) in FILES {
            let s = scenario::parse(text).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert!(
                s.name.is_some() && s.description.as_ref().is_some_and(|d| d.len() > 80),
                "{file} needs a name and a paragraph"
            );
            let outcome = super::super::runner::run(&s);
            assert!(outcome.failures.is_empty(), "{file}: {:?}", outcome.failures);
        }
        assert_eq!(NAMES.len(), FILES.len());
    }
}
