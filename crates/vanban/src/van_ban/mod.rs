//! Any official document (`vanban van-ban`): the document model of Nghị định
//! 30/2020/NĐ-CP (Phụ lục I and III) — công văn, quyết định, thông báo, giấy mời, tờ
//! trình, biên bản, kế hoạch, báo cáo, chỉ thị, hướng dẫn, nghị quyết… — from one
//! text file a clerk writes ([`source`]), laid out ([`layout`]) and filled into the
//! built-in Word template (`templates/van-ban.docx`) or a document's own.
//!
//! Every part is optional where the Decree allows it or a clerk needs it: 0, 1 or 2
//! superior bodies; no number (a draft: `Số:      /TTr-VPCP`, the date line left as
//! `ngày      tháng      năm 2016`); the type's name and summary, or `V/v …` under
//! the number for a công văn; `Kính gửi:` on one line or as a list; the authority
//! line and `QUYẾT ĐỊNH:` of a decision; `Nơi nhận:` with nested items; one or more
//! signature blocks, their authority forms (TM., KT., TL., TUQ., Q.) on lines of
//! their own.

pub mod layout;
pub mod source;

use serde_json::{Value, json};

use crate::campaign::model::Date;
use crate::campaign::outline::{self, Level, Paragraph};
use crate::diagnostic::Diagnostic;
use source::{Entry, Item, LineProblem, SourceProblem};

/// The built-in template of every type.
pub const BUILTIN_TEMPLATE: &[u8] = crate::templates::VAN_BAN;

/// A type of document (Phụ lục III).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// The slug a source writes (`cong-van`) and the starter file's name.
    pub slug: &'static str,
    /// Other ways a clerk writes it (folded: no marks, lower case).
    pub aliases: &'static [&'static str],
    /// The name printed as the title (`KẾ HOẠCH`); empty for a công văn.
    pub name: &'static str,
    /// The code in the symbol (`KH` in `05/KH-LĐLĐ`); empty for a công văn.
    pub code: &'static str,
}

/// Every type the model knows.
pub const KINDS: &[Kind] = &[
    Kind {
        slug: "cong-van",
        aliases: &["cong van", "cv"],
        name: "",
        code: "",
    },
    Kind {
        slug: "ke-hoach",
        aliases: &["ke hoach", "kh"],
        name: "KẾ HOẠCH",
        code: "KH",
    },
    Kind {
        slug: "bao-cao",
        aliases: &["bao cao", "bc"],
        name: "BÁO CÁO",
        code: "BC",
    },
    Kind {
        slug: "quyet-dinh",
        aliases: &["quyet dinh", "qd"],
        name: "QUYẾT ĐỊNH",
        code: "QĐ",
    },
    Kind {
        slug: "thong-bao",
        aliases: &["thong bao", "tb"],
        name: "THÔNG BÁO",
        code: "TB",
    },
    Kind {
        slug: "to-trinh",
        aliases: &["to trinh", "ttr"],
        name: "TỜ TRÌNH",
        code: "TTr",
    },
    Kind {
        slug: "giay-moi",
        aliases: &["giay moi", "gm"],
        name: "GIẤY MỜI",
        code: "GM",
    },
    Kind {
        slug: "bien-ban",
        aliases: &["bien ban", "bb"],
        name: "BIÊN BẢN",
        code: "BB",
    },
    Kind {
        slug: "chi-thi",
        aliases: &["chi thi", "ct"],
        name: "CHỈ THỊ",
        code: "CT",
    },
    Kind {
        slug: "huong-dan",
        aliases: &["huong dan", "hd"],
        name: "HƯỚNG DẪN",
        code: "HD",
    },
    Kind {
        slug: "nghi-quyet",
        aliases: &["nghi quyet", "nq"],
        name: "NGHỊ QUYẾT",
        code: "NQ",
    },
    Kind {
        slug: "chuong-trinh",
        aliases: &["chuong trinh", "ctr"],
        name: "CHƯƠNG TRÌNH",
        code: "CTr",
    },
    Kind {
        slug: "thong-tu-lien-tich",
        aliases: &["thong tu lien tich", "ttlt"],
        name: "THÔNG TƯ LIÊN TỊCH",
        code: "TTLT",
    },
    Kind {
        slug: "khac",
        aliases: &["khac", "van ban"],
        name: "",
        code: "",
    },
];

