/**
 * The membership lifecycle and the entitlement it implies. Entitlement is a pure function of the membership's
 * terms, the server's grace settings and the clock, so role sync, pages and mail all agree on it.
 */
@NullMarked
package social.upkeep.membership;

import org.jspecify.annotations.NullMarked;
