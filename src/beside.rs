//! Two tasks side by side, on two threads. The library starts no thread of its
//! own: it asks for a second one through `Workers::beside` (the merge builds its
//! workbook beside writing `tong-hop.json`) and `vanban_docx::Beside` (the engine
//! checks a large document beside compressing it), and this is the answer.

use vanban::docx::Beside;

/// Runs `side` on a new thread while `main` runs on this one, and returns when
/// both are done. A panic on the side thread carries on in this one.
pub fn run(side: &mut (dyn FnMut() + Send), main: &mut dyn FnMut()) {
    std::thread::scope(|scope| {
        let handle = scope.spawn(side);
        main();
        if let Err(panic) = handle.join() {
            std::panic::resume_unwind(panic);
        }
    });
}

/// The engine's second thread on this machine: there where it has two cores or
/// more, none on one.
pub fn for_render() -> Beside {
    if std::thread::available_parallelism().map_or(1, usize::from) >= 2 {
        Beside::new(run)
    } else {
        Beside::sequential()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use vanban::docx::fixture::{Docx, p, part, r, table};

    /// A document over the engine's 1 MB is checked on the second thread while it
    /// is compressed on this one: the same bytes as on one thread.
    #[test]
    fn a_large_document_is_the_same_with_its_check_on_a_second_thread() {
        let template = Docx::new(table(
            &[3000, 3000],
            &[
                vec![p(&r("{%tr for u in units %}"))],
                vec![p(&r("{{ u.ten }}")), p(&r("{{ u.so }}"))],
                vec![p(&r("{%tr endfor %}"))],
            ],
        ))
        .build();
        let units: Vec<_> = (0..6000)
            .map(|i| json!({"ten": format!("Công đoàn cơ sở số {i} & <con>"), "so": i}))
            .collect();
        let data = json!({ "units": units });
        let render = |beside: Beside| {
            let opts = vanban::docx::RenderOptions {
                beside,
                ..vanban::filters::options()
            };
            vanban::docx::render(&template, &data, &opts).expect("render")
        };
        let two = render(Beside::new(run));
        let one = render(Beside::sequential());
        assert_eq!(two, one);
        let xml = part(&two.bytes, "word/document.xml").expect("document.xml");
        assert!(
            xml.len() > 1 << 20,
            "{} bytes: under the engine's 1 MB",
            xml.len()
        );
        assert!(xml.contains("Công đoàn cơ sở số 5999 &amp; &lt;con&gt;"));
    }
}