impl Kind {
    /// The type a source's `loai` names.
    pub fn find(written: &str) -> Option<&'static Kind> {
        let folded = crate::vn::text::strip_diacritics(written.trim()).to_lowercase();
        let dashed = folded.replace(' ', "-");
        KINDS.iter().find(|k| {
            k.slug == dashed
                || k.aliases.contains(&folded.as_str())
                || (!k.code.is_empty()
                    && crate::vn::text::strip_diacritics(k.code).to_lowercase() == folded)
        })
    }

    /// Whether this is a công văn (no type name; `V/v` under the number).
    pub fn is_cong_van(&self) -> bool {
        self.slug == "cong-van"
    }
}

/// An appendix: its title and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appendix {
    /// The title after `[PHỤ LỤC]`, may be empty.
    pub title: String,
    /// Its outline.
    pub body: Vec<Paragraph>,
}

/// The marker that starts an appendix in a document's body.
const APPENDIX_MARK: &str = "[PHỤ LỤC]";

/// Splits a body into the document's own text and its appendices (`[PHỤ LỤC]`
/// lines), each part keeping the file's line numbers (other lines left blank).
fn split_appendices(body: &str) -> (String, Vec<(String, String)>) {
    let lines: Vec<&str> = body.lines().collect();
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim_start().to_uppercase().starts_with(APPENDIX_MARK))
        .map(|(i, _)| i)
        .collect();
    let part = |from: usize, to: usize| -> String {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| if i >= from && i < to { *l } else { "" })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let main_end = starts.first().copied().unwrap_or(lines.len());
    let main = part(0, main_end);
    let mut appendices = Vec::new();
    for (k, start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(lines.len());
        let head = lines[*start].trim_start();
        let title = head[APPENDIX_MARK.len().min(head.len())..]
            .trim()
            .to_string();
        appendices.push((title, part(start + 1, end)));
    }
    (main, appendices)
}

/// One signature block: the authority and title lines, and the signer's name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Signature {
    /// `TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`, `PHÓ CHỦ TỊCH`: one line each.
    pub lines: Vec<String>,
    /// The signer's name.
    pub name: String,
}

/// A document, read from its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Its type.
    pub kind: &'static Kind,
    /// The printed type name (the type's, or the source's `ten_loai`).
    pub type_name: String,
    /// Superior bodies, top first (0, 1 or 2), each as the clerk broke it (`|`).
    pub superiors: Vec<Vec<String>>,
    /// The issuing body, as the clerk broke it; empty: no header block.
    pub issuer: Vec<String>,
    /// The number (`175`, `01`); `None`: left blank for the văn thư.
    pub number: Option<String>,
    /// What follows the number's `/` (`CĐN-TGNC`, `2007/TTLT-TLĐLĐVN-BLĐTBXH`).
    pub symbol: String,
    /// The date; `None`: left blank (a draft).
    pub date: Option<Date>,
    /// The year printed on a blank date line.
    pub year: Option<i32>,
    /// The place of the date line.
    pub place: String,
    /// The summary ("trích yếu"), as the clerk broke it.
    pub summary: Vec<String>,
    /// A line under the summary, in brackets (`(trình phiên họp …)`).
    pub note: String,
    /// Marked "DỰ THẢO".
    pub draft: bool,
    /// Addressees: one is printed on the `Kính gửi:` line, more as a list under it.
    pub kinh_gui: Vec<String>,
    /// The authority line of a decision (`BAN CHẤP HÀNH …`).
    pub authority: String,
    /// Recipients, nested.
    pub noi_nhan: Vec<Item>,
    /// Signature blocks, in order.
    pub signatures: Vec<Signature>,
    /// The body outline.
    pub body: Vec<Paragraph>,
    /// Appendices after the signature, each on a new page (`[PHỤ LỤC] Tiêu đề` in
    /// the source starts one).
    pub appendices: Vec<Appendix>,
    /// Who issues it, as running text names it, for an appendix's "(Kèm theo …
    /// của …)" line (`cua:`); the issuing body's name when not given.
    pub of: String,
    /// A template of the document's own (`mau`), relative to the source.
    pub template: Option<String>,
}

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum DocumentError {
    /// Problems of the header, each at its line.
    Source(Vec<LineProblem>),
    /// Problems of the body outline.
    Outline(outline::OutlineError),
}

