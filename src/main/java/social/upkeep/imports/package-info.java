/**
 * Bringing history from the platforms operators use today: the CSV exports of Open Collective, Liberapay, Patreon
 * and Ko-fi, and any CSV with a column mapping, read into a preview and booked into the ledger only when the
 * operator confirms; each row once, however often it is imported, and never into a closed month.
 */
@NullMarked
package social.upkeep.imports;

import org.jspecify.annotations.NullMarked;
