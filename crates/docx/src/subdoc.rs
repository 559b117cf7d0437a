//! Sub-documents: the body of another .docx inserted where a `{{p }}` tag stands
//! (docxtpl's `new_subdoc`), with what the body needs from its own package carried
//! into the template's.
//!
//! The value `{"subdoc": …}` holds the package's bytes (base64); the front end
//! reads a path into them, as it does for pictures. The sub-document is untrusted
//! input: it is opened under the same limits as a template (entries, unpacked size,
//! compression ratio, XML depth), and nothing in it is rendered (tags in its text
//! stay text).
//!
//! Reconciling (docxcompose does the same for docxtpl):
//! - styles the body uses (and those they are based on, link to or are followed
//!   by) that the template lacks are copied; a style whose id the template uses for
//!   a different definition is copied under a new id;
//! - the lists the body numbers with are copied under new `w:numId`s and
//!   `w:abstractNumId`s, so they neither continue nor restyle the template's;
//! - pictures are copied under new relationship ids and part names; hyperlinks
//!   keep their target; anything else a relationship points at (charts, embedded
//!   objects, linked files) is left out, with the element that showed it;
//! - the sub-document's section properties, comments and notes references are
//!   dropped: the template decides the page.

use std::collections::{BTreeMap, BTreeSet};

use vanban_package::package;

use super::engine::SUBDOC_MARK;
use super::xml::{self, Element, Node};
use super::{Limits, RenderError};

const BODY: &str = "word/document.xml";
const STYLES: &str = "word/styles.xml";
const NUMBERING: &str = "word/numbering.xml";
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const IMAGE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";
const HYPERLINK: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";

/// The first drawing id given to sub-documents' pictures (rich text's start at
/// [`super::PICTURE_IDS`]; the template's own are small).
const DRAWING_IDS: u32 = 0x5A00_0000;
/// The first bookmark id given to sub-documents' bookmarks.
const BOOKMARK_IDS: u32 = 0x5A00_0000;

/// A sub-document read and checked: what its body needs from its package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubDoc {
    /// Namespace declarations and `mc:Ignorable` of its `w:document`.
    root_attrs: Vec<(String, String)>,
    /// The body's paragraphs and tables, without section properties.
    blocks: Vec<Node>,
    /// Its styles (`w:style`).
    styles: Vec<Element>,
    /// Its lists: `w:abstractNum` by id.
    abstract_nums: BTreeMap<String, Element>,
    /// Its list instances: `w:num` by id.
    nums: BTreeMap<String, Element>,
    /// The relationships the body points at that are kept: id → link.
    links: BTreeMap<String, Link>,
    /// The size of its body's XML, counted against the output limit at each
    /// insertion.
    size: u64,
}

/// A relationship of the sub-document's body that is carried over.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Link {
    /// A picture part: its file extension (lower case) and bytes.
    Picture(String, Vec<u8>),
    /// An external hyperlink: its target.
    Hyperlink(String),
}

/// Content types of the picture formats a sub-document may carry, by extension.
pub const PICTURE_TYPES: &[(&str, &str)] = &[
    ("png", "image/png"),
    ("jpeg", "image/jpeg"),
    ("jpg", "image/jpeg"),
    ("gif", "image/gif"),
    ("bmp", "image/bmp"),
    ("tif", "image/tiff"),
    ("tiff", "image/tiff"),
    ("emf", "image/x-emf"),
    ("wmf", "image/x-wmf"),
    ("svg", "image/svg+xml"),
];

/// The content type of a picture extension, if it is one the engine carries.
pub fn picture_type(extension: &str) -> Option<&'static str> {
    PICTURE_TYPES
        .iter()
        .find(|(e, _)| *e == extension)
        .map(|(_, t)| *t)
}

/// The paragraph standing for sub-document `n` (from 1) until the package is
/// assembled; `ppr` is the tag's paragraph properties when they end a section
/// (that paragraph must stay).
pub fn placeholder(n: usize, section: &str) -> String {
    format!("<w:p>{section}<w:r><w:t>{SUBDOC_MARK}{n}{SUBDOC_MARK}</w:t></w:r></w:p>")
}