impl DocumentError {
    /// The problems as diagnostics in `file`.
    pub fn diagnostics(&self, file: &str) -> Vec<Diagnostic> {
        match self {
            DocumentError::Source(problems) => problems
                .iter()
                .map(|p| p.problem.diagnostic(file, p.line))
                .collect(),
            DocumentError::Outline(o) => o.problems.iter().map(|p| p.diagnostic(file)).collect(),
        }
    }
}

/// Splits a value at the clerk's `|` into lines, each trimmed; empty lines dropped.
fn lines(value: &str) -> Vec<String> {
    crate::vn::text::nfc(value)
        .split('|')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

/// The authority forms that start a line of their own in a signature block.
const AUTHORITY_FORMS: &[&str] = &["TM.", "KT.", "TL.", "TUQ.", "Q."];

/// A signature's lines: the clerk's `|` breaks, and a break before every authority
/// form that is not at the start (`TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH`).
fn signature_lines(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in lines(value) {
        let mut current: Vec<&str> = Vec::new();
        for word in line.split(' ') {
            if !current.is_empty() && AUTHORITY_FORMS.iter().any(|f| word.starts_with(f)) {
                out.push(current.join(" "));
                current.clear();
            }
            current.push(word);
        }
        if !current.is_empty() {
            out.push(current.join(" "));
        }
    }
    out
}

fn text_of(entry: &Entry) -> String {
    match &entry.value {
        source::Value::Text(t) => t.clone(),
        source::Value::List(items) => items
            .iter()
            .map(|i| i.text.clone())
            .collect::<Vec<_>>()
            .join(" | "),
    }
}

fn items_of(entry: &Entry) -> Vec<Item> {
    match &entry.value {
        source::Value::Text(t) if t.trim().is_empty() => Vec::new(),
        source::Value::Text(t) => vec![Item {
            text: t.trim().to_string(),
            children: Vec::new(),
        }],
        source::Value::List(items) => items.clone(),
    }
}

fn yes_no(value: &str) -> Option<bool> {
    match crate::vn::text::strip_diacritics(value.trim())
        .to_lowercase()
        .as_str()
    {
        "co" | "yes" | "true" | "x" | "1" => Some(true),
        "khong" | "no" | "false" | "" | "0" => Some(false),
        _ => None,
    }
}

impl Document {
    /// Reads a document from its source text; every problem is reported.
    pub fn from_source(text: &str) -> Result<Document, DocumentError> {
        let src = source::parse(text).map_err(DocumentError::Source)?;
        let mut problems = src.problems.clone();
        let mut bad = |entry: &Entry, expected: &'static str| {
            problems.push(LineProblem {
                line: entry.line,
                problem: SourceProblem::BadValue {
                    key: entry.key,
                    value: text_of(entry),
                    expected,
                },
            });
        };
        let mut doc = Document {
            kind: &KINDS[KINDS.len() - 1],
            type_name: String::new(),
            superiors: Vec::new(),
            issuer: Vec::new(),
            number: None,
            symbol: String::new(),
            date: None,
            year: None,
            place: String::new(),
            summary: Vec::new(),
            note: String::new(),
            draft: false,
            kinh_gui: Vec::new(),
            authority: String::new(),
            noi_nhan: Vec::new(),
            signatures: Vec::new(),
            body: Vec::new(),
            appendices: Vec::new(),
            of: String::new(),
            template: None,
        };
        let mut type_name = None;
        let mut kind_seen = false;
        for entry in &src.entries {
            let value = text_of(entry);
            match entry.key {
                "loai" => match Kind::find(&value) {
                    Some(k) => {
                        doc.kind = k;
                        kind_seen = true;
                    }
                    None => bad(entry, "type"),
                },
                "ten_loai" => type_name = Some(lines(&value).join("\n")),
                "co_quan_cap_tren" => {
                    if doc.superiors.len() == 2 {
                        bad(entry, "level_count");
                    } else {
                        doc.superiors.push(lines(&value));
                    }
                }
                "co_quan" => doc.issuer = lines(&value),
                "so" => {
                    let v = value.trim();
                    doc.number = if v.is_empty() {
                        None
                    } else if v.len() == 1 && v.chars().all(|c| c.is_ascii_digit()) {
                        // Numbers below 10 are written with two digits (Phụ lục I).
                        Some(format!("0{v}"))
                    } else {
                        Some(v.to_string())
                    };
                }
                "ky_hieu" => doc.symbol = value.trim().to_string(),
                "ngay" if value.trim().is_empty() => {}
                "ngay" => match Date::parse(&value) {
                    Some(d) => doc.date = Some(d),
                    None => bad(entry, "date"),
                },
                "nam" => match value.trim().parse::<i32>() {
                    Ok(y) if (1900..=2999).contains(&y) => doc.year = Some(y),
                    _ => bad(entry, "year"),
                },
                "dia_danh" => doc.place = value.split_whitespace().collect::<Vec<_>>().join(" "),
                "trich_yeu" => doc.summary = lines(&value),
                "ghi_chu" => doc.note = value.trim().to_string(),
                "du_thao" => match yes_no(&value) {
                    Some(b) => doc.draft = b,
                    None => bad(entry, "yes_no"),
                },
                "kinh_gui" => doc.kinh_gui = items_of(entry).into_iter().map(|i| i.text).collect(),
                "tham_quyen" => doc.authority = lines(&value).join("\n"),
                "noi_nhan" => doc.noi_nhan = items_of(entry),
                "ky" => doc.signatures.push(Signature {
                    lines: signature_lines(&value),
                    name: String::new(),
                }),
                "nguoi_ky" => {
                    if let Some(last) = doc.signatures.last_mut() {
                        last.name = value.trim().to_string();
                    }
                }
                "mau" => doc.template = Some(value.trim().to_string()).filter(|t| !t.is_empty()),
                "cua" => doc.of = value.trim().to_string(),
                _ => {}
            }
        }
        if !kind_seen {
            // The type decides the layout: a source without `loai` is refused at its
            // first line.
            problems.push(LineProblem {
                line: src.entries.first().map_or(1, |e| e.line),
                problem: SourceProblem::MissingKey { key: "loai" },
            });
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.line);
            return Err(DocumentError::Source(problems));
        }
        doc.type_name = type_name.unwrap_or_else(|| doc.kind.name.to_string());
        if doc.of.is_empty() {
            doc.of = doc.issuer.join(" ");
        }
        let (main, appendices) = split_appendices(&src.body);
        let mut problems = Vec::new();
        let mut body = match outline::parse("", &main) {
            Ok(b) => b,
            Err(e) => {
                problems.extend(e.problems);
                Vec::new()
            }
        };
        if body.iter().any(|p| p.level != Level::Table) {
            outline::close(&mut body);
        }
        doc.body = body;
        for (title, text) in appendices {
            match outline::parse("", &text) {
                Ok(body) => doc.appendices.push(Appendix { title, body }),
                Err(e) => problems.extend(e.problems),
            }
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.line);
            return Err(DocumentError::Outline(outline::OutlineError {
                file: String::new(),
                problems,
            }));
        }
        Ok(doc)
    }

    /// A campaign's plan or report as a document of this model: the campaign's
    /// issuer, signer and the document's number, date, summary, addressees and
    /// recipients, with `body` (already parsed and closed).
    pub fn from_campaign(
        campaign: &crate::campaign::Campaign,
        meta: &crate::campaign::model::DocumentMeta,
        body: &[Paragraph],
    ) -> Document {
        let kind = Kind::find(&meta.type_code).unwrap_or(&KINDS[KINDS.len() - 1]);
        let mut noi_nhan: Vec<Item> = meta
            .recipients
            .iter()
            .map(|r| Item {
                text: format!("{r};"),
                children: Vec::new(),
            })
            .collect();
        noi_nhan.push(Item {
            text: format!("Lưu: {}.", meta.archive),
            children: Vec::new(),
        });
        let signer = &campaign.signer;
        let signature = if signer.authority.trim().is_empty() {
            signer.title.clone()
        } else {
            format!("{} | {}", signer.authority, signer.title)
        };
        Document {
            kind,
            type_name: meta.type_name.clone(),
            superiors: Some(lines(&campaign.issuer.superior))
                .filter(|l| !l.is_empty())
                .into_iter()
                .collect(),
            issuer: lines(&campaign.issuer.name),
            number: Some(format!("{:02}", meta.number)),
            symbol: format!("{}-{}", meta.type_code, campaign.issuer.abbreviation),
            date: Some(meta.date),
            year: None,
            place: campaign.issuer.place.clone(),
            summary: lines(&meta.summary),
            note: String::new(),
            draft: false,
            kinh_gui: meta.kinh_gui.clone(),
            authority: String::new(),
            noi_nhan,
            signatures: vec![Signature {
                lines: signature_lines(&signature),
                name: signer.name.clone(),
            }],
            body: body.to_vec(),
            appendices: Vec::new(),
            of: campaign.issuer.name.replace('|', " "),
            template: None,
        }
    }

    /// `Số: 61/KH-LĐLĐ`, or with the number left blank `Số:      /TTr-VPCP`; empty
    /// when the document has neither number nor symbol.
    pub fn number_line(&self) -> String {
        match (&self.number, self.symbol.is_empty()) {
            (None, true) => String::new(),
            (Some(n), true) => format!("Số: {n}"),
            (Some(n), false) => format!("Số: {n}/{}", self.symbol),
            (None, false) => format!("Số:{BLANK}/{}", self.symbol),
        }
    }

    /// `Hà Nội, ngày 06 tháng 8 năm 2018`; blank day and month when there is no date
    /// (`Hà Nội, ngày      tháng      năm 2016`); empty without a place or a date.
    pub fn date_line(&self) -> String {
        let date = match (self.date, self.year) {
            (Some(d), _) => crate::vn::date::long_date(d.0),
            (None, Some(y)) => format!("ngày{BLANK}tháng{BLANK}năm {y}"),
            (None, None) => return String::new(),
        };
        if self.place.is_empty() {
            date
        } else {
            format!("{}, {date}", self.place)
        }
    }

    /// The data the template reads (see `templates/van-ban.docx`).
    pub fn data(&self) -> Value {
        let widths = layout::header(self);
        let summary_lines = if self.kind.is_cong_van() {
            Vec::new()
        } else {
            self.summary.clone()
        };
        let vv = if self.kind.is_cong_van() && !self.summary.is_empty() {
            let mut l = self.summary.clone();
            l[0] = format!("V/v {}", l[0]);
            l.join("\n")
        } else {
            String::new()
        };
        let (kinh_gui_line, kinh_gui_list) = match self.kinh_gui.as_slice() {
            [] => (String::new(), Vec::new()),
            [one] => (format!("Kính gửi: {one}"), Vec::new()),
            many => (String::new(), many.to_vec()),
        };
        let mut noi_nhan = Vec::new();
        flatten(&self.noi_nhan, 0, &mut noi_nhan);
        json!({
            "header": {
                "show": !self.issuer.is_empty(),
                "superiors": widths.superiors,
                "issuer": widths.issuer,
                "left_width": widths.left,
                "right_width": widths.right,
            },
            "doc": {
                "type_slug": self.kind.slug,
                "number_line": self.number_line(),
                "vv": vv,
                "date_line": self.date_line(),
                "draft": self.draft,
                "type_name": self.type_name,
                "summary": summary_lines.join("\n"),
                "note": self.note,
                "kinh_gui_line": kinh_gui_line,
                "kinh_gui_list": kinh_gui_list,
                "authority": self.authority,
            },
            "body": self.body,
            "noi_nhan": noi_nhan,
            "signatures": self.signatures,
            "appendices": self.appendix_data(),
            "sign_area": !self.noi_nhan.is_empty() || !self.signatures.is_empty(),
            "joint": self.signatures.len() > 1,
        })
    }
}

