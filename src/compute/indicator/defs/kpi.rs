//! The ten key performance indicators the YJB has collected each quarter since April 2023, as
//! built-in definitions: takes nothing, gives [`KPIS`]. Each is a percentage: a `count` of children
//! (or attendances, or victims) out of a total (`out_of`), shown to the nearest whole per cent.
//!
//! The YJB's guidance defines each measure in more detail than a plan prints. The numerator and
//! denominator below are the reading most plans print; where the exact definition is not certain
//! docs/format.md says so, and the author can give the published figure as `value` instead.

use super::{Indicator, Measure, UnitKind};

/// A percentage KPI: `count` out of `out_of`, times 100, no decimal places.
const fn kpi(
    id: &'static str,
    name: &'static str,
    caption: &'static str,
    unit: &'static str,
) -> Indicator {
    Indicator {
        id,
        name,
        caption,
        unit,
        unit_kind: UnitKind::Percent,
        numerator: Measure::Count,
        denominator: Measure::OutOf,
        multiplier: 100,
        decimals: 0,
    }
}

/// The ten KPIs, in the YJB's order.
pub const KPIS: [Indicator; 10] = [
    kpi(
        "kpi-accommodation",
        "suitable accommodation (KPI 1)",
        "Children in suitable accommodation at the end of their order",
        "% of children whose order ended",
    ),
    kpi(
        "kpi-ete",
        "education, training and employment (KPI 2)",
        "Children in suitable education, training or employment at the end of their order",
        "% of children whose order ended",
    ),
    kpi(
        "kpi-send",
        "special educational needs and disabilities or additional learning needs (KPI 3)",
        "Children with SEND or ALN who have a formal plan",
        "% of children with identified SEND or ALN",
    ),
    kpi(
        "kpi-mental-health",
        "mental health care and emotional wellbeing (KPI 4)",
        "Children with a mental health or emotional wellbeing need receiving support",
        "% of children with an identified need",
    ),
    kpi(
        "kpi-substance-misuse",
        "substance misuse (KPI 5)",
        "Children with a substance misuse need receiving treatment",
        "% of children with an identified need",
    ),
    kpi(
        "kpi-oocd",
        "out-of-court disposals (KPI 6)",
        "Out-of-court disposal interventions completed",
        "% of interventions that ended",
    ),
    kpi(
        "kpi-wider-services",
        "links to wider services (KPI 7)",
        "Children with links to wider services (early help, child in need, child protection or care)",
        "% of children whose order ended",
    ),
    kpi(
        "kpi-board-attendance",
        "management board attendance (KPI 8)",
        "Attendance of senior partners at management board meetings",
        "% of expected attendances",
    ),
    kpi(
        "kpi-serious-violence",
        "serious violence (KPI 9)",
        "Children on the caseload with a proven serious violence offence",
        "% of children on the caseload",
    ),
    kpi(
        "kpi-victims",
        "victims (KPI 10)",
        "Victims who were offered information and the chance to take part in restorative justice",
        "% of victims who agreed to be contacted",
    ),
];
