//! The sample campaign (`samples/dan-van-2017/`), embedded so `vanban init` and
//! `vanban demo` work from any folder. It reproduces the reference plan of 2017.

/// The sample's files: name relative to the campaign folder, and content.
pub const FILES: &[(&str, &str)] = &[
    (
        "campaign.json",
        include_str!("../../samples/dan-van-2017/campaign.json"),
    ),
    (
        "ke-hoach.txt",
        include_str!("../../samples/dan-van-2017/ke-hoach.txt"),
    ),
    (
        "bao-cao.txt",
        include_str!("../../samples/dan-van-2017/bao-cao.txt"),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::campaign::{Campaign, plan};

    #[test]
    fn sample_campaign_parses_and_its_plan_outline_is_sound() {
        let campaign = Campaign::from_json("campaign.json", FILES[0].1).unwrap();
        assert_eq!(campaign.reporting.units.len(), 40);
        assert!(campaign.reporting.indicators.len() >= 10);
        let groups: std::collections::BTreeSet<&str> = campaign
            .reporting
            .units
            .iter()
            .map(|u| u.group.as_str())
            .collect();
        assert_eq!(groups.len(), 4, "{groups:?}");
        // The Tera expressions are rendered by the engine in the CLI tests; here the
        // outline without them must already parse.
        let body = FILES[1].1;
        assert!(plan::body_paragraphs("ke-hoach.txt", body).is_ok());
    }
}
