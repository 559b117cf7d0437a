//! The template engine: fills a .docx made in Word or LibreOffice with Tera tags.
//!
//! Works at the level of the package's XML (zip + XML events): normalises the runs
//! Word splits tags across, lifts the structural tags (`{%p %}`, `{%tr %}`, `{%tc %}`,
//! `{%r %}`) to the element that holds them, renders with Tera and writes the parts
//! back. Parts without tags are copied untouched. Pure: bytes in, bytes out; it never
//! touches the file system, the clock or the environment.