/// Reads a sub-document package within `limits`; `None` when it is not a Word
/// document the engine can insert (not a zip, over a limit, no body, XML broken).
pub fn read(bytes: &[u8], limits: &Limits) -> Option<SubDoc> {
    let mut archive = package::open(bytes, limits).ok()?;
    let part = |archive: &mut package::Archive<'_>, name: &str| -> Option<Option<Vec<Node>>> {
        match package::read_entry(archive, name, limits) {
            Ok(b) => {
                let text = std::str::from_utf8(&b).ok()?;
                Some(Some(xml::parse(text, limits.max_xml_depth).ok()?))
            }
            Err(vanban_package::package::PackageError::Missing { .. }) => Some(None),
            Err(_) => None,
        }
    };
    let document = part(&mut archive, BODY)??;
    let root = xml::root(&document)?;
    if root.name() != "w:document" {
        return None;
    }
    let root_attrs: Vec<(String, String)> = root
        .attrs()
        .into_iter()
        .filter(|(k, _)| k.starts_with("xmlns:") || k == "mc:Ignorable")
        .collect();
    let body = root.child("w:body")?;
    let mut blocks: Vec<Node> = body
        .children
        .iter()
        .filter(|n| match n {
            Node::Element(e) => e.name() != "w:sectPr",
            Node::Text(t) => !t.trim().is_empty(),
            _ => false,
        })
        .cloned()
        .collect();
    drop_unwanted(&mut blocks);
    clean_text(&mut blocks);

    let styles = match part(&mut archive, STYLES)? {
        Some(nodes) => xml::root(&nodes)
            .map(|r| r.child_elements("w:style").cloned().collect())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let (mut abstract_nums, mut nums) = (BTreeMap::new(), BTreeMap::new());
    if let Some(nodes) = part(&mut archive, NUMBERING)?
        && let Some(r) = xml::root(&nodes)
    {
        for a in r.child_elements("w:abstractNum") {
            if let Some(id) = a.attr("w:abstractNumId") {
                abstract_nums.entry(id).or_insert_with(|| a.clone());
            }
        }
        for n in r.child_elements("w:num") {
            if let Some(id) = n.attr("w:numId") {
                nums.entry(id).or_insert_with(|| n.clone());
            }
        }
    }

    // The relationships the body points at.
    let mut used: BTreeSet<String> = BTreeSet::new();
    for b in &blocks {
        if let Node::Element(e) = b {
            e.walk(&mut |e| {
                for (k, v) in e.attrs() {
                    if k.starts_with("r:") {
                        used.insert(v);
                    }
                }
            });
        }
    }
    let mut links = BTreeMap::new();
    if !used.is_empty()
        && let Some(nodes) = part(&mut archive, &super::rels_entry(BODY))?
        && let Some(r) = xml::root(&nodes)
    {
        for rel in r.child_elements("Relationship") {
            let (Some(id), Some(kind), Some(target)) =
                (rel.attr("Id"), rel.attr("Type"), rel.attr("Target"))
            else {
                continue;
            };
            if !used.contains(&id) || links.contains_key(&id) {
                continue;
            }
            let external = rel.attr("TargetMode").as_deref() == Some("External");
            if kind == HYPERLINK && external {
                links.insert(id, Link::Hyperlink(target));
            } else if kind == IMAGE && !external {
                let Some(name) = resolve(&target) else {
                    continue;
                };
                let extension = name
                    .rsplit_once('.')
                    .map(|(_, e)| e.to_ascii_lowercase())
                    .unwrap_or_default();
                if picture_type(&extension).is_none() {
                    continue;
                }
                match package::read_entry(&mut archive, &name, limits) {
                    Ok(bytes) => {
                        links.insert(id, Link::Picture(extension, bytes));
                    }
                    Err(vanban_package::package::PackageError::Missing { .. }) => {}
                    Err(_) => return None,
                }
            }
        }
    }
    let size = xml::to_string(&blocks).len() as u64;
    Some(SubDoc {
        size,
        root_attrs,
        blocks,
        styles,
        abstract_nums,
        nums,
        links,
    })
}

