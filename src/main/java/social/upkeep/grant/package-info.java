/** Grants: funders, tranches received into the ledger, reporting deadlines, and what was spent from them. */
@NullMarked
package social.upkeep.grant;

import org.jspecify.annotations.NullMarked;
