//! `vanban van-ban FILE.txt [-o OUT.docx] [--pdf]`: any official document from its
//! source; `vanban van-ban --mau TYPE FILE.txt` starts a new source of that type.

use std::path::{Path, PathBuf};

use vanban::van_ban::{KINDS, Kind};
use vanban::workflow::{self, VanBanOptions};

use super::disk::DiskFolder;
use super::{CmdResult, Failure, conclude, say};

/// Arguments of `vanban van-ban`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The document's source (a text file: header, a `---` line, the body).
    pub file: PathBuf,
    /// Where to write the document [default: FILE with .docx].
    #[arg(short, long, value_name = "OUT.docx")]
    pub output: Option<PathBuf>,
    /// Also write the PDF beside it, through LibreOffice (must be installed).
    #[arg(long)]
    pub pdf: bool,
    /// Start a new source of this type instead (cong-van, quyet-dinh, ke-hoach,
    /// bao-cao, thong-bao, to-trinh, giay-moi, bien-ban, chi-thi, huong-dan,
    /// nghi-quyet, chuong-trinh…); an existing file is never replaced.
    #[arg(long, value_name = "LOẠI")]
    pub mau: Option<String>,
    /// Limits on a document's own template.
    #[command(flatten)]
    pub limits: super::limits::LimitArgs,
}

fn parent(file: &Path) -> PathBuf {
    let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    absolute
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Runs `vanban van-ban`.
pub fn run(args: Args) -> CmdResult {
    let m = crate::i18n::current();
    if let Some(written) = &args.mau {
        let Some(kind) = Kind::find(written) else {
            let known: Vec<&str> = KINDS.iter().map(|k| k.slug).collect();
            return Err(Failure::input(m.text(
                "say-van-ban-unknown-type",
                &[
                    ("type", written.as_str().into()),
                    ("known", known.join(", ").into()),
                ],
            )));
        };
        if args.file.exists() {
            return Err(Failure::input(m.text(
                "say-van-ban-exists",
                &[("file", args.file.display().to_string().into())],
            )));
        }
        super::fsio::write_atomic(&args.file, vanban::van_ban::starter(kind).as_bytes())?;
        say(m.text(
            "say-van-ban-started",
            &[
                ("file", args.file.display().to_string().into()),
                ("type", kind.slug.into()),
            ],
        ));
        return Ok(super::Outcome::Success);
    }
    let dir = parent(&args.file);
    let folder = DiskFolder::new(&dir);
    let source = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let output = match &args.output {
        Some(p) => std::path::absolute(p)
            .unwrap_or_else(|_| p.clone())
            .display()
            .to_string(),
        None => Path::new(&source)
            .with_extension("docx")
            .display()
            .to_string(),
    };
    let options = VanBanOptions {
        source,
        output,
        limits: args.limits.limits(),
    };
    let outcome = workflow::van_ban(&folder, &options);
    let result = conclude(
        &outcome.diagnostics,
        &super::words::Context { campaign: None },
    );
    let Some(made) = &outcome.output else {
        return result;
    };
    let path = folder.path(&made.path);
    say(m.text(
        "say-van-ban-wrote",
        &[
            ("file", path.display().to_string().into()),
            (
                "number",
                if made.number.is_empty() {
                    "none"
                } else {
                    made.number.as_str()
                }
                .into(),
            ),
        ],
    ));
    if args.pdf {
        let pdf = super::report::convert_to_pdf(&path, "say-render-pdf-no-libreoffice")?;
        say(m.text(
            "say-pdf-wrote",
            &[("file", pdf.display().to_string().into())],
        ));
    }
    result
}