/// The zip entry a relationship target of the body names (relative to `word/`,
/// or absolute from the package root).
fn resolve(target: &str) -> Option<String> {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("word/{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Removes what belongs to the sub-document's own package and cannot follow the
/// body: section properties, comments, notes references, `w14` paragraph ids (they
/// must be unique in a document, and a sub-document may be inserted twice).
fn drop_unwanted(nodes: &mut Vec<Node>) {
    nodes.retain(|n| {
        !matches!(n, Node::Element(e) if matches!(e.name(),
            "w:sectPr" | "w:commentRangeStart" | "w:commentRangeEnd" | "w:commentReference"
            | "w:footnoteReference" | "w:endnoteReference" | "w:altChunk" | "w:subDoc"))
    });
    for n in nodes.iter_mut() {
        if let Node::Element(e) = n {
            if e.raw.contains("w14:") {
                e.retain_attrs(|k| k != "w14:paraId" && k != "w14:textId");
            }
            drop_unwanted(&mut e.children);
        }
    }
}

/// Drops from text the characters XML 1.0 forbids and the engine's marks, so the
/// output stays readable and a sub-document cannot forge a mark.
fn clean_text(nodes: &mut [Node]) {
    for n in nodes {
        match n {
            Node::Text(t)
                if t.chars()
                    .any(|c| !xml::xml_char(c) || super::engine::is_mark(c)) =>
            {
                *t = t
                    .chars()
                    .filter(|c| xml::xml_char(*c) && !super::engine::is_mark(*c))
                    .collect();
            }
            Node::Element(e) => clean_text(&mut e.children),
            _ => {}
        }
    }
}

/// The template's styles and numbering as the sub-documents change them, and the
/// counters that keep what they add unique.
pub struct Host {
    styles: Vec<Node>,
    styles_new: bool,
    styles_changed: bool,
    numbering: Vec<Node>,
    numbering_new: bool,
    numbering_changed: bool,
    next_num: u32,
    next_abstract: u32,
    drawing: u32,
    bookmark: u32,
    /// Bytes the insertions may still add before the output limit.
    budget: u64,
    /// An insertion found the budget spent.
    over: bool,
}

/// What the package needs besides the changed parts: picture extensions and new
/// parts (name, content type) to declare, and relationships of the body to add.
#[derive(Debug, Default)]
pub struct Added {
    /// Picture extensions used (`png`, …).
    pub extensions: BTreeSet<String>,
    /// New parts: (part name, content type).
    pub parts: Vec<(String, &'static str)>,
    /// New relationships of the main part: (id, type, target).
    pub body_links: Vec<(String, &'static str, String)>,
}

impl Host {
    /// Reads the template's styles and numbering (as rendering left them).
    pub fn new(styles: Option<&[u8]>, numbering: Option<&[u8]>, limits: &Limits) -> Host {
        let parse = |b: Option<&[u8]>, root: &str| -> (Vec<Node>, bool) {
            b.and_then(|b| std::str::from_utf8(b).ok())
                .and_then(|t| xml::parse(t, limits.max_xml_depth).ok())
                .filter(|n| xml::root(n).is_some_and(|r| r.name() == root))
                .map_or_else(
                    || {
                        let mut e = Element::new(&format!("{root} xmlns:w=\"{W_NS}\""));
                        e.empty = false;
                        (
                            vec![
                                Node::Raw(
                                    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                                        .into(),
                                ),
                                Node::Text("\n".into()),
                                Node::Element(e),
                            ],
                            true,
                        )
                    },
                    |n| (n, false),
                )
        };
        let (styles, styles_new) = parse(styles, "w:styles");
        let (numbering, numbering_new) = parse(numbering, "w:numbering");
        let mut max_num = 0;
        let mut max_abstract = 0;
        if let Some(r) = xml::root(&numbering) {
            for n in r.child_elements("w:num") {
                let id = n.attr("w:numId").and_then(|v| v.parse::<u32>().ok());
                max_num = max_num.max(id.unwrap_or(0));
            }
            for a in r.child_elements("w:abstractNum") {
                let id = a
                    .attr("w:abstractNumId")
                    .and_then(|v| v.parse::<u32>().ok());
                max_abstract = max_abstract.max(id.unwrap_or(0));
            }
        }
        Host {
            styles,
            styles_new,
            styles_changed: false,
            numbering,
            numbering_new,
            numbering_changed: false,
            next_num: max_num.saturating_add(1),
            next_abstract: max_abstract.saturating_add(1),
            drawing: DRAWING_IDS,
            bookmark: BOOKMARK_IDS,
            budget: limits.max_output_bytes,
            over: false,
        }
    }

    /// Takes `size` bytes from the output budget; false (and the host marked
    /// over) when it is spent.
    fn spend(&mut self, size: u64) -> bool {
        match self.budget.checked_sub(size) {
            Some(left) if !self.over => {
                self.budget = left;
                true
            }
            _ => {
                self.over = true;
                false
            }
        }
    }

    /// The styles part, when sub-documents changed it.
    pub fn styles(&self) -> Option<Vec<u8>> {
        self.styles_changed
            .then(|| xml::to_string(&self.styles).into_bytes())
    }

    /// The numbering part, when sub-documents changed it.
    pub fn numbering(&self) -> Option<Vec<u8>> {
        self.numbering_changed
            .then(|| xml::to_string(&self.numbering).into_bytes())
    }

    /// Declares what the changed styles and numbering need (a new part's
    /// relationship and content type).
    pub fn declare(&self, added: &mut Added) {
        if self.styles_changed && self.styles_new {
            added.parts.push((
                format!("/{STYLES}"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
            ));
            added
                .body_links
                .push(("rIdVanbanStyles".into(), STYLE_REL, "styles.xml".into()));
        }
        if self.numbering_changed && self.numbering_new {
            added.parts.push((
                format!("/{NUMBERING}"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
            ));
            added.body_links.push((
                "rIdVanbanNumbering".into(),
                NUMBERING_REL,
                "numbering.xml".into(),
            ));
        }
    }

    /// The style ids and definitions the template has, rsids aside.
    fn style_table(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        if let Some(r) = xml::root(&self.styles) {
            for s in r.child_elements("w:style") {
                if let Some(id) = s.attr("w:styleId") {
                    out.entry(id).or_insert_with(|| comparable(s));
                }
            }
        }
        out
    }

    /// Carries sub-document `sub`'s styles and lists into the template; returns
    /// the style and list id maps to apply to its body.
    fn reconcile(&mut self, sub: &SubDoc) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
        // The styles the body uses, and those they need in turn.
        let by_id: BTreeMap<String, &Element> = sub
            .styles
            .iter()
            .filter_map(|s| Some((s.attr("w:styleId")?, s)))
            .collect();
        let mut wanted: BTreeSet<String> = BTreeSet::new();
        let mut queue: Vec<String> = Vec::new();
        let mut num_ids: Vec<String> = Vec::new();
        for b in &sub.blocks {
            if let Node::Element(e) = b {
                references(e, &mut queue, &mut num_ids);
            }
        }
        while let Some(id) = queue.pop() {
            if !wanted.insert(id.clone()) {
                continue;
            }
            if let Some(s) = by_id.get(&id) {
                references(s, &mut queue, &mut num_ids);
            }
        }
        // Ids: kept when the template has the same definition, new when it has
        // another.
        let host = self.style_table();
        let mut taken: BTreeSet<String> = host.keys().cloned().collect();
        let mut style_map: BTreeMap<String, String> = BTreeMap::new();
        let mut copied: Vec<&Element> = Vec::new();
        for s in &sub.styles {
            let Some(id) = s.attr("w:styleId") else {
                continue;
            };
            if !wanted.contains(&id) || style_map.contains_key(&id) {
                continue;
            }
            match host.get(&id) {
                Some(def) if *def == comparable(s) => {
                    style_map.insert(id.clone(), id);
                }
                Some(_) => {
                    let new = (1..)
                        .map(|k| format!("{id}Sub{k}"))
                        .find(|n| !taken.contains(n))
                        .unwrap_or_default();
                    taken.insert(new.clone());
                    style_map.insert(id, new);
                    copied.push(s);
                }
                None => {
                    taken.insert(id.clone());
                    style_map.insert(id.clone(), id);
                    copied.push(s);
                }
            }
        }
        // Lists: every instance the body or a copied style uses, under new ids.
        let mut num_map: BTreeMap<String, String> = BTreeMap::new();
        let mut abstract_map: BTreeMap<String, String> = BTreeMap::new();
        let mut new_abstracts: Vec<Node> = Vec::new();
        let mut new_nums: Vec<Node> = Vec::new();
        for id in num_ids {
            if id == "0" || num_map.contains_key(&id) {
                continue;
            }
            let Some(num) = sub.nums.get(&id) else {
                continue;
            };
            let Some(abs) = num.child("w:abstractNumId").and_then(|a| a.attr("w:val")) else {
                continue;
            };
            let Some(definition) = sub.abstract_nums.get(&abs) else {
                continue;
            };
            let new_abs = match abstract_map.get(&abs) {
                Some(a) => a.clone(),
                None => {
                    let a = self.next_abstract.to_string();
                    self.next_abstract = self.next_abstract.saturating_add(1);
                    let mut copy = definition.clone();
                    copy.set_attr("w:abstractNumId", &a);
                    // Word tells lists apart by nsid: a copied list gets its own.
                    for c in copy.elements_mut() {
                        if c.name() == "w:nsid" {
                            c.set_attr(
                                "w:val",
                                &format!("{:08X}", 0x5642_0000u32 ^ self.next_abstract),
                            );
                        }
                    }
                    copy.children.retain(|c| {
                        !matches!(c, Node::Element(e) if matches!(e.name(), "w:numStyleLink" | "w:styleLink"))
                    });
                    rename_styles(&mut copy, &style_map);
                    new_abstracts.push(Node::Element(copy));
                    abstract_map.insert(abs.clone(), a.clone());
                    a
                }
            };
            let new_num = self.next_num.to_string();
            self.next_num = self.next_num.saturating_add(1);
            let mut copy = num.clone();
            copy.set_attr("w:numId", &new_num);
            if let Some(a) = copy.child_mut("w:abstractNumId") {
                a.set_attr("w:val", &new_abs);
            }
            new_nums.push(Node::Element(copy));
            num_map.insert(id, new_num);
        }
        if !copied.is_empty()
            && let Some(root) = xml::root_mut(&mut self.styles)
        {
            for s in copied {
                let mut copy = s.clone();
                let old = copy.attr("w:styleId").unwrap_or_default();
                let new = style_map.get(&old).cloned().unwrap_or(old.clone());
                copy.set_attr("w:styleId", &new);
                // Only the template's default stays the default.
                copy.retain_attrs(|k| k != "w:default");
                if new != old
                    && let Some(name) = copy.child_mut("w:name")
                {
                    // Word tells styles apart by name too.
                    name.set_attr("w:val", &new);
                }
                rename_styles(&mut copy, &style_map);
                renumber(&mut copy, &num_map);
                root.push(copy);
            }
            self.styles_changed = true;
        }
        if (!new_abstracts.is_empty() || !new_nums.is_empty())
            && let Some(root) = xml::root_mut(&mut self.numbering)
        {
            // Every `w:abstractNum` before every `w:num`, and both before the
            // clean-up id (ECMA-376 §17.9.16).
            let after_abstracts = root
                .children
                .iter()
                .rposition(|n| matches!(n, Node::Element(e) if e.name() == "w:abstractNum"))
                .map(|i| i + 1)
                .or_else(|| {
                    root.children
                        .iter()
                        .position(|n| matches!(n, Node::Element(e) if e.name() != "w:numPicBullet"))
                })
                .unwrap_or(root.children.len());
            let count = new_abstracts.len();
            root.children
                .splice(after_abstracts..after_abstracts, new_abstracts);
            let at = root
                .children
                .iter()
                .position(|n| matches!(n, Node::Element(e) if e.name() == "w:numIdMacAtCleanup"))
                .unwrap_or(root.children.len())
                .max(after_abstracts + count);
            root.children.splice(at..at, new_nums);
            root.empty = false;
            self.numbering_changed = true;
        }
        (style_map, num_map)
    }
}

const STYLE_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
const NUMBERING_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering";

/// A style's definition as compared with the template's: edit ids (rsids) say
/// nothing about what the style looks like.
fn comparable(style: &Element) -> String {
    let mut s = style.clone();
    s.walk_mut(&mut |e| {
        e.children
            .retain(|c| !matches!(c, Node::Element(x) if x.name() == "w:rsid"));
        e.children
            .retain(|c| !matches!(c, Node::Text(t) if t.trim().is_empty()));
    });
    xml::to_string(&[Node::Element(s)])
}

/// The styles and list instances an element (a block or a style) names.
fn references(e: &Element, styles: &mut Vec<String>, nums: &mut Vec<String>) {
    e.walk(&mut |e| match e.name() {
        "w:pStyle" | "w:rStyle" | "w:tblStyle" | "w:basedOn" | "w:next" | "w:link" => {
            if let Some(v) = e.attr("w:val") {
                styles.push(v);
            }
        }
        "w:numId" => {
            if let Some(v) = e.attr("w:val") {
                nums.push(v);
            }
        }
        _ => {}
    });
}

fn rename_styles(e: &mut Element, map: &BTreeMap<String, String>) {
    e.walk_mut(&mut |e| {
        if matches!(
            e.name(),
            "w:pStyle" | "w:rStyle" | "w:tblStyle" | "w:basedOn" | "w:next" | "w:link"
        ) && let Some(v) = e.attr("w:val")
            && let Some(new) = map.get(&v)
            && *new != v
        {
            e.set_attr("w:val", new);
        }
    });
}

fn renumber(e: &mut Element, map: &BTreeMap<String, String>) {
    e.walk_mut(&mut |e| {
        if e.name() == "w:numId"
            && let Some(v) = e.attr("w:val")
            && let Some(new) = map.get(&v)
        {
            e.set_attr("w:val", new);
        }
    });
}

/// Relinks the body's relationship ids to `ids`; an element pointing at a
/// relationship that was not carried over goes (a drawing or object whole; a
/// hyperlink keeps its text).
fn relink(nodes: &mut Vec<Node>, ids: &BTreeMap<String, String>) {
    let mut i = 0;
    while i < nodes.len() {
        let Node::Element(e) = &mut nodes[i] else {
            i += 1;
            continue;
        };
        if matches!(
            e.name(),
            "w:drawing" | "w:pict" | "w:object" | "mc:AlternateContent"
        ) && unresolved(e, ids)
        {
            nodes.remove(i);
            continue;
        }
        let mut lost = false;
        for (k, v) in e.attrs() {
            if !k.starts_with("r:") {
                continue;
            }
            match ids.get(&v) {
                Some(new) => e.set_attr(&k, new),
                None => lost = true,
            }
        }
        if lost {
            if e.name() == "w:hyperlink" {
                let children = std::mem::take(&mut e.children);
                nodes.splice(i..=i, children);
                continue;
            }
            nodes.remove(i);
            continue;
        }
        relink(&mut e.children, ids);
        i += 1;
    }
}

fn unresolved(e: &Element, ids: &BTreeMap<String, String>) -> bool {
    let mut found = false;
    e.walk(&mut |e| {
        if !found && e.raw.contains("r:") {
            found = e
                .attrs()
                .iter()
                .any(|(k, v)| k.starts_with("r:") && !ids.contains_key(v));
        }
    });
    found
}

/// Gives drawings and bookmarks of one insertion ids of their own: Word refuses
/// two drawings with one id, and a sub-document may be inserted more than once.
fn fresh_ids(nodes: &mut [Node], host: &mut Host) {
    let mut bookmarks: BTreeMap<String, u32> = BTreeMap::new();
    for n in nodes {
        let Node::Element(e) = n else { continue };
        e.walk_mut(&mut |e| match e.name() {
            "wp:docPr" => {
                host.drawing = host.drawing.wrapping_add(1);
                e.set_attr("id", &host.drawing.to_string());
            }
            "w:bookmarkStart" | "w:bookmarkEnd" => {
                if let Some(id) = e.attr("w:id") {
                    let new = *bookmarks.entry(id).or_insert_with(|| {
                        host.bookmark = host.bookmark.wrapping_add(1);
                        host.bookmark
                    });
                    e.set_attr("w:id", &new.to_string());
                }
            }
            _ => {}
        });
    }
}

/// One part with its sub-documents inserted.
pub struct Inserted {
    /// The part's XML.
    pub part: String,
    /// Pictures to add: (relationship id, target relative to the part, bytes).
    pub pictures: Vec<(String, String, Vec<u8>)>,
    /// External hyperlinks to add: (relationship id, target).
    pub hyperlinks: Vec<(String, String)>,
}

/// Inserts the sub-documents `subs` (number `n` is `subs[n - 1]`) of one part in
/// place of their placeholders; picture extensions go to `added`.
pub fn insert(
    entry: &str,
    part: &str,
    subs: &[SubDoc],
    host: &mut Host,
    added: &mut Added,
    limits: &Limits,
) -> Result<Inserted, RenderError> {
    let mut nodes = xml::parse(part, limits.max_xml_depth)
        .map_err(|e| super::xml_failure(entry.to_string(), entry, e, limits, ""))?;
    let stem = entry
        .rsplit('/')
        .next()
        .unwrap_or(entry)
        .trim_end_matches(".xml")
        .to_string();
    // Each sub-document reconciled once, however often it is inserted.
    let mut ready: BTreeMap<usize, Vec<Node>> = BTreeMap::new();
    let mut pictures = Vec::new();
    let mut hyperlinks = Vec::new();
    let mut declarations: Vec<(String, String)> = Vec::new();
    let mut ignorable: BTreeSet<String> = BTreeSet::new();
    let mut prepare = |n: usize, host: &mut Host| -> Option<Vec<Node>> {
        if let Some(done) = ready.get(&n) {
            // Each insertion counts: a loop inserting one large sub-document many
            // times must stop at the output limit, not fill the memory first.
            let size = subs.get(n.checked_sub(1)?).map_or(0, |s| s.size);
            return host.spend(size).then(|| done.clone());
        }
        let sub = subs.get(n.checked_sub(1)?)?;
        if !host.spend(sub.size) {
            return None;
        }
        let (style_map, num_map) = host.reconcile(sub);
        let mut ids = BTreeMap::new();
        for (k, (old, link)) in sub.links.iter().enumerate() {
            let new = format!("rIdVanbanSub{n}x{}", k + 1);
            match link {
                Link::Picture(ext, bytes) => {
                    let media = format!("media/vanban-{stem}-sub{n}-{}.{ext}", k + 1);
                    pictures.push((new.clone(), media, bytes.clone()));
                    added.extensions.insert(ext.clone());
                }
                Link::Hyperlink(target) => hyperlinks.push((new.clone(), target.clone())),
            }
            ids.insert(old.clone(), new);
        }
        let mut blocks = sub.blocks.clone();
        relink(&mut blocks, &ids);
        for b in blocks.iter_mut() {
            if let Node::Element(e) = b {
                rename_styles(e, &style_map);
                renumber(e, &num_map);
            }
        }
        for (k, v) in &sub.root_attrs {
            if k == "mc:Ignorable" {
                ignorable.extend(v.split_whitespace().map(str::to_string));
            } else {
                declarations.push((k.clone(), v.clone()));
            }
        }
        ready.insert(n, blocks.clone());
        Some(blocks)
    };
    replace_placeholders(
        &mut nodes,
        &mut |n, host_ref: &mut Host| {
            let mut blocks = prepare(n, host_ref).unwrap_or_default();
            fresh_ids(&mut blocks, host_ref);
            blocks
        },
        host,
    );
    if host.over {
        return Err(RenderError::TooLarge {
            part: entry.to_string(),
            limit: limits.max_output_bytes,
        });
    }
    // A mark left where a placeholder was joined to other text.
    strip_marks(&mut nodes);
    // The namespaces the inserted markup uses, declared on the part's root.
    if let Some(root) = xml::root_mut(&mut nodes) {
        let have: BTreeMap<String, String> = root.attrs().into_iter().collect();
        let mut clash = false;
        for (k, v) in &declarations {
            match have.get(k) {
                None => root.set_attr(k, &unescape(v)),
                Some(h) if h != v => clash = true,
                _ => {}
            }
        }
        let have: BTreeMap<String, String> = root.attrs().into_iter().collect();
        // Prefixes Word may ignore must be declared; the template's list gains the
        // sub-document's.
        let declared = |p: &str| have.contains_key(&format!("xmlns:{p}"));
        let mut list: Vec<String> = have
            .get("mc:Ignorable")
            .map(|v| v.split_whitespace().map(str::to_string).collect())
            .unwrap_or_default();
        for p in &ignorable {
            if declared(p) && !list.contains(p) {
                list.push(p.clone());
            }
        }
        if !list.is_empty() && declared("mc") && !clash {
            root.set_attr("mc:Ignorable", &list.join(" "));
        }
        if clash {
            return Err(RenderError::Xml {
                part: entry.to_string(),
                entry: entry.to_string(),
                reason:
                    "a sub-document uses a namespace prefix the template binds to another namespace"
                        .into(),
                limit: None,
            });
        }
    }
    let out = xml::to_string(&nodes);
    xml::check_part(&out, limits.max_xml_depth)
        .map_err(|e| super::xml_failure(format!("rendered {entry}"), entry, e, limits, ""))?;
    Ok(Inserted {
        part: out,
        pictures,
        hyperlinks,
    })
}

fn unescape(v: &str) -> String {
    v.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn strip_marks(nodes: &mut [Node]) {
    for n in nodes {
        match n {
            Node::Text(t) if t.contains(SUBDOC_MARK) => *t = t.replace(SUBDOC_MARK, ""),
            Node::Element(e) => strip_marks(&mut e.children),
            _ => {}
        }
    }
}

/// The number a placeholder paragraph stands for.
fn placeholder_of(p: &Element) -> Option<usize> {
    if p.name() != "w:p" {
        return None;
    }
    let text = p.text();
    let inner = text.strip_prefix(SUBDOC_MARK)?.strip_suffix(SUBDOC_MARK)?;
    inner.parse().ok()
}

/// Replaces every placeholder paragraph with `blocks(n)`; a paragraph ending a
/// section stays (emptied) after them, and a table cell keeps a last paragraph.
fn replace_placeholders(
    nodes: &mut Vec<Node>,
    blocks: &mut dyn FnMut(usize, &mut Host) -> Vec<Node>,
    host: &mut Host,
) {
    let mut i = 0;
    while i < nodes.len() {
        let Node::Element(e) = &mut nodes[i] else {
            i += 1;
            continue;
        };
        if let Some(n) = placeholder_of(e) {
            let mut inserted = blocks(n, host);
            if let Some(section) = e.child("w:pPr").filter(|p| p.child("w:sectPr").is_some()) {
                let mut p = Element::new("w:p");
                p.push(section.clone());
                inserted.push(Node::Element(p));
            }
            let count = inserted.len();
            nodes.splice(i..=i, inserted);
            i += count;
            continue;
        }
        // Paragraphs hold no block (text boxes aside, where no tag is lifted).
        if e.name() != "w:p" {
            replace_placeholders(&mut e.children, blocks, host);
            if e.name() == "w:tc"
                && !matches!(e.elements().last(), Some(last) if last.name() == "w:p")
            {
                e.push(Element::new("w:p"));
            }
        }
        i += 1;
    }
}

/// Whether a rendered part holds a sub-document placeholder.
pub fn has_placeholder(part: &str) -> bool {
    part.contains(SUBDOC_MARK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_inside_the_package_only() {
        let cases = [
            ("media/image1.png", Some("word/media/image1.png")),
            ("/word/media/a.png", Some("word/media/a.png")),
            ("../media/a.png", Some("media/a.png")),
            ("../../a.png", None),
        ];
        for (target, want) in cases {
            assert_eq!(resolve(target).as_deref(), want, "{target}");
        }
    }
}