impl Document {
    /// The appendices as the template reads them: `label` ("Phụ lục", or "Phụ lục
    /// I", "Phụ lục II" when there are more), `title`, `note` (the italic line
    /// "(Kèm theo Công văn số 12/LĐLĐ-VP ngày 27 tháng 7 năm 2017 của …)") and `body`.
    fn appendix_data(&self) -> Value {
        let many = self.appendices.len() > 1;
        let kind = if self.kind.is_cong_van() {
            "Công văn".to_string()
        } else if self.type_name.is_empty() {
            "Văn bản".to_string()
        } else {
            sentence_case(&self.type_name)
        };
        let number = self.number_line();
        let number = number.strip_prefix("Số:").unwrap_or(&number).trim();
        let date = match self.date {
            Some(d) => format!(" {}", crate::vn::date::long_date(d.0)),
            None => String::new(),
        };
        let of = if self.of.is_empty() {
            String::new()
        } else {
            format!(" của {}", self.of)
        };
        let number = if number.is_empty() {
            String::new()
        } else {
            format!(" số {number}")
        };
        let note = format!("(Kèm theo {kind}{number}{date}{of})");
        Value::Array(
            self.appendices
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let label = if many {
                        format!(
                            "Phụ lục {}",
                            crate::vn::roman(u32::try_from(i + 1).unwrap_or(1)).unwrap_or_default()
                        )
                    } else {
                        "Phụ lục".to_string()
                    };
                    json!({"label": label, "title": a.title, "note": note, "body": a.body})
                })
                .collect(),
        )
    }
}

