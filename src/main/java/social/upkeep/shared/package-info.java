/** What every module uses: money, encrypted secrets, the clock, error pages. */
@NullMarked
package social.upkeep.shared;

import org.jspecify.annotations.NullMarked;
