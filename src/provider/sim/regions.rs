//! Region names and Azure's region pairs, as the simulator needs them.

/// ARM's canonical form of a location: "West Europe" ≡ "westeurope".
pub fn normalize(location: &str) -> String {
    location.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

/// Pairs that hold in both directions (docs `reliability/cross-region-replication-azure.md`).
const PAIRS: &[(&str, &str)] = &[
    ("eastus", "westus"),
    ("eastus2", "centralus"),
    ("northcentralus", "southcentralus"),
    ("westus2", "westcentralus"),
    ("northeurope", "westeurope"),
    ("eastasia", "southeastasia"),
    ("australiaeast", "australiasoutheast"),
    ("australiacentral", "australiacentral2"),
    ("canadacentral", "canadaeast"),
    ("centralindia", "southindia"),
    ("japaneast", "japanwest"),
    ("koreacentral", "koreasouth"),
    ("uksouth", "ukwest"),
    ("francecentral", "francesouth"),
    ("germanywestcentral", "germanynorth"),
    ("norwayeast", "norwaywest"),
    ("swedencentral", "swedensouth"),
    ("switzerlandnorth", "switzerlandwest"),
    ("uaenorth", "uaecentral"),
    ("southafricanorth", "southafricawest"),
];

/// Asymmetric pairs: the left region replicates to the right one, not back.
const ONE_WAY: &[(&str, &str)] =
    &[("westus3", "eastus"), ("westindia", "southindia"), ("brazilsouth", "southcentralus"), ("brazilsoutheast", "brazilsouth")];

/// The region `location` replicates to, if Azure pairs it with one.
pub fn paired(location: &str) -> Option<&'static str> {
    let loc = normalize(location);
    let one_way = ONE_WAY.iter().find(|(a, _)| *a == loc).map(|(_, b)| *b);
    one_way.or_else(|| {
        PAIRS.iter().find_map(|&(a, b)| {
            if a == loc {
                Some(b)
            } else if b == loc {
                Some(a)
            } else {
                None
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_follow_azure() {
        assert_eq!(normalize("West Europe"), "westeurope");
        assert_eq!(paired("West Europe"), Some("northeurope"));
        assert_eq!(paired("northeurope"), Some("westeurope"));
        assert_eq!(paired("westus3"), Some("eastus"));
        assert_eq!(paired("eastus"), Some("westus"));
        assert_eq!(paired("polandcentral"), None);
    }
}
