/** The append-only money entries of each server, their monthly totals and the month close. */
@NullMarked
package social.upkeep.ledger;

import org.jspecify.annotations.NullMarked;
