/** Demo data for the `demo` profile: a clearly labelled made-up server, so a newcomer sees a full page. */
@NullMarked
package social.upkeep.demo;

import org.jspecify.annotations.NullMarked;
