
@NullMarked
package social.upkeep.notification.internal;

import org.jspecify.annotations.NullMarked;
