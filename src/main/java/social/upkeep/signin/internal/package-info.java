/** How sign-in works inside. */
@NullMarked
package social.upkeep.signin.internal;

import org.jspecify.annotations.NullMarked;
