@NullMarked
package social.upkeep.privacy.internal;

import org.jspecify.annotations.NullMarked;