/// `KẾ HOẠCH` → `Kế hoạch`: a type name as running text writes it.
fn sentence_case(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The blank a văn thư fills by hand: six spaces.
const BLANK: &str = "      ";

fn flatten(items: &[Item], depth: usize, out: &mut Vec<Value>) {
    for item in items {
        let text = if item.text.starts_with(['-', '+']) {
            item.text.clone()
        } else if depth == 0 {
            format!("- {}", item.text)
        } else {
            format!("+ {}", item.text)
        };
        out.push(json!({"text": text, "depth": depth}));
        flatten(&item.children, depth + 1, out);
    }
}

/// The document, filled into a template, with the engine's warnings.
#[derive(Debug)]
pub struct Built {
    /// The .docx bytes.
    pub bytes: Vec<u8>,
    /// The engine's warnings.
    pub warnings: Vec<String>,
}

/// Fills `template` (the built-in one when `builtin`) with the document; the
/// built-in template's header columns are then set to the widths the names need and
/// the signature area is tied to the end of the body so that they never part.
pub fn build(
    doc: &Document,
    template: &[u8],
    builtin: bool,
    options: &crate::docx::RenderOptions,
) -> Result<Built, crate::docx::RenderError> {
    let data = doc.data();
    let out = crate::docx::render(template, &data, options)?;
    let bytes = if builtin {
        layout::finish(&out.bytes, &layout::header(doc), &options.limits).unwrap_or(out.bytes)
    } else {
        out.bytes
    };
    Ok(Built {
        bytes,
        warnings: out.warnings.iter().map(|w| w.to_string()).collect(),
    })
}

/// A starter source for a type: its header keys filled with the sample office, a
/// short body in the type's usual shape.
pub fn starter(kind: &Kind) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "# {} — sửa các dòng dưới đây rồi chạy: vanban van-ban TỆP.txt\n",
        if kind.name.is_empty() {
            "CÔNG VĂN"
        } else {
            kind.name
        }
    ));
    s.push_str(&format!("loai: {}\n", kind.slug));
    s.push_str("co_quan_cap_tren: LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY NINH\n");
    s.push_str("co_quan: LIÊN ĐOÀN LAO ĐỘNG HUYỆN CHÂU THÀNH\n");
    s.push_str("so: 12\n");
    if kind.is_cong_van() {
        s.push_str("ky_hieu: LĐLĐ-VP\n");
    } else {
        s.push_str(&format!("ky_hieu: {}-LĐLĐ\n", kind.code));
    }
    s.push_str("ngay: 27/7/2017\ndia_danh: Châu Thành\n");
    s.push_str("trich_yeu: Về việc …\n");
    if kind.is_cong_van() || kind.slug == "to-trinh" || kind.slug == "bao-cao" {
        s.push_str(
            "kinh_gui:\n- Ban Thường vụ Liên đoàn Lao động tỉnh;\n- Ban Dân vận Huyện ủy.\n",
        );
    }
    if kind.slug == "quyet-dinh" || kind.slug == "nghi-quyet" {
        s.push_str("tham_quyen: BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG HUYỆN CHÂU THÀNH\n");
    }
    s.push_str("noi_nhan:\n- Như trên;\n- Lưu: VT, VP.\n");
    s.push_str("ky: TM. BAN THƯỜNG VỤ | CHỦ TỊCH\nnguoi_ky: Nguyễn Văn A\n---\n");
    if kind.slug == "quyet-dinh" || kind.slug == "nghi-quyet" {
        s.push_str("Căn cứ Điều lệ Công đoàn Việt Nam;\nXét đề nghị của Văn phòng.\n");
        s.push_str(if kind.slug == "quyet-dinh" {
            "QUYẾT ĐỊNH:\n"
        } else {
            "QUYẾT NGHỊ:\n"
        });
        s.push_str("Điều 1. …\nĐiều 2. …\nĐiều 3. Văn phòng và các đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này.\n");
    } else {
        s.push_str("Thực hiện …, Liên đoàn Lao động huyện … như sau:\n");
        s.push_str("I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- …\n2. Yêu cầu\n- …\n");
        s.push_str("II. NỘI DUNG\n1. …\na) …\nb) …\nIII. TỔ CHỨC THỰC HIỆN\n…\n");
    }
    s
}
