//! Any bytes given to the loader and validator give findings, never a panic or a hang:
//! mutated copies of real scenario files, fed through the whole check.

use frontline::domain::rubric::Rubric;
use frontline::domain::validate::check_bytes;
use proptest::prelude::*;

fn seeds() -> Vec<Vec<u8>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![std::fs::read(root.join("tests/fixtures/valid/parcel-mixup.toml")).unwrap()];
    if let Ok(dir) = std::fs::read_dir(root.join("scenarios")) {
        for entry in dir.flatten().take(3) {
            out.push(std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    ReplaceByte(usize, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (
            any::<usize>(),
            proptest::collection::vec(any::<u8>(), 1..12)
        )
            .prop_map(|(a, b)| Mutation::Insert(a, b)),
        (
            any::<usize>(),
            prop::sample::select(b"[]{}=\"'#\n,.-0x".to_vec())
        )
            .prop_map(|(a, b)| Mutation::ReplaceByte(a, b)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    let len = bytes.len();
    match m {
        Mutation::Delete(at, n) => {
            let at = at % len;
            bytes.drain(at..(at + n).min(len));
        }
        Mutation::Insert(at, b) => {
            let at = at % len;
            bytes.splice(at..at, b.iter().copied());
        }
        Mutation::ReplaceByte(at, b) => bytes[at % len] = *b,
        Mutation::DuplicateLine(i) | Mutation::SwapLines(i, _) => {
            let mut lines: Vec<Vec<u8>> =
                bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
            let n = lines.len();
            if let Mutation::SwapLines(_, j) = m {
                lines.swap(i % n, j % n);
            } else {
                let line = lines[i % n].clone();
                lines.insert(i % n, line);
            }
            *bytes = lines.join(&b'\n');
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn mutated_scenarios_never_panic(
        which in any::<usize>(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let seeds = seeds();
        let rubric = Rubric::builtin();
        let mut bytes = seeds[which % seeds.len()].clone();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let checked = check_bytes(&bytes, &rubric);
        // A refused file always says why.
        prop_assert!(checked.scenario.is_some() || checked.has_errors());
        for f in &checked.findings {
            if let Some(span) = &f.span {
                prop_assert!(span.start <= checked.text.len());
            }
        }
    }
}
