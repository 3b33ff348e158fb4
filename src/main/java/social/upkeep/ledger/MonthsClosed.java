package social.upkeep.ledger;

import java.util.List;

/** Months of a server were closed (as "2026-10"), oldest first: their figures are final and may be reported. */
public record MonthsClosed(long instanceId, List<String> months) {
}
